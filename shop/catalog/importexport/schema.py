"""The catalog file's shape, written once: the import validates a file with these
models and the export writes its data through them (``model_dump``).

Rules come from the catalog's models where they exist: lengths from the columns,
the SKU and hex color validators, the views of ``View``, the shapes of the mockups;
prices follow the product editor (``PRICE_MAX``; more than 0, a print area may be
free). Rules across entries (references, unique SKUs, images on disk) are checked
in ``checks`` once the shape is right.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from django.core.validators import validate_unicode_slug
from pydantic import Field, field_validator, model_serializer, model_validator
from pydantic_core import PydanticCustomError
from wagtail.models import Page

from shop.catalog.mockups import SHAPES
from shop.catalog.models import (
    HEX_COLOR_VALIDATOR,
    SKU_VALIDATOR,
    STOCK_MAX,
    CategoryPage,
    ProductColor,
    ProductPage,
    ProductSize,
    ProductVariant,
    SizeGuide,
    View,
)
from shop.core.forms import PRICE_MAX
from shop.core.schema import (
    Schema,
    amount,
    django_validated,
    one_of,
    rich_text,
    safe_text,
    show,
)

MAX_PATH_LENGTH = 1024
# A size guide's table: a header row and one row per size, a few measurements wide;
# each cell one short line, as the product page shows it.
SIZE_GUIDE_MAX_ROWS = 30
SIZE_GUIDE_MAX_COLUMNS = 12
SIZE_GUIDE_CELL_LENGTH = 100
VIEWS = ", ".join(View.values)


def _length(model: type, field: str) -> int:
    """The column's length: the file is held to what the database stores."""
    return model._meta.get_field(field).max_length


Slug = Annotated[
    safe_text(_length(Page, "slug")),
    django_validated(
        validate_unicode_slug, "“{value}” is not a slug (letters, digits, - and _)."
    ),
]
Title = safe_text(_length(Page, "title"))
HexColor = Annotated[
    safe_text(_length(ProductColor, "hex_code")),
    django_validated(
        HEX_COLOR_VALIDATOR, "“{value}” is not a hex color such as #1a2b3c.", lower=True
    ),
]
Sku = Annotated[
    safe_text(_length(ProductVariant, "sku")),
    django_validated(
        SKU_VALIDATOR,
        "“{value}” is not a SKU (2-63 capital letters, digits and dashes).",
    ),
]
ViewName = Annotated[safe_text(), one_of(View.values, "view")]
Shape = Annotated[safe_text(), one_of(SHAPES, "shape")]
# The editor's PriceField: more than 0 and at most PRICE_MAX; a print area may be free.
Price = amount(high=PRICE_MAX, above_low=True)
ExtraPrice = amount(high=PRICE_MAX)
Percent = amount(high=Decimal("100"), what="percentage")
Millimetres = Annotated[int, Field(ge=1, le=100_000)]
Units = Annotated[int, Field(ge=0, le=STOCK_MAX)]  # as the stock grid
PerPage = Annotated[int, Field(ge=1, le=32767)]  # a PositiveSmallIntegerField


class _Compact(Schema):
    """Written without the keys left out (``null`` is not a value here)."""

    @model_serializer(mode="wrap")
    def _without_none(self, handler):
        return {k: v for k, v in handler(self).items() if v is not None}


class GeneratedImage(_Compact):
    shape: Shape
    view: ViewName | None = None  # default: the key of the image
    hex: HexColor | None = None  # default: the color's hex


class ImageRef(_Compact):
    file: safe_text(MAX_PATH_LENGTH) | None = None
    generate: GeneratedImage | None = None

    @model_validator(mode="after")
    def _one_source(self) -> ImageRef:
        if (self.file is None) == (self.generate is None):
            raise PydanticCustomError(
                "image_source",
                "must be {form}.",
                {"form": '{"file": "images/x.png"} or {"generate": {"shape": ...}}'},
            )
        return self


class CategoryEntry(Schema):
    slug: Slug
    title: Title
    parent: Slug | None  # required; null: directly under the site's home page
    intro: rich_text() = ""
    products_per_page: PerPage = CategoryPage._meta.get_field(
        "products_per_page"
    ).default
    show_in_menus: bool = True
    image: ImageRef | None = None


class ColorEntry(Schema):
    name: safe_text(_length(ProductColor, "name"))
    hex: HexColor
    images: dict[str, ImageRef]

    @field_validator("images", mode="before")
    @classmethod
    def _views(cls, value):
        if isinstance(value, dict):
            for view in value:
                if view not in View.values:
                    raise PydanticCustomError(
                        "view",
                        "unknown view “{view}”; use one of {views}.",
                        {"view": show(view), "views": VIEWS},
                    )
            if View.FRONT not in value:
                raise PydanticCustomError("front", "a front image is required.")
        return value


class VariantEntry(Schema):
    sku: Sku
    color: safe_text(_length(ProductVariant, "color"))
    size: safe_text(_length(ProductVariant, "size"))
    price: Price | None = None  # default: the product's base price


class PrintAreaEntry(Schema):
    view: ViewName
    left: Percent
    top: Percent
    width: Percent
    height: Percent
    width_mm: Millimetres
    height_mm: Millimetres
    price: ExtraPrice = Decimal("0.00")

    @model_validator(mode="after")
    def _inside(self) -> PrintAreaEntry:
        if self.width <= 0 or self.height <= 0:
            raise PydanticCustomError("area", "width and height must be above 0.")
        if self.left + self.width > 100 or self.top + self.height > 100:
            raise PydanticCustomError(
                "area",
                "the rectangle reaches outside the mockup "
                "(left + width and top + height must be at most 100).",
            )
        return self


GuideName = safe_text(_length(SizeGuide, "name"))
Cell = safe_text(SIZE_GUIDE_CELL_LENGTH, blank=True)


class SizeGuideEntry(Schema):
    name: GuideName
    intro: safe_text(_length(SizeGuide, "intro"), blank=True) = ""
    # The first row names the measurements, the first column the sizes.
    rows: Annotated[
        list[
            Annotated[
                list[Cell], Field(min_length=1, max_length=SIZE_GUIDE_MAX_COLUMNS)
            ]
        ],
        Field(min_length=2, max_length=SIZE_GUIDE_MAX_ROWS),
    ]

    @field_validator("rows")
    @classmethod
    def _rectangular(cls, rows: list[list[str]]) -> list[list[str]]:
        width = len(rows[0])
        for index, row in enumerate(rows):
            if len(row) != width:
                raise PydanticCustomError(
                    "ragged",
                    "rows[{index}] has {count} cells and rows[0] {width}; "
                    "every row needs as many cells as the first.",
                    {"index": index, "count": len(row), "width": width},
                )
        return rows


class ProductEntry(Schema):
    slug: Slug
    category: Slug
    title: Title
    summary: safe_text(_length(ProductPage, "summary"), blank=True) = ""
    description: rich_text() = ""
    material: safe_text(_length(ProductPage, "material"), blank=True) = ""
    base_price: Price
    name_price: ExtraPrice = Decimal("0.00")
    number_price: ExtraPrice = Decimal("0.00")
    is_featured: bool = False
    colors: Annotated[list[ColorEntry], Field(min_length=1)]
    sizes: Annotated[list[safe_text(_length(ProductSize, "name"))], Field(min_length=1)]
    variants: list[VariantEntry] = []
    print_areas: list[PrintAreaEntry] = []
    size_guide: GuideName | None = None  # the name of a guide in the file or the shop

    @field_validator("colors")
    @classmethod
    def _distinct_colors(cls, colors: list[ColorEntry]) -> list[ColorEntry]:
        _refuse_repeats([c.name for c in colors], "the color “{name}” is listed twice.")
        return colors

    @field_validator("sizes")
    @classmethod
    def _distinct_sizes(cls, sizes: list[str]) -> list[str]:
        _refuse_repeats(sizes, "the size “{name}” is listed twice.")
        return sizes

    @field_validator("print_areas")
    @classmethod
    def _one_per_view(cls, areas: list[PrintAreaEntry]) -> list[PrintAreaEntry]:
        _refuse_repeats(
            [a.view for a in areas], "a second print area for the {name} view."
        )
        return areas


def _refuse_repeats(names: list[str], message: str) -> None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise PydanticCustomError("repeated", message, {"name": show(name)})
        seen.add(name)


class CatalogFile(Schema):
    version: int
    currency: safe_text(3) | None = None  # absent in old files: the shop's currency
    categories: list[CategoryEntry] = []
    size_guides: list[SizeGuideEntry] = []
    products: list[ProductEntry] = []
    stock: dict[str, Units] = {}


# Per list, the key that names an entry in a problem's location.
LABELS = {
    "categories": "slug",
    "size_guides": "name",
    "products": "slug",
    "variants": "sku",
    "colors": "name",
}
