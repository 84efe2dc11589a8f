"""Catalog reads. Each listing is a fixed number of queries, whatever its length."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import (
    Exists,
    F,
    Func,
    Max,
    Min,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model
from wagtail.models import Site

from shop.catalog.models import (
    CategoryPage,
    PrintArea,
    ProductColor,
    ProductPage,
    ProductSize,
    ProductVariant,
    SizeGuide,
    StockLevel,
    View,
)
from shop.core.content_cache import content_key, content_memo, content_version
from shop.core.money import Money
from shop.core.restrictions import public_pages

# Rendition specs used by the templates; prefetched so a listing renders from memory.
CARD_RENDITIONS = ("width-320|format-webp", "width-640|format-webp")
DETAIL_RENDITIONS = ("width-480|format-webp", "width-960|format-webp")
THUMB_RENDITIONS = ("fill-96x96|format-webp",)

SORTS = {
    "newest": ("-first_published_at", "-pk"),
    "price": ("min_price", "pk"),
    "-price": ("-min_price", "pk"),
    "title": ("title", "pk"),
}
LOW_STOCK = 5


@dataclass(frozen=True)
class ProductCard:
    page: ProductPage
    from_price: Money | None
    image: object | None
    colors: list[ProductColor]
    in_stock: bool
    # The color whose mockup the card shows: the filtered one, else the first.
    color: ProductColor | None = None
    # True when ``color`` is the one the listing is filtered by (its swatch is marked).
    is_color_chosen: bool = False


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None marks a gap ("…") in the page numbers
    query: str = ""
    is_current: bool = False


@dataclass(frozen=True)
class FilterChip:
    """An active filter, with the query of the listing without it."""

    key: str
    label: str
    remove_query: str


FILTER_LABELS = {
    "color": _("Color: %(value)s"),
    "size": _("Size: %(value)s"),
    "min_price": _("Price from %(value)s"),
    "max_price": _("Price up to %(value)s"),
}


@dataclass
class CategoryListing:
    page: PaginatorPage
    cards: list[ProductCard]
    subcategories: list[CategoryPage]
    colors: list[tuple[str, str]]
    sizes: list[str]
    price_bounds: tuple[Decimal | None, Decimal | None]
    selected: dict[str, str]
    sort: str
    errors: list[str] = field(default_factory=list)
    # Names this page of this listing (category, filters, sort, page number): the
    # key of its cached HTML.
    cache_key: str = ""

    @property
    def chips(self) -> list[FilterChip]:
        """One removable chip per active filter; the sort is kept, the page is not."""
        chips = []
        for key, value in self.selected.items():
            rest = {k: v for k, v in self.selected.items() if k != key}
            if self.sort != "newest":
                rest["sort"] = self.sort
            chips.append(
                FilterChip(
                    key=key,
                    label=FILTER_LABELS[key] % {"value": value},
                    remove_query="?" + urlencode(rest) if rest else "",
                )
            )
        return chips

    def query_for_page(self, number: int) -> str:
        return "?" + urlencode({**self.selected, "sort": self.sort, "page": number})

    @property
    def page_links(self) -> list[PageLink]:
        """First, last and two pages either side of the current one, gaps between."""
        current, last = self.page.number, self.page.paginator.num_pages
        links = []
        for number in self.page.paginator.page_range:
            if number in (1, last) or abs(number - current) <= 2:
                links.append(
                    PageLink(number, self.query_for_page(number), number == current)
                )
            elif abs(number - current) == 3:
                links.append(PageLink(None))
        return links

    @property
    def previous_query(self) -> str | None:
        if not self.page.has_previous():
            return None
        return self.query_for_page(self.page.previous_page_number())

    @property
    def next_query(self) -> str | None:
        if not self.page.has_next():
            return None
        return self.query_for_page(self.page.next_page_number())


def _stock_by_sku(skus: Iterable[str]) -> dict[str, int]:
    return dict(
        StockLevel.objects.filter(sku__in=list(skus)).values_list("sku", "quantity")
    )


def _min_price_subquery() -> Subquery:
    """The lowest price the product offers (variants of its current options only)."""
    return Subquery(
        _offered_variants()
        .filter(page=OuterRef("pk"))
        .order_by("price_amount")
        .values("price_amount")[:1]
    )


def _has_stock_exists() -> Exists:
    """True when any offered variant has a unit in stock (SQL, no rows read)."""
    return Exists(
        _offered_variants().filter(
            page=OuterRef("pk"),
            sku__in=StockLevel.objects.filter(quantity__gt=0).values("sku"),
        )
    )


def product_cards_queryset(
    *, base: QuerySet[ProductPage] | None = None
) -> QuerySet[ProductPage]:
    """Live products (or ``base``) with everything a product card shows, prefetched.

    ``has_stock`` is annotated, so listings sort sold-out products last in SQL.
    """
    if base is None:
        base = public_pages(ProductPage.objects.live())
    image_model = get_image_model()
    return base.annotate(
        min_price=_min_price_subquery(), has_stock=_has_stock_exists()
    ).prefetch_related(
        Prefetch("colors", queryset=ProductColor.objects.order_by("sort_order")),
        Prefetch(
            "colors__front_image",
            queryset=image_model.objects.prefetch_renditions(*CARD_RENDITIONS),
        ),
    )


def product_cards_build(
    *, products: list[ProductPage], color: str = ""
) -> list[ProductCard]:
    """Cards of products from ``product_cards_queryset``; ``color`` picks the mockup."""
    cards = []
    for product in products:
        colors = list(product.colors.all())
        chosen = next((c for c in colors if color and c.name == color), None)
        shown = chosen or (colors[0] if colors else None)
        cards.append(
            ProductCard(
                page=product,
                from_price=(
                    Money(product.min_price, product.currency)
                    if product.min_price is not None
                    else None
                ),
                image=shown.front_image if shown else None,
                colors=colors,
                in_stock=bool(product.has_stock),
                color=shown,
                is_color_chosen=chosen is not None,
            )
        )
    return cards


def _cards_in_order(*, ids: Sequence[int], color: str) -> list[ProductCard]:
    """The cards of these products, in this order: from the cache while the content
    is unchanged, else one query each for the pages, their colors, images and
    renditions, whatever the catalog's size."""
    ids = list(ids)
    return content_memo(
        f"cards:{content_key(ids, color)}",
        content_version(),
        lambda: _cards_build_in_order(ids=ids, color=color),
    )


def _cards_build_in_order(*, ids: list[int], color: str) -> list[ProductCard]:
    products = {
        p.pk: p
        for p in product_cards_queryset(
            base=ProductPage.objects.filter(pk__in=list(ids))
        ).defer("description")
    }
    return product_cards_build(
        products=[products[pk] for pk in ids if pk in products], color=color
    )


def category_listing_get(
    *,
    category: CategoryPage,
    color: str = "",
    size: str = "",
    min_price: Decimal | None = None,
    max_price: Decimal | None = None,
    sort: str = "newest",
    page: int | None = None,
    errors: Sequence[str] = (),
) -> CategoryListing:
    """One page of a category's products (its sub-categories included), filtered.

    Takes clean values (shop.catalog.params.CategoryQueryForm); ``errors`` are the
    messages for the filters that were refused and left out.

    What scans the whole category (the filter options, and the ordered ids of the
    products each filter and sort lists) is read once per content version
    (``shop.core.content_cache``); a page of cards then costs the same few queries in
    a category of ten products or ten thousand.
    """
    in_category = public_pages(ProductPage.objects.live()).descendant_of(category)
    selected: dict[str, str] = {}
    if color:
        selected["color"] = color
    if size:
        selected["size"] = size
    for key, amount in (("min_price", min_price), ("max_price", max_price)):
        if amount is not None:
            selected[key] = f"{amount:f}"
    if sort not in SORTS:
        sort = "newest"
    version = content_version()

    def ordered_ids() -> list[int]:
        products = in_category.annotate(has_stock=_has_stock_exists())
        if color:
            products = products.filter(
                pk__in=ProductColor.objects.filter(name=color).values("page_id")
            )
        if size:
            products = products.filter(
                pk__in=ProductSize.objects.filter(name=size).values("page_id")
            )
        for lookup, amount in (("gte", min_price), ("lte", max_price)):
            if amount is not None:
                products = products.filter(
                    pk__in=ProductVariant.objects.filter(
                        **{f"price_amount__{lookup}": amount}
                    ).values("page_id")
                )
        if sort in ("price", "-price"):
            products = products.annotate(min_price=_min_price_subquery())
        # Sold-out products come last under every sort.
        return list(
            products.order_by("-has_stock", *SORTS[sort]).values_list("pk", flat=True)
        )

    filters = content_key(color, size, min_price, max_price, sort)
    ids = content_memo(
        f"category-ids:{category.pk}:{filters}",
        version,
        ordered_ids,
    )
    facets = content_memo(
        f"category-facets:{category.pk}",
        version,
        lambda: _category_facets(category=category, in_category=in_category),
    )
    paginator = Paginator(ids, category.products_per_page)
    shown = paginator.get_page(page)
    cards = _cards_in_order(ids=shown.object_list, color=color)
    return CategoryListing(
        page=shown,
        cards=cards,
        subcategories=facets.subcategories,
        colors=facets.colors,
        sizes=facets.sizes,
        price_bounds=facets.price_bounds,
        selected=selected,
        sort=sort,
        errors=list(errors),
        cache_key=f"{category.pk}:{filters}:{shown.number}",
    )


@dataclass(frozen=True)
class CategoryFacets:
    subcategories: list[CategoryPage]
    colors: list[tuple[str, str]]
    sizes: list[str]
    price_bounds: tuple[Decimal | None, Decimal | None]


def _category_facets(
    *, category: CategoryPage, in_category: QuerySet[ProductPage]
) -> CategoryFacets:
    bounds = ProductVariant.objects.filter(page__in=in_category.values("pk")).aggregate(
        low=Min("price_amount"), high=Max("price_amount")
    )
    return CategoryFacets(
        subcategories=list(
            public_pages(CategoryPage.objects.child_of(category).live()).order_by(
                "path"
            )
        ),
        colors=sorted(
            ProductColor.objects.filter(page__in=in_category.values("pk"))
            .values_list("name", "hex_code")
            .order_by()
            .distinct()
        ),
        sizes=sizes_merge(
            rows=ProductSize.objects.filter(page__in=in_category.values("pk"))
            .order_by("page_id", "sort_order", "pk")
            .values_list("page_id", "name")
        ),
        price_bounds=(bounds["low"], bounds["high"]),
    )


def sizes_merge(*, rows: Iterable[tuple[int, str]]) -> list[str]:
    """The size names of several products in one order that respects each editor's.

    ``rows`` are (product id, size name) in each product's editor-given order. A size
    goes after every size some product lists before it; among sizes free to go next,
    the one seen first wins, so the result is stable. Products that contradict each
    other (S before M here, M before S there) fall back to the order of first sight.
    """
    by_product: dict[int, list[str]] = {}
    first_seen: dict[str, int] = {}
    for product_id, name in rows:
        names = by_product.setdefault(product_id, [])
        if name not in names:
            names.append(name)
        first_seen.setdefault(name, len(first_seen))
    before: dict[str, set[str]] = {name: set() for name in first_seen}
    for names in by_product.values():
        for earlier, later in pairwise(names):
            before[later].add(earlier)
    ordered: list[str] = []
    placed: set[str] = set()
    while len(ordered) < len(first_seen):
        free = [n for n in first_seen if n not in placed and before[n] <= placed]
        if not free:  # a contradiction: take the earliest seen of those left
            free = [n for n in first_seen if n not in placed]
        name = min(free, key=first_seen.__getitem__)
        ordered.append(name)
        placed.add(name)
    return ordered


@dataclass(frozen=True)
class VariantOption:
    sku: str
    color: str
    size: str
    price: Money
    stock: int

    @property
    def is_low(self) -> bool:
        return 0 < self.stock <= LOW_STOCK


@dataclass(frozen=True)
class PrintAreaOption:
    area: PrintArea
    price: Money


@dataclass
class ProductDetail:
    product: ProductPage
    colors: list[ProductColor]
    sizes: list[ProductSize]
    variants: list[VariantOption]
    print_areas: list[PrintAreaOption]
    from_price: Money | None
    # The lowest price with the front printed (variant + front print area), or None
    # when the product has no front print area.
    printed_price: Money | None = None
    front_print_price: Money | None = None
    size_guide: SizeGuide | None = None

    @property
    def is_sold_out(self) -> bool:
        """No variant has a unit in stock (a product without variants included)."""
        return not any(v.stock > 0 for v in self.variants)

    @property
    def is_one_size(self) -> bool:
        """One size only: the page shows no size picker, the size is implied."""
        return len(self.sizes) == 1

    def first_color_sizes(self) -> list[tuple[ProductSize, VariantOption]]:
        """Each size with its variant in the first color (the one shown first)."""
        if not self.colors:
            return []
        first = self.colors[0].name
        by_size = {v.size: v for v in self.variants if v.color == first}
        return [(s, by_size[s.name]) for s in self.sizes if s.name in by_size]

    def variants_json(self) -> list[dict]:
        """What the color/size picker script needs; rendered with json_script."""
        return [
            {
                "sku": v.sku,
                "color": v.color,
                "size": v.size,
                "price": str(v.price),
                "printed_price": (
                    str(v.price + self.front_print_price)
                    if self.front_print_price is not None
                    else None
                ),
                "stock": v.stock,
            }
            for v in self.variants
        ]


def variants_with_options(
    *,
    variants: Iterable[ProductVariant],
    colors: Iterable[ProductColor],
    sizes: Iterable[ProductSize],
) -> list[ProductVariant]:
    """The variants whose color and size the product has, as named rows.

    A variant can outlive its option: a revision published from the page listing
    (an autosave, never synced) may still carry the variants of a deleted or renamed
    color or size. Those are neither sold nor stocked, and a synced save drops them.
    """
    color_names = {c.name for c in colors if c.name and c.name.strip()}
    size_names = {s.name for s in sizes if s.name and s.name.strip()}
    return [v for v in variants if v.color in color_names and v.size in size_names]


@dataclass(frozen=True, slots=True)
class ProductOptions:
    """A stored product's colors and sizes in editor order, and what it offers."""

    colors: list[ProductColor]
    sizes: list[ProductSize]
    variants: list[ProductVariant]  # offered only (see variants_with_options)


def product_options_get(
    *, product: ProductPage, colors: QuerySet[ProductColor] | None = None
) -> ProductOptions:
    """The one reader of what a stored product offers: three queries.

    ``colors`` may narrow or extend the color query (its images prefetched for the
    product page); it is filtered to the product and ordered here.
    """
    colors = colors if colors is not None else ProductColor.objects.all()
    colors = list(colors.filter(page=product).order_by("sort_order"))
    sizes = list(ProductSize.objects.filter(page=product).order_by("sort_order"))
    variants = variants_with_options(
        variants=ProductVariant.objects.filter(page=product).order_by("sort_order"),
        colors=colors,
        sizes=sizes,
    )
    return ProductOptions(colors=colors, sizes=sizes, variants=variants)


def product_detail_get(*, product: ProductPage) -> ProductDetail:
    image_model = get_image_model()
    images = image_model.objects.prefetch_renditions(
        *DETAIL_RENDITIONS, *THUMB_RENDITIONS
    )
    offer = product_options_get(
        product=product,
        colors=ProductColor.objects.prefetch_related(
            *(Prefetch(f"{view}_image", queryset=images) for view in View.values)
        ),
    )
    colors, sizes, variants = offer.colors, offer.sizes, offer.variants
    stock = _stock_by_sku(v.sku for v in variants)
    print_areas = [
        PrintAreaOption(area=area, price=area.price)
        for area in PrintArea.objects.filter(page=product).order_by("sort_order")
    ]
    options = [
        VariantOption(
            sku=v.sku,
            color=v.color,
            size=v.size,
            price=v.price,
            stock=stock.get(v.sku, 0),
        )
        for v in variants
    ]
    from_price = min((o.price for o in options), default=None)
    front = next((o for o in print_areas if o.area.view == View.FRONT), None)
    return ProductDetail(
        product=product,
        colors=colors,
        sizes=sizes,
        variants=options,
        print_areas=print_areas,
        from_price=from_price,
        printed_price=(
            from_price + front.price
            if from_price is not None and front is not None
            else None
        ),
        front_print_price=front.price if front is not None else None,
        size_guide=(
            SizeGuide.objects.filter(pk=product.size_guide_id).first()
            if product.size_guide_id
            else None
        ),
    )


def product_search(*, query: str, limit: int = 48) -> list[ProductCard]:
    """Live products matching a search, best match first, as cards."""
    query = query.strip()
    if not query:
        return []
    ids = content_memo(
        f"search-ids:{content_key(query, limit)}",
        content_version(),
        lambda: [
            p.pk for p in public_pages(ProductPage.objects.live()).search(query)[:limit]
        ],
    )
    return _cards_in_order(ids=ids, color="")


def featured_products_get(*, limit: int = 8) -> list[ProductCard]:
    """Featured products for the home page, newest products to fill up.

    Only products in stock: a sold-out product is neither featured nor a filler.
    """
    ids = content_memo(
        f"featured-ids:{limit}",
        content_version(),
        lambda: list(
            public_pages(ProductPage.objects.live())
            .annotate(has_stock=_has_stock_exists())
            .filter(has_stock=True)
            .order_by("-is_featured", "-first_published_at", "-pk")
            .values_list("pk", flat=True)[:limit]
        ),
    )
    return _cards_in_order(ids=ids, color="")


def categories_top_level(*, site: Site | None = None) -> QuerySet[CategoryPage]:
    """Categories directly under the site's home page, for navigation."""
    site = site or Site.objects.filter(is_default_site=True).first()
    if site is None:
        return CategoryPage.objects.none()
    return (
        public_pages(CategoryPage.objects.live())
        .in_menu()
        .child_of(site.root_page)
        .order_by("path")
    )


def parent_ids_get(*, pages: Iterable) -> dict[int, int]:
    """Parent page id of each page, in one query (paths encode the tree)."""
    pages = list(pages)
    steplen = CategoryPage.steplen
    parent_paths = {p.path[:-steplen] for p in pages if p.depth > 1}
    by_path = dict(
        CategoryPage.objects.filter(path__in=parent_paths).values_list("path", "pk")
    )
    return {
        p.pk: by_path[p.path[:-steplen]] for p in pages if p.path[:-steplen] in by_path
    }


def categories_for_api() -> QuerySet[CategoryPage]:
    return public_pages(CategoryPage.objects.live()).order_by("path")


def products_for_api(*, category: CategoryPage | None = None) -> QuerySet[ProductPage]:
    products = (
        public_pages(ProductPage.objects.live())
        .order_by("path")
        .prefetch_related(
            Prefetch("colors", queryset=ProductColor.objects.order_by("sort_order")),
            *(
                Prefetch(
                    f"colors__{view}_image", queryset=get_image_model().objects.all()
                )
                for view in View.values
            ),
            Prefetch("sizes", queryset=ProductSize.objects.order_by("sort_order")),
            Prefetch("print_areas", queryset=PrintArea.objects.order_by("sort_order")),
        )
    )
    if category is not None:
        products = products.descendant_of(category)
    return products


def variants_for_api(
    *, product_ids: Iterable[int] | None = None
) -> QuerySet[ProductVariant]:
    """Sellable variants: those of live, public products."""
    variants = ProductVariant.objects.filter(
        page__in=public_pages(ProductPage.objects.live()).values("pk")
    ).order_by("page_id", "sort_order", "pk")
    if product_ids is not None:
        variants = variants.filter(page_id__in=list(product_ids))
    return variants


def variant_rows_build(*, variants: Iterable[ProductVariant]) -> list[dict]:
    """Variants with price, currency and units in stock (one stock query)."""
    variants = list(variants)
    stock = _stock_by_sku(v.sku for v in variants)
    return [
        {
            "sku": v.sku,
            "product_id": v.page_id,
            "color": v.color,
            "size": v.size,
            "price": v.price,
            "stock": stock.get(v.sku, 0),
        }
        for v in variants
    ]


# --- Stock in the admin -------------------------------------------------------------


@dataclass(frozen=True)
class StockCell:
    sku: str
    quantity: int | None  # None: the SKU has no stock row yet


@dataclass
class StockGrid:
    """A product's offered SKUs as colors (rows) x sizes (columns), editor order.

    ``cells[i][j]`` is the SKU of color i in size j, or None for a combination that
    has no variant.
    """

    product: ProductPage
    colors: list[ProductColor]
    sizes: list[ProductSize]
    cells: list[list[StockCell | None]]

    @property
    def skus(self) -> list[StockCell]:
        return [cell for row in self.cells for cell in row if cell is not None]


def product_stock_grid_get(*, product: ProductPage) -> StockGrid:
    """The stock grid of a product in four queries, whatever its size."""
    offer = product_options_get(product=product)
    colors, sizes, variants = offer.colors, offer.sizes, offer.variants
    stock = _stock_by_sku(v.sku for v in variants)
    by_option = {(v.color, v.size): v.sku for v in variants}
    cells = [
        [
            StockCell(sku=sku, quantity=stock.get(sku))
            if (sku := by_option.get((color.name, size.name)))
            else None
            for size in sizes
        ]
        for color in colors
    ]
    return StockGrid(product=product, colors=colors, sizes=sizes, cells=cells)


def product_skus_without_stock_count(*, product: ProductPage) -> int:
    """How many SKUs the product offers with no unit on hand (or no stock row)."""
    variants = product_options_get(product=product).variants
    stock = _stock_by_sku(v.sku for v in variants)
    return sum(1 for v in variants if not stock.get(v.sku))


class StockState:
    OUT = "out"
    LOW = "low"
    IN = "in"


def stock_rows_queryset() -> QuerySet[ProductVariant]:
    """One row per SKU a product offers, with its stock, for the admin's Stock list.

    Annotated with ``product_title``, ``quantity`` (0 without a stock row) and
    ``stock_updated_at``; ordered by product, then color and size in editor order.
    A variant whose color or size the product no longer has is left out, and so is
    a stock row no variant has (both are neither sold nor editable).
    """
    level = StockLevel.objects.filter(sku=OuterRef("sku"))
    color = ProductColor.objects.filter(page=OuterRef("page"), name=OuterRef("color"))
    size = ProductSize.objects.filter(page=OuterRef("page"), name=OuterRef("size"))
    return (
        ProductVariant.objects.filter(Exists(color), Exists(size))
        .annotate(
            product_title=F("page__title"),
            quantity=Coalesce(Subquery(level.values("quantity")[:1]), Value(0)),
            stock_updated_at=Subquery(level.values("updated_at")[:1]),
            color_order=Subquery(color.values("sort_order")[:1]),
            size_order=Subquery(size.values("sort_order")[:1]),
        )
        .order_by("page__title", "page_id", "color_order", "size_order", "pk")
    )


def stock_rows_filter(
    *, rows: QuerySet[ProductVariant], state: str
) -> QuerySet[ProductVariant]:
    if state == StockState.OUT:
        return rows.filter(quantity=0)
    if state == StockState.LOW:
        return rows.filter(quantity__gt=0, quantity__lte=LOW_STOCK)
    if state == StockState.IN:
        return rows.filter(quantity__gt=LOW_STOCK)
    return rows


# --- Products in the admin ------------------------------------------------------------


def _offered_variants() -> QuerySet[ProductVariant]:
    """Variants whose color and size their product still has (see variants_with_options)."""
    return ProductVariant.objects.filter(
        Exists(
            ProductColor.objects.filter(page=OuterRef("page"), name=OuterRef("color"))
        ),
        Exists(
            ProductSize.objects.filter(page=OuterRef("page"), name=OuterRef("size"))
        ),
    )


def _scalar(rows: QuerySet, *, function: str, column: str) -> Subquery:
    """``function`` (MIN, SUM, COUNT...) over ``rows`` as one value: no GROUP BY."""
    return Subquery(
        rows.order_by()
        .annotate(result=Func(F(column), function=function))
        .values("result")[:1]
    )


def product_admin_listing_annotate(
    *, products: QuerySet[ProductPage]
) -> QuerySet[ProductPage]:
    """Products with what the admin's Products listing shows, in a fixed number of
    queries however many rows a page of the listing has.

    Annotated with ``admin_price_low``/``admin_price_high`` (over the offered
    variants), ``admin_skus`` (offered SKUs), ``admin_skus_sold_out`` (of those, the
    ones without a unit) and ``admin_units`` (units on hand over the offered SKUs);
    the colors come prefetched in editor order with their front mockup and its
    thumbnail rendition.
    """
    offered = _offered_variants().filter(page=OuterRef("pk"))
    in_stock = StockLevel.objects.filter(quantity__gt=0).values("sku")
    levels = StockLevel.objects.filter(
        sku__in=_offered_variants().filter(page=OuterRef(OuterRef("pk"))).values("sku")
    )
    return products.annotate(
        admin_price_low=_scalar(offered, function="MIN", column="price_amount"),
        admin_price_high=_scalar(offered, function="MAX", column="price_amount"),
        admin_skus=Coalesce(_scalar(offered, function="COUNT", column="pk"), 0),
        admin_skus_sold_out=Coalesce(
            _scalar(offered.exclude(sku__in=in_stock), function="COUNT", column="pk"),
            0,
        ),
        admin_units=Coalesce(_scalar(levels, function="SUM", column="quantity"), 0),
    ).prefetch_related(
        Prefetch("colors", queryset=ProductColor.objects.order_by("sort_order")),
        Prefetch(
            "colors__front_image",
            queryset=get_image_model().objects.prefetch_renditions(*THUMB_RENDITIONS),
        ),
    )


@dataclass(frozen=True)
class ProductAdminSummary:
    """One row of the admin's Products listing (a product from
    ``product_admin_listing_annotate``)."""

    color: ProductColor | None  # the first color: its front mockup is the thumbnail
    price_low: Money | None  # None: no variant on offer
    price_high: Money | None
    skus: int
    skus_sold_out: int
    units: int

    @property
    def image(self):
        return self.color.front_image if self.color else None

    @property
    def has_one_price(self) -> bool:
        return self.price_low == self.price_high


def product_admin_summary(*, product: ProductPage) -> ProductAdminSummary:
    colors = list(product.colors.all())

    def money(amount: Decimal | None) -> Money | None:
        return Money(amount, product.currency) if amount is not None else None

    return ProductAdminSummary(
        color=colors[0] if colors else None,
        price_low=money(product.admin_price_low),
        price_high=money(product.admin_price_high),
        skus=product.admin_skus,
        skus_sold_out=product.admin_skus_sold_out,
        units=product.admin_units,
    )
