"""What a design document may hold: the subset of Fabric.js JSON the designer
writes, one list of objects per view.

Coordinates are millimetres in the view's print area (its top-left corner is 0, 0)
and objects are placed by their centre (Fabric's ``originX``/``originY`` "center"),
so the server never needs the browser's screen size. Shape, types and ranges are
checked here; references (fonts, colors, image sources, ownership), the print area
and print quality are checked in ``validation.py`` against the library.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field, field_validator

from shop.catalog.models import View
from shop.core.schema import Schema, json_load, rich_text, validate
from shop.pricing.schema import HEX_COLOR

MAX_BYTES = 256 * 1024
MAX_DEPTH = 6
MAX_OBJECTS = 40
MAX_TEXT = 200
MAX_LINES = 6
MIN_ARC = 10
SLUG = r"^[a-z0-9][a-z0-9-]{0,39}$"
UPLOAD_SRC = re.compile(r"^/design/uploads/([0-9a-f]{32})/$")
CLIPART_SRC = re.compile(r"^/design/clipart/([0-9]{1,9})/svg/$")
ASSET_SRC = re.compile(r"^/design/assets/([0-9a-f]{64})/$")


def _number(value: Any) -> Any:
    # json_load gives int for whole numbers and Decimal for the rest; a float
    # (from code) or a bool is refused by the strict float field below.
    if isinstance(value, Decimal) or (
        isinstance(value, int) and not isinstance(value, bool)
    ):
        return float(value)
    return value


def number(low: float, high: float) -> Any:
    """A finite number from ``low`` to ``high``, kept to 3 decimals."""
    return Annotated[
        float,
        BeforeValidator(_number),
        Field(ge=low, le=high, allow_inf_nan=False),
        AfterValidator(lambda v: round(v, 3)),
    ]


Coordinate = number(-2000, 2000)
Scale = number(0.005, 200)
Angle = number(-360, 360)


class Placed(Schema):
    left: Coordinate
    top: Coordinate
    scaleX: Scale = 1.0
    scaleY: Scale = 1.0
    angle: Angle = 0.0
    flipX: bool = False
    flipY: bool = False
    originX: Literal["center"] = "center"
    originY: Literal["center"] = "center"


class TextObject(Placed):
    type: Literal["IText"]
    text: rich_text(MAX_TEXT, blank=False)
    fontFamily: Annotated[str, Field(pattern=SLUG)]
    fontSize: number(2, 400)
    fill: Annotated[str, Field(pattern=HEX_COLOR)]
    stroke: Annotated[str, Field(pattern=HEX_COLOR)] | None = None
    strokeWidth: number(0, 20) = 0.0
    textAlign: Literal["left", "center", "right"] = "center"
    # Curved text: the angle (degrees) of the circle arc the text follows; 0 is
    # straight, positive arches up, negative curves down.
    arc: Annotated[int, Field(ge=-300, le=300)] = 0

    @field_validator("text")
    @classmethod
    def _lines(cls, text: str) -> str:
        if "\t" in text:
            raise ValueError("text must not hold tabs")
        if text.count("\n") >= MAX_LINES:
            raise ValueError(f"text may have at most {MAX_LINES} lines")
        return text

    @field_validator("arc")
    @classmethod
    def _arc(cls, arc: int, info) -> int:
        if arc and abs(arc) < MIN_ARC:
            raise ValueError(f"a curve is 0 (straight) or at least {MIN_ARC} degrees")
        if arc and "\n" in info.data.get("text", ""):
            raise ValueError("curved text must be one line")
        return arc


class ImageObject(Placed):
    type: Literal["Image"]
    src: Annotated[str, Field(max_length=120)]
    width: Annotated[int, Field(ge=1, le=20000)]
    height: Annotated[int, Field(ge=1, le=20000)]

    @field_validator("src")
    @classmethod
    def _source(cls, src: str) -> str:
        if not any(p.match(src) for p in (UPLOAD_SRC, CLIPART_SRC, ASSET_SRC)):
            raise ValueError(
                "an image must be one of your uploads or from the clipart library"
            )
        return src


DesignObject = Annotated[TextObject | ImageObject, Field(discriminator="type")]


class ViewDesign(Schema):
    objects: Annotated[list[DesignObject], Field(max_length=MAX_OBJECTS)] = []


class DesignDocument(Schema):
    views: dict[Literal["front", "back", "left", "right"], ViewDesign]

    @field_validator("views")
    @classmethod
    def _known(cls, views: dict) -> dict:
        # Literal keeps the keys to View's values; ordered as View lists them.
        return {v: views[v] for v in View.values if v in views}

    def as_data(self) -> dict:
        """The canonical JSON: defaults written out, views in View order."""
        return self.model_dump(mode="json")

    def used_views(self) -> list[str]:
        return [v for v, d in self.views.items() if d.objects]


def document_parse(raw: bytes | str | dict) -> DesignDocument:
    """A document from the request body (bytes) or stored data (dict); a
    SchemaError with every problem, located, otherwise."""
    data = (
        raw
        if isinstance(raw, dict)
        else json_load(
            raw,
            max_bytes=MAX_BYTES,
            max_depth=MAX_DEPTH,
            what="The design",
            multiline_keys=("text",),
        )
    )
    return validate(DesignDocument, data, where="design")
