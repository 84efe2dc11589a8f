"""A size guide's table as rows of text, the form the catalog file carries.

The file holds a guide's table as ``rows``: the first row names the measurements,
each further row is one size, its first cell the size's name. Stored, that is one
``TableBlock`` value of ``SizeGuide.table`` with the first row and the first column as
headers, the same value the editor saves for "Display the first row AND first column
as headers", so the product page renders it and the editor opens it unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass

from shop.catalog.models import SizeGuide


@dataclass(frozen=True)
class GuideTable:
    """One table of a guide as the file sees it: its cells and which are headers."""

    rows: list[list[str]]
    first_row_is_header: bool = True
    first_col_is_header: bool = True


def size_guide_table_value(*, rows: list[list[str]]) -> list[tuple[str, dict]]:
    """The ``SizeGuide.table`` value for ``rows`` (a header row, then one per size)."""
    return [
        (
            "table",
            {
                "data": [list(row) for row in rows],
                "cell": [],
                "mergeCells": [],
                "first_row_is_table_header": True,
                "first_col_is_header": True,
                "table_header_choice": "both",
                "table_caption": "",
            },
        )
    ]


def size_guide_tables(*, guide: SizeGuide) -> list[GuideTable]:
    """The guide's tables as text rows; an empty cell (stored as null) is ``""``.

    What the file can say about a table: its cells and header flags; alignment, merged
    cells and a caption set in the editor are not part of it.
    """
    tables = []
    for block in guide.table:
        value = block.value or {}
        tables.append(
            GuideTable(
                rows=[
                    ["" if cell is None else str(cell) for cell in row or []]
                    for row in value.get("data") or []
                ],
                first_row_is_header=bool(value.get("first_row_is_table_header")),
                first_col_is_header=bool(value.get("first_col_is_header")),
            )
        )
    return tables
