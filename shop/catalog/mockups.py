"""Product mockups drawn by the project (seed catalog, tests): no stock photos needed.

Each shape is a simple flat silhouette in the garment's colour, drawn per view. The
print area is not drawn: the designer draws it over the mockup, so product photos
and galleries show the garment as it is.
"""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

SIZE = 800
SHAPES = ("tshirt", "hoodie", "longsleeve", "mug", "tote", "cap")


def _hex_to_rgb(hex_code: str) -> tuple[int, int, int]:
    value = hex_code.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _shade(rgb: tuple[int, int, int], factor: float) -> tuple[int, int, int]:
    return tuple(max(0, min(255, round(c * factor))) for c in rgb)  # type: ignore[return-value]


def _outline(rgb: tuple[int, int, int]) -> tuple[int, int, int]:
    light = sum(rgb) / 3 > 140
    return _shade(rgb, 0.72) if light else tuple(min(255, c + 60) for c in rgb)  # type: ignore[return-value]


def _garment(
    draw: ImageDraw.ImageDraw, fill, line, view: str, sleeves: str, hood: bool
):
    s = SIZE
    if view in ("left", "right"):
        body = [
            (s * 0.36, s * 0.18),
            (s * 0.64, s * 0.18),
            (s * 0.66, s * 0.92),
            (s * 0.34, s * 0.92),
        ]
        draw.polygon(body, fill=fill, outline=line, width=4)
        sleeve_x = s * 0.40 if view == "left" else s * 0.42
        draw.rounded_rectangle(
            [
                sleeve_x,
                s * 0.22,
                sleeve_x + s * 0.18,
                s * (0.70 if sleeves == "long" else 0.44),
            ],
            radius=24,
            fill=_shade(fill, 0.92),
            outline=line,
            width=4,
        )
        if hood:
            draw.ellipse(
                [s * 0.34, s * 0.04, s * 0.62, s * 0.30],
                fill=fill,
                outline=line,
                width=4,
            )
        return
    sleeve_end = 0.78 if sleeves == "long" else 0.40
    left_sleeve = [
        (s * 0.30, s * 0.16),
        (s * 0.08, s * (sleeve_end - 0.08)),
        (s * 0.18, s * sleeve_end),
        (s * 0.30, s * 0.36),
    ]
    right_sleeve = [(s - x, y) for x, y in left_sleeve]
    draw.polygon(left_sleeve, fill=_shade(fill, 0.94), outline=line, width=4)
    draw.polygon(right_sleeve, fill=_shade(fill, 0.94), outline=line, width=4)
    body = [
        (s * 0.30, s * 0.14),
        (s * 0.40, s * 0.10),
        (s * 0.60, s * 0.10),
        (s * 0.70, s * 0.14),
        (s * 0.72, s * 0.94),
        (s * 0.28, s * 0.94),
    ]
    draw.polygon(body, fill=fill, outline=line, width=4)
    if hood:
        draw.ellipse(
            [s * 0.36, s * 0.00, s * 0.64, s * 0.22],
            fill=_shade(fill, 0.9),
            outline=line,
            width=4,
        )
        if view == "front":
            draw.rounded_rectangle(
                [s * 0.38, s * 0.62, s * 0.62, s * 0.78],
                radius=18,
                outline=line,
                width=4,
            )
    elif view == "front":
        draw.arc([s * 0.42, s * 0.04, s * 0.58, s * 0.18], 0, 180, fill=line, width=5)
    else:
        draw.line([(s * 0.42, s * 0.11), (s * 0.58, s * 0.11)], fill=line, width=5)


def _mug(draw: ImageDraw.ImageDraw, fill, line, view: str):
    s = SIZE
    draw.rounded_rectangle(
        [s * 0.24, s * 0.22, s * 0.70, s * 0.84],
        radius=30,
        fill=fill,
        outline=line,
        width=5,
    )
    if view == "right":
        draw.arc([s * 0.62, s * 0.34, s * 0.86, s * 0.68], 270, 90, fill=line, width=22)
    elif view == "left":
        draw.arc([s * 0.08, s * 0.34, s * 0.32, s * 0.68], 90, 270, fill=line, width=22)
    draw.ellipse(
        [s * 0.24, s * 0.18, s * 0.70, s * 0.26],
        fill=_shade(fill, 0.8),
        outline=line,
        width=4,
    )


def _tote(draw: ImageDraw.ImageDraw, fill, line, view: str):
    s = SIZE
    draw.arc([s * 0.34, s * 0.06, s * 0.66, s * 0.40], 180, 360, fill=line, width=14)
    draw.rectangle(
        [s * 0.20, s * 0.22, s * 0.80, s * 0.94], fill=fill, outline=line, width=5
    )


def _cap(draw: ImageDraw.ImageDraw, fill, line, view: str):
    s = SIZE
    draw.chord(
        [s * 0.20, s * 0.20, s * 0.80, s * 0.80],
        180,
        360,
        fill=fill,
        outline=line,
        width=5,
    )
    draw.rounded_rectangle(
        [s * 0.14, s * 0.48, s * 0.86, s * 0.58],
        radius=20,
        fill=_shade(fill, 0.85),
        outline=line,
        width=4,
    )


def mockup_png(*, shape: str, hex_code: str, view: str) -> bytes:
    """A PNG mockup of a shape in a colour, seen from one view."""
    if shape not in SHAPES:
        raise ValueError(
            f"Unknown mockup shape {shape!r}; use one of {', '.join(SHAPES)}."
        )
    fill = _hex_to_rgb(hex_code)
    line = _outline(fill)
    image = Image.new("RGB", (SIZE, SIZE), (244, 243, 240))
    draw = ImageDraw.Draw(image)
    if shape == "mug":
        _mug(draw, fill, line, view)
    elif shape == "tote":
        _tote(draw, fill, line, view)
    elif shape == "cap":
        _cap(draw, fill, line, view)
    else:
        _garment(
            draw,
            fill,
            line,
            view,
            "long" if shape != "tshirt" else "short",
            hood=shape == "hoodie",
        )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
