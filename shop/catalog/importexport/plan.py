"""Constants, the import report and the validated plan of an import."""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from wagtail.models import Page

from shop.catalog.importexport.schema import PrintAreaEntry, VariantEntry
from shop.catalog.mockups import mockup_png
from shop.catalog.models import (
    CategoryPage,
    ProductPage,
    SizeGuide,
)

FORMAT_VERSION = 1
CATALOG_FILENAME = "catalog.json"
MAX_PROBLEMS_SHOWN = 50
# A catalog of a few thousand products is a few MB; the seed is 50 KB.
# A generated 10,000-product catalog (bench/generate_catalog.py) is about 30 MB.
MAX_FILE_BYTES = 64 * 1024 * 1024
# The format nests 8 levels at most (catalog > products > product > colors > color >
# images > image > generate); anything deeper is not a catalog.
MAX_DEPTH = 12
MAX_INT_DIGITS = 18
MAX_PROBLEM_LENGTH = 300
# Image files named by a catalog: the limits of an upload in the admin.
IMAGE_FORMATS = ("PNG", "JPEG", "GIF", "WEBP")
# Rich text: the only strings that may hold tabs and line breaks.
MULTILINE_KEYS = frozenset({"intro", "description"})


# --- Report ---------------------------------------------------------------------------


@dataclass
class ImportReport:
    categories_created: int = 0
    categories_updated: int = 0
    categories_unchanged: int = 0
    products_created: int = 0
    products_updated: int = 0
    products_unchanged: int = 0
    size_guides_created: int = 0
    size_guides_updated: int = 0
    size_guides_unchanged: int = 0
    stock_changed: int = 0
    images_created: int = 0
    renditions_created: int = 0
    product_ids: list[int] = field(default_factory=list, repr=False)

    # created, updated and unchanged count pages (categories and products).
    @property
    def created(self) -> int:
        return self.categories_created + self.products_created

    @property
    def updated(self) -> int:
        return self.categories_updated + self.products_updated

    @property
    def unchanged(self) -> int:
        return self.categories_unchanged + self.products_unchanged

    def __str__(self) -> str:
        return "\n".join(
            [
                f"Categories: {self.categories_created} created, "
                f"{self.categories_updated} updated, "
                f"{self.categories_unchanged} unchanged.",
                f"Products: {self.products_created} created, "
                f"{self.products_updated} updated, {self.products_unchanged} unchanged.",
                f"Size guides: {self.size_guides_created} created, "
                f"{self.size_guides_updated} updated, "
                f"{self.size_guides_unchanged} unchanged.",
                f"Stock: {self.stock_changed} SKUs changed.",
                f"Images: {self.images_created} created; "
                f"renditions: {self.renditions_created} created.",
            ]
        )


# --- Plans: the checked file, ready to write --------------------------------------------


@dataclass
class ImageSpec:
    filename: str
    title: str
    content: bytes | None = None  # a file's bytes; None: generated
    shape: str = ""
    view: str = ""
    hex_code: str = ""

    def read(self) -> bytes:
        if self.content is not None:
            return self.content
        return _mockup(self.shape, self.hex_code, self.view)

    def sha1(self) -> str:
        return hashlib.sha1(self.read()).hexdigest()


@functools.lru_cache(maxsize=1024)
def _mockup(shape: str, hex_code: str, view: str) -> bytes:
    return mockup_png(shape=shape, hex_code=hex_code, view=view)


@dataclass
class SizeGuidePlan:
    name: str
    intro: str
    rows: list[list[str]]
    existing: SizeGuide | None = None


@dataclass
class CategoryPlan:
    slug: str
    title: str
    parent: str | None
    intro: str = ""
    products_per_page: int = 24
    show_in_menus: bool = True
    image: ImageSpec | None = None
    existing: CategoryPage | None = None
    where: str = ""  # its place in the file, for problems: "categories[0] (tees)"


@dataclass
class ColorPlan:
    name: str
    hex_code: str
    images: dict[str, ImageSpec]


@dataclass
class ProductPlan:
    slug: str
    category: str
    title: str
    base_price: Decimal
    name_price: Decimal = Decimal("0.00")
    number_price: Decimal = Decimal("0.00")
    summary: str = ""
    description: str = ""
    material: str = ""
    is_featured: bool = False
    colors: list[ColorPlan] = field(default_factory=list)
    sizes: list[str] = field(default_factory=list)
    listed_variants: list[VariantEntry] = field(default_factory=list)  # priced
    print_areas: list[PrintAreaEntry] = field(default_factory=list)
    size_guide: str | None = None  # a guide's name
    existing: ProductPage | None = None
    variants: list[VariantEntry] = field(default_factory=list)  # listed + generated
    where: str = ""  # its place in the file, for problems: "products[2] (classic-tee)"


@dataclass
class ImportPlan:
    root: Page
    size_guides: list[SizeGuidePlan]
    shop_guides: dict[str, int]  # name: id of the shop's guides only products name
    categories: list[CategoryPlan]
    products: list[ProductPlan]
    stock: dict[str, int]
