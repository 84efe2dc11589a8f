"""Sizes of design objects in millimetres, shared by the checks and the renderer.

Text is measured with the font's own advance widths (the file the browser uses)
and Fabric.js's line metrics (``_fontSizeMult`` 1.13, ``lineHeight`` 1.16,
``_fontSizeFraction`` 0.222), so the server's box is the browser's to within
kerning. Curved text follows a circle arc whose length is the text's width.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from shop.designer.fonts import FontInfo, font_metrics
from shop.designer.schema import TextObject

FONT_SIZE_MULT = 1.13
LINE_HEIGHT = 1.16
FONT_SIZE_FRACTION = 0.222


@dataclass(frozen=True)
class TextLayout:
    lines: tuple[str, ...]
    line_widths: tuple[float, ...]
    width: float
    height: float
    # Baseline of each line from the object's top edge.
    baselines: tuple[float, ...]


def text_layout(obj: TextObject, font: FontInfo) -> TextLayout:
    upm, advances, fallback = font_metrics(font)
    size = obj.fontSize
    lines = tuple(obj.text.split("\n"))
    widths = tuple(
        sum(advances.get(ch, fallback) for ch in line) * size / upm for line in lines
    )
    line_box = size * FONT_SIZE_MULT * LINE_HEIGHT
    first = size * FONT_SIZE_MULT
    height = line_box * (len(lines) - 1) + first
    baselines = tuple(
        first * (1 - FONT_SIZE_FRACTION) + i * line_box for i in range(len(lines))
    )
    return TextLayout(lines, widths, max(widths), height, baselines)


@dataclass(frozen=True)
class Arc:
    """A circle arc for curved text, centred on its bounding box."""

    radius: float
    start: tuple[float, float]
    end: tuple[float, float]
    large: int
    sweep: int
    width: float
    height: float

    def path(self) -> str:
        (x0, y0), (x1, y1), r = self.start, self.end, self.radius
        return (
            f"M {x0:.3f} {y0:.3f} A {r:.3f} {r:.3f} 0 {self.large} {self.sweep} "
            f"{x1:.3f} {y1:.3f}"
        )


def text_arc(length: float, degrees: int) -> Arc:
    """The arc a text of ``length`` mm follows when curved by ``degrees``: up
    (over the top of a circle) when positive, down (under it) when negative."""
    theta = math.radians(abs(degrees))
    radius = max(length, 0.001) / theta
    middle = -90.0 if degrees > 0 else 90.0
    half = abs(degrees) / 2
    a0, a1 = (
        (middle - half, middle + half)
        if degrees > 0
        else (middle + half, middle - half)
    )
    samples = [a0 + (a1 - a0) * i / 64 for i in range(65)]
    points = [
        (radius * math.cos(math.radians(a)), radius * math.sin(math.radians(a)))
        for a in samples
    ]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    start = (points[0][0] - cx, points[0][1] - cy)
    end = (points[-1][0] - cx, points[-1][1] - cy)
    return Arc(
        radius,
        start,
        end,
        1 if abs(degrees) > 180 else 0,
        1 if degrees > 0 else 0,
        max(xs) - min(xs),
        max(ys) - min(ys),
    )


def half_extents(width: float, height: float, angle: float) -> tuple[float, float]:
    """Half the width and height of the box around a rotated width x height box."""
    a = math.radians(angle)
    c, s = abs(math.cos(a)), abs(math.sin(a))
    return (c * width + s * height) / 2, (s * width + c * height) / 2


def text_box(obj: TextObject, font: FontInfo) -> tuple[float, float]:
    """The unrotated size (mm) of a text object, scale and outline included."""
    layout = text_layout(obj, font)
    if obj.arc:
        # Fabric sizes text on a path by the path's box, as here.
        arc = text_arc(layout.width, obj.arc)
        width, height = arc.width, arc.height
    else:
        width, height = layout.width, layout.height
    width += obj.strokeWidth
    height += obj.strokeWidth
    return width * obj.scaleX, height * obj.scaleY
