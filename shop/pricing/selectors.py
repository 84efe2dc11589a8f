"""What the pricing engine needs, read with a fixed number of queries and cached
under the content version (offers, tiers, rules and catalog prices are content)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count
from wagtail.models import Page

from shop.catalog.models import PrintArea, ProductColor, ProductPage, ProductVariant
from shop.core.content_cache import (
    content_get,
    content_memo,
    content_set,
    content_version,
)
from shop.core.money import Money
from shop.pricing.engine import CodeInfo, MultiBuy, Offer, PricingRules, Tier
from shop.pricing.models import (
    CodeRedemption,
    DiscountCode,
    MultiBuyRule,
    PrintTechnique,
    SpecialOffer,
    TextColor,
    VolumeTierTable,
)


@dataclass(frozen=True)
class VariantPrice:
    sku: str
    color: str
    size: str
    price: Money


@dataclass(frozen=True)
class ProductPricing:
    """One product as pricing and carts see it."""

    product_id: int
    title: str
    url: str
    scope_ids: tuple[int, ...]
    variants: dict[str, VariantPrice]
    # view -> (label, print price)
    areas: dict[str, tuple[str, Money]]
    name_price: Money
    number_price: Money
    # color name -> front image id (for the cart's thumbnail)
    color_images: dict[str, int | None]

    def variant_for(self, color: str, size: str) -> VariantPrice | None:
        return next(
            (v for v in self.variants.values() if v.color == color and v.size == size),
            None,
        )

    @property
    def sizes(self) -> list[str]:
        seen: dict[str, None] = {}
        for v in self.variants.values():
            seen.setdefault(v.size)
        return list(seen)


def _ancestor_ids(pages: Iterable[Page]) -> dict[int, tuple[int, ...]]:
    """Each page's own id, then its ancestors' ids, nearest first (one query)."""
    steplen = Page.steplen
    wanted: set[str] = set()
    for page in pages:
        wanted.update(
            page.path[:i] for i in range(steplen * 2, len(page.path), steplen)
        )
    ids = dict(Page.objects.filter(path__in=wanted).values_list("path", "pk"))
    result = {}
    for page in pages:
        chain = [page.pk]
        for i in range(len(page.path) - steplen, steplen, -steplen):
            if page.path[:i] in ids:
                chain.append(ids[page.path[:i]])
        result[page.pk] = tuple(chain)
    return result


def _products_pricing_load(product_ids: Iterable[int]) -> dict[int, ProductPricing]:
    products = list(
        ProductPage.objects.live()
        .filter(pk__in=list(product_ids))
        .only(
            "pk",
            "title",
            "path",
            "url_path",
            "name_price_amount",
            "number_price_amount",
            "currency",
        )
    )
    if not products:
        return {}
    chains = _ancestor_ids(products)
    variants: dict[int, dict[str, VariantPrice]] = {p.pk: {} for p in products}
    for v in ProductVariant.objects.filter(page__in=products).order_by(
        "page_id", "sort_order", "pk"
    ):
        variants[v.page_id][v.sku] = VariantPrice(v.sku, v.color, v.size, v.price)
    areas: dict[int, dict[str, tuple[str, Money]]] = {p.pk: {} for p in products}
    for area in PrintArea.objects.filter(page__in=products).order_by("sort_order"):
        areas[area.page_id][area.view] = (
            f"{area.get_view_display()} print",
            area.price,
        )
    images: dict[int, dict[str, int | None]] = {p.pk: {} for p in products}
    for page_id, name, image_id in ProductColor.objects.filter(
        page__in=products
    ).values_list("page_id", "name", "front_image_id"):
        images[page_id][name] = image_id
    return {
        p.pk: ProductPricing(
            product_id=p.pk,
            title=p.title,
            url=p.get_url() or "",
            scope_ids=chains[p.pk],
            variants=variants[p.pk],
            areas=areas[p.pk],
            name_price=p.name_price,
            number_price=p.number_price,
            color_images=images[p.pk],
        )
        for p in products
    }


def products_pricing_get(product_ids: Iterable[int]) -> dict[int, ProductPricing]:
    """Live products' pricing data by id; unknown or unpublished ids are left out."""
    ids = sorted(set(product_ids))
    if not ids:
        return {}
    version = content_version(stock=False)
    found: dict[int, ProductPricing] = {}
    missing = []
    for pk in ids:
        value = content_get(f"pricing-product:{pk}", version)
        if value is None:
            missing.append(pk)
        else:
            found[pk] = value
    if missing:
        loaded = _products_pricing_load(missing)
        for pk in missing:
            value = loaded.get(pk)
            if value is not None:
                content_set(f"pricing-product:{pk}", version, value)
                found[pk] = value
    return found


@dataclass(frozen=True)
class _StoredOffer:
    offer: Offer
    starts: datetime | None
    ends: datetime | None
    # The scope page's tree path: a page is in scope when its path starts with it.
    scope_path: str = ""


@dataclass(frozen=True)
class _StoredRule:
    rule: MultiBuy
    active: bool
    starts: datetime | None
    ends: datetime | None


@dataclass(frozen=True)
class _StoredRules:
    tier_tables: dict[int | None, tuple[Tier, ...]]
    rules: tuple[_StoredRule, ...]


def _offers_load() -> tuple[_StoredOffer, ...]:
    return tuple(
        _StoredOffer(
            Offer(o.name, o.scope_id, o.percent_off),
            o.go_live_at,
            o.expire_at,
            o.scope.path,
        )
        for o in SpecialOffer.objects.filter(live=True).select_related("scope")
    )


def _offers_get() -> tuple[_StoredOffer, ...]:
    return content_memo("pricing-offers", content_version(stock=False), _offers_load)


def _rules_load() -> _StoredRules:
    tables: dict[int | None, tuple[Tier, ...]] = {}
    for table in VolumeTierTable.objects.prefetch_related("tiers"):
        tables[table.scope_id] = tuple(
            sorted(
                (Tier(t.min_quantity, t.percent_off) for t in table.tiers.all()),
                key=lambda t: t.min_quantity,
            )
        )
    rules = tuple(
        _StoredRule(
            MultiBuy(r.name, r.scope_id, r.buy, r.pay), r.active, r.starts_at, r.ends_at
        )
        for r in MultiBuyRule.objects.filter(active=True)
    )
    return _StoredRules(tables, rules)


def _within(now: datetime, starts: datetime | None, ends: datetime | None) -> bool:
    return (starts is None or starts <= now) and (ends is None or now < ends)


def pricing_rules_get(*, now: datetime) -> PricingRules:
    """Tier tables, and the offers and rules running at ``now``."""
    stored = content_memo("pricing-rules", content_version(stock=False), _rules_load)
    return PricingRules(
        tier_tables=stored.tier_tables,
        offers=tuple(o.offer for o in _offers_get() if _within(now, o.starts, o.ends)),
        multibuys=tuple(
            r.rule for r in stored.rules if r.active and _within(now, r.starts, r.ends)
        ),
    )


def techniques_get() -> dict[str, tuple[str, Money, Money, int, bool]]:
    """slug -> (name, surcharge, price per extra color, max colors, is default)."""
    return content_memo(
        "pricing-techniques",
        content_version(stock=False),
        lambda: {
            t.slug: (
                t.name,
                t.surcharge,
                t.extra_color_price,
                t.max_colors,
                t.is_default,
            )
            for t in PrintTechnique.objects.all()
        },
    )


@dataclass(frozen=True)
class TextColorInfo:
    name: str
    hex_code: str
    surcharge: Money


def text_colors_get() -> dict[str, TextColorInfo]:
    """hex -> the active text color, in the shop's order."""
    return content_memo(
        "pricing-text-colors",
        content_version(stock=False),
        lambda: {
            c.hex_code: TextColorInfo(c.name, c.hex_code, c.surcharge)
            for c in TextColor.objects.filter(active=True)
        },
    )


@dataclass(frozen=True)
class PrintQuality:
    warning: int
    minimum: int


def print_quality_get(slug: str) -> PrintQuality:
    """The PPI thresholds of a technique (the default one for "")."""
    thresholds = content_memo(
        "pricing-print-quality",
        content_version(stock=False),
        lambda: {
            t.slug: PrintQuality(t.ppi_warning, t.ppi_minimum)
            for t in PrintTechnique.objects.all()
        },
    )
    return thresholds.get(slug or default_technique_slug(), PrintQuality(150, 72))


def default_technique_slug() -> str:
    return next((slug for slug, t in techniques_get().items() if t[4]), "")


def discount_codes_get(
    codes: Iterable[str], *, customer_email: str = "", now: datetime
) -> list[CodeInfo]:
    """The codes as the engine sees them, in the given order, each with the reason
    it cannot be used (if any) that the database knows."""
    wanted = [c for c in dict.fromkeys(c.strip().upper() for c in codes) if c]
    if not wanted:
        return []
    rows = {c.code: c for c in DiscountCode.objects.filter(code__in=wanted)}
    used_by_customer: dict[int, int] = {}
    if customer_email and rows:
        used_by_customer = dict(
            CodeRedemption.objects.filter(
                code__in=rows.values(), customer_email__iexact=customer_email
            )
            .values_list("code_id")
            .annotate(n=Count("pk"))
        )
    result = []
    for code in wanted:
        row = rows.get(code)
        if row is None:
            result.append(CodeInfo(code=code, kind="fixed", value=0, problem="unknown"))
            continue
        result.append(
            CodeInfo(
                code=row.code,
                kind=row.kind,
                value=row.value,
                minimum=row.minimum_order,
                scope_id=row.scope_id,
                stackable=row.stackable,
                problem=discount_code_problem(
                    row, now=now, used_by_customer=used_by_customer.get(row.pk, 0)
                ),
            )
        )
    return result


def discount_code_problem(
    row: DiscountCode, *, now: datetime, used_by_customer: int
) -> str:
    if not row.active:
        return "inactive"
    if row.starts_at and now < row.starts_at:
        return "not_started"
    if row.ends_at and now >= row.ends_at:
        return "expired"
    if row.max_uses is not None and row.used_count >= row.max_uses:
        return "exhausted"
    if (
        row.max_uses_per_customer is not None
        and used_by_customer >= row.max_uses_per_customer
    ):
        return "used_up_by_customer"
    return ""


def running_offer_for_page(page: Page, *, now: datetime) -> Offer | None:
    """The best offer running now on a product (or a category) page, for its badge;
    no query: offers are matched by their scope's tree path."""
    return max(
        (
            o.offer
            for o in _offers_get()
            if o.scope_path
            and page.path.startswith(o.scope_path)
            and _within(now, o.starts, o.ends)
        ),
        key=lambda offer: offer.percent,
        default=None,
    )
