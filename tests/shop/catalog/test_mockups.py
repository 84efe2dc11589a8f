"""Shop mockups show the garment only: the print area is drawn by the designer."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from shop.catalog.mockups import SIZE, mockup_png


# The shapes whose body is plain where the seed's front print areas were outlined.
@pytest.mark.parametrize("shape", ["tshirt", "longsleeve", "mug"])
def test_a_mockup_carries_no_print_area_rectangle(shape):
    image = Image.open(
        io.BytesIO(mockup_png(shape=shape, hex_code="#ffffff", view="front"))
    )
    # Along the old rectangle's top edge (32 % from the left, 22 % from the top, 36 %
    # wide) the garment is one plain colour: no outline crosses it.
    y = int(SIZE * 0.22)
    band = {
        image.getpixel((x, row))
        for row in range(y - 4, y + 5)
        for x in range(int(SIZE * 0.34), int(SIZE * 0.66))
    }
    assert len(band) == 1, (shape, band)
