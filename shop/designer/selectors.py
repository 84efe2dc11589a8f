"""What the designer reads: a product's views, print areas and mockups, the
library (fonts, text colors, templates, clipart) and a visitor's designs."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from shop.catalog.models import ProductPage, View
from shop.core.content_cache import content_memo, content_version
from shop.designer.models import (
    Clipart,
    ClipartCategory,
    Design,
    DesignTemplate,
    Upload,
)
from shop.pricing.selectors import TextColorInfo, text_colors_get

MOCKUP_SPEC = "max-1000x1000|format-png"
# The session entry naming an anonymous visitor's designs and uploads.
VISITOR_KEY = "designer_visitor"


@dataclass(frozen=True)
class AreaSpec:
    view: str
    label: str
    # The rectangle on the mockup, in percent of its width and height.
    left: float
    top: float
    width: float
    height: float
    width_mm: int
    height_mm: int


@dataclass(frozen=True)
class ColorSpec:
    name: str
    hex_code: str
    # view -> (mockup image id, URL of the designer's rendition)
    mockups: dict[str, tuple[int, str]]
    sizes: tuple[str, ...]


@dataclass(frozen=True)
class ProductDesigner:
    product_id: int
    title: str
    url: str
    areas: dict[str, AreaSpec]
    colors: dict[str, ColorSpec]

    def as_data(self) -> dict:
        return {
            "id": self.product_id,
            "title": self.title,
            "url": self.url,
            "areas": {
                v: {
                    "label": a.label,
                    "left": a.left,
                    "top": a.top,
                    "width": a.width,
                    "height": a.height,
                    "widthMm": a.width_mm,
                    "heightMm": a.height_mm,
                }
                for v, a in self.areas.items()
            },
            "colors": [
                {
                    "name": c.name,
                    "hex": c.hex_code,
                    "mockups": {v: url for v, (_, url) in c.mockups.items()},
                    "sizes": list(c.sizes),
                }
                for c in self.colors.values()
            ],
        }


def _product_designer_load(product_id: int) -> ProductDesigner | None:
    page = (
        ProductPage.objects.live()
        .filter(pk=product_id)
        .prefetch_related(
            "print_areas",
            "colors__front_image",
            "colors__back_image",
            "colors__left_image",
            "colors__right_image",
            "variants",
        )
        .first()
    )
    if page is None:
        return None
    areas = {
        a.view: AreaSpec(
            a.view,
            a.get_view_display(),
            float(a.left_percent),
            float(a.top_percent),
            float(a.width_percent),
            float(a.height_percent),
            a.width_mm,
            a.height_mm,
        )
        for a in sorted(page.print_areas.all(), key=lambda a: View.values.index(a.view))
    }
    sizes: dict[str, list[str]] = {}
    for variant in page.variants.all():
        sizes.setdefault(variant.color, []).append(variant.size)
    colors = {}
    for color in page.colors.all():
        mockups = {}
        for view, image in color.views:
            mockups[view] = (image.pk, image.get_rendition(MOCKUP_SPEC).url)
        colors[color.name] = ColorSpec(
            color.name, color.hex_code, mockups, tuple(sizes.get(color.name, ()))
        )
    return ProductDesigner(page.pk, page.title, page.url, areas, colors)


def product_designer_get(product_id: int) -> ProductDesigner | None:
    """A live product as the designer needs it, or None."""
    return content_memo(
        f"designer-product:{product_id}",
        content_version(stock=False),
        lambda: _product_designer_load(product_id),
        # Mockup URLs may be signed media URLs that expire.
        timeout=settings.CONTENT_FRAGMENT_SECONDS,
    )


def default_product_id() -> int | None:
    """The product the home page's "Design your own" opens: the first featured
    printable product, else the first printable one."""

    def load() -> int | None:
        products = ProductPage.objects.live().filter(print_areas__isnull=False)
        first = (
            products.filter(is_featured=True).order_by("path").first()
            or products.order_by("path").first()
        )
        return first.pk if first else None

    return content_memo("designer-default-product", content_version(stock=False), load)


def text_colors() -> list[TextColorInfo]:
    return list(text_colors_get().values())


def templates_get() -> list[tuple[int, str, dict]]:
    return content_memo(
        "designer-templates",
        content_version(stock=False),
        lambda: [
            (t.pk, t.name, t.document)
            for t in DesignTemplate.objects.filter(is_active=True)
        ],
    )


def clipart_categories_get() -> list[tuple[int, str, int]]:
    """(id, name, depth) of every category, in tree order."""
    return content_memo(
        "designer-clipart-categories",
        content_version(stock=False),
        lambda: [
            (c.pk, c.name, c.level)
            for c in ClipartCategory.objects.order_by("tree_id", "lft")
        ],
    )


def clipart_search(*, category_id: int | None, query: str, limit: int = 60) -> QuerySet:
    """Active clipart in a category (and its sub-categories), matching a query."""
    items = Clipart.objects.filter(is_active=True).select_related("category")
    if category_id is not None:
        category = ClipartCategory.objects.filter(pk=category_id).first()
        if category is None:
            return Clipart.objects.none()
        items = items.filter(category__in=category.get_descendants(include_self=True))
    if query:
        words = query.split()[:5]
        condition = Q()
        for word in words:
            condition &= Q(name__icontains=word) | Q(keywords__icontains=word)
        items = items.filter(condition)
    return items.order_by("name")[:limit]


def visitor_filter(request: HttpRequest) -> Q:
    """Rows a visitor owns: theirs when logged in, else their session's."""
    if request.user.is_authenticated:
        return Q(owner=request.user)
    key = request.session.get(VISITOR_KEY)
    if not key:
        return Q(pk__in=[])
    return Q(owner__isnull=True, session_key=key)


def designs_for_visitor(request: HttpRequest) -> QuerySet:
    return Design.objects.filter(visitor_filter(request))


def uploads_for_visitor(request: HttpRequest) -> QuerySet:
    return Upload.objects.filter(visitor_filter(request))
