"""The shape of a line's configuration and roster, from a form, the API or a session."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, field_validator

from shop.catalog.models import View
from shop.core.schema import Schema, one_of, safe_text

MAX_COLORS = 12
# One roster row per piece; a line holds at most this many pieces.
MAX_ROSTER = 500
NUMBER_PATTERN = r"^[0-9]{0,3}$"


HEX_COLOR = r"^#[0-9a-f]{6}$"
DESIGN_HASH = r"^[0-9a-f]{64}$"


class AreaChoice(Schema):
    view: Annotated[safe_text(), one_of(View.values, "view")]
    technique: safe_text(40, blank=True) = ""
    colors: Annotated[int, Field(ge=1, le=MAX_COLORS)] = 1
    # Text colors with a surcharge (special inks) used in this area, by hex.
    specials: Annotated[
        list[Annotated[str, Field(pattern=HEX_COLOR)]], Field(max_length=MAX_COLORS)
    ] = []


class Configuration(Schema):
    """Which print areas a line decorates and how; empty for a blank product."""

    areas: Annotated[list[AreaChoice], Field(max_length=len(View.values))] = []
    # The frozen design (shop.designer.models.DesignSnapshot) this line prints.
    design: Annotated[str, Field(pattern=DESIGN_HASH)] | None = None

    @field_validator("areas")
    @classmethod
    def _views_once(cls, areas: list[AreaChoice]) -> list[AreaChoice]:
        views = [a.view for a in areas]
        if len(set(views)) != len(views):
            raise ValueError("each view may be decorated once")
        return areas

    def as_data(self) -> dict:
        areas = []
        for area in self.areas:
            data = area.model_dump()
            if not data["specials"]:
                del data["specials"]
            areas.append(data)
        data = {"areas": areas}
        if self.design:
            data["design"] = self.design
        return data


class RosterPiece(Schema):
    """One piece of a team order: its size and an optional name and number."""

    size: safe_text(20)
    name: safe_text(24, blank=True) = ""
    number: Annotated[str, Field(pattern=NUMBER_PATTERN)] = ""


class Roster(Schema):
    pieces: Annotated[list[RosterPiece], Field(max_length=MAX_ROSTER)]
