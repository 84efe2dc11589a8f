"""Where the renderer puts the print area on a mockup: the designer's placement."""

from __future__ import annotations

import pytest

from shop.designer.render import area_placement
from shop.designer.selectors import AreaSpec


@pytest.mark.parametrize(
    ("percent", "mm", "expected"),
    [
        # The seed's T-shirt front: a 36 x 42 % rectangle for 300 x 400 mm is wider
        # than the real area, which is centred across it, full height.
        ((32, 22, 36, 42), (300, 400), (274.0, 176.0, 0.84)),
        # A mug's wide area in a tall rectangle: full width, centred down it.
        ((10, 10, 80, 80), (200, 100), (80.0, 240.0, 3.2)),
        ((25, 25, 50, 50), (100, 100), (200.0, 200.0, 4.0)),
    ],
)
def test_the_print_area_is_fitted_into_its_rectangle_and_centred(percent, mm, expected):
    left, top, width, height = percent
    area = AreaSpec("front", "Front", left, top, width, height, *mm)

    x, y, scale = area_placement(area, 800, 800)

    assert (round(x, 3), round(y, 3), round(scale, 3)) == expected
    assert x >= 800 * left / 100 and y >= 800 * top / 100
    assert x + mm[0] * scale <= 800 * (left + width) / 100 + 1e-9
    assert y + mm[1] * scale <= 800 * (top + height) / 100 + 1e-9
