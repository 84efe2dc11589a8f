"""``quote``: the one price calculation for the product page, cart, checkout and API;
``discount_code_redeem``: counts a code's use race-free at payment."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from shop.core.context import ShopContext
from shop.core.money import Money
from shop.pricing.engine import (
    AreaPrice,
    PricingItem,
    PricingShop,
    Quote,
    code_problem,
    price,
)
from shop.pricing.exceptions import DiscountCodeError, PricingError
from shop.pricing.models import CodeRedemption, DiscountCode
from shop.pricing.schema import Configuration
from shop.pricing.selectors import (
    ProductPricing,
    default_technique_slug,
    discount_code_problem,
    discount_codes_get,
    pricing_rules_get,
    products_pricing_get,
    techniques_get,
    text_colors_get,
)


@dataclass(frozen=True)
class LineRequest:
    """One line to price: a variant, how many, its print configuration and roster."""

    key: str
    product_id: int
    sku: str
    quantity: int
    configuration: Configuration = field(default_factory=Configuration)
    roster: tuple[dict, ...] = ()


@dataclass(frozen=True)
class PricedQuote:
    quote: Quote
    # Keys of lines whose product or variant is gone (left out of the quote).
    unavailable: tuple[str, ...] = ()


def pricing_shop(shop: ShopContext) -> PricingShop:
    return PricingShop(
        currency=shop.currency,
        vat_rate=shop.vat_rate,
        prices_include_vat=shop.prices_include_vat,
        shipping_cost=shop.shipping_cost,
        free_shipping_from=shop.free_shipping_from,
    )


def configuration_areas(
    product: ProductPricing, configuration: Configuration
) -> tuple[AreaPrice, ...]:
    """The priced print areas of a configuration; a PricingError names what is wrong."""
    techniques = techniques_get()
    default = default_technique_slug()
    result = []
    for choice in configuration.areas:
        area = product.areas.get(choice.view)
        if area is None:
            raise PricingError(
                f"{product.title} cannot be printed on the {choice.view}.",
                code="unknown_print_area",
            )
        label, area_price = area
        slug = choice.technique or default
        price_ = area_price
        if slug:
            technique = techniques.get(slug)
            if technique is None:
                raise PricingError(
                    f"“{choice.technique}” is not a print technique we offer.",
                    code="unknown_technique",
                )
            name, surcharge, per_color, max_colors, _default = technique
            if choice.colors > max_colors:
                raise PricingError(
                    f"{name} prints at most {max_colors} colors.",
                    code="too_many_colors",
                )
            price_ = price_ + surcharge + per_color * (choice.colors - 1)
            label = f"{label} ({name}, {choice.colors} color{'s' if choice.colors > 1 else ''})"
        for hex_code in choice.specials:
            special = text_colors_get().get(hex_code)
            if special is None:
                raise PricingError(
                    f"{hex_code} is not a text color we offer.",
                    code="unknown_text_color",
                )
            price_ = price_ + special.surcharge
            label = f"{label} + {special.name}"
        result.append(AreaPrice(view=choice.view, label=label, price=price_))
    return tuple(result)


def design_group(product_id: int, color: str, configuration: Configuration) -> str:
    """Lines of one design: same product, color and print configuration. Their
    quantities count together for volume tiers."""
    data = json.dumps(configuration.as_data(), sort_keys=True)
    return f"{product_id}|{color}|{data}"


def pricing_items(
    lines: Sequence[LineRequest], products: dict[int, ProductPricing]
) -> tuple[list[PricingItem], list[str]]:
    items, unavailable = [], []
    for line in lines:
        product = products.get(line.product_id)
        variant = product.variants.get(line.sku) if product else None
        if product is None or variant is None:
            unavailable.append(line.key)
            continue
        try:
            areas = configuration_areas(product, line.configuration)
        except PricingError:
            unavailable.append(line.key)
            continue
        items.append(
            PricingItem(
                key=line.key,
                product_id=product.product_id,
                scope_ids=product.scope_ids,
                title=product.title,
                sku=variant.sku,
                variant_price=variant.price,
                quantity=line.quantity,
                areas=areas,
                names=sum(1 for p in line.roster if p.get("name")),
                numbers=sum(1 for p in line.roster if p.get("number")),
                name_price=product.name_price,
                number_price=product.number_price,
                group=design_group(
                    product.product_id, variant.color, line.configuration
                ),
            )
        )
    return items, unavailable


def quote(
    lines: Sequence[LineRequest],
    *,
    shop: ShopContext,
    codes: Iterable[str] = (),
    customer_email: str = "",
    now: datetime | None = None,
) -> PricedQuote:
    """Price lines with every rule that applies now (see shop.pricing.engine)."""
    now = now or timezone.now()
    products = products_pricing_get(line.product_id for line in lines)
    items, unavailable = pricing_items(lines, products)
    result = price(
        items,
        shop=pricing_shop(shop),
        rules=pricing_rules_get(now=now),
        codes=discount_codes_get(codes, customer_email=customer_email, now=now),
    )
    return PricedQuote(quote=result, unavailable=tuple(unavailable))


@dataclass(frozen=True)
class PrintedPrices:
    lowest: Money | None
    # SKU -> the formatted unit price with the front printed (for the picker script)
    by_sku: dict[str, str]


def _printed_prices_compute(
    product: ProductPricing, shop: ShopContext
) -> PrintedPrices:
    from shop.core.money import format_money
    from shop.pricing.schema import AreaChoice

    if "front" not in product.areas:
        return PrintedPrices(lowest=None, by_sku={})
    configuration = Configuration(areas=[AreaChoice(view="front")])
    lines = [
        LineRequest(
            key=sku,
            product_id=product.product_id,
            sku=sku,
            quantity=1,
            configuration=configuration,
        )
        for sku in product.variants
    ]
    items, _unavailable = pricing_items(lines, {product.product_id: product})
    result = price(
        items,
        shop=PricingShop(
            currency=shop.currency,
            vat_rate=shop.vat_rate,
            prices_include_vat=shop.prices_include_vat,
        ),
    )
    by_sku = {line.key: line.unit_list for line in result.lines}
    return PrintedPrices(
        lowest=min(by_sku.values(), key=lambda m: m.amount, default=None),
        by_sku={sku: format_money(unit) for sku, unit in by_sku.items()},
    )


def printed_prices_get(product: ProductPricing, *, shop: ShopContext) -> PrintedPrices:
    """A product's "printed from" prices (list prices: offers show as a badge)."""
    from shop.core.content_cache import content_memo, content_version

    return content_memo(
        f"printed-prices:{product.product_id}",
        content_version(stock=False),
        lambda: _printed_prices_compute(product, shop),
    )


def discount_code_redeem(
    code: str,
    *,
    customer_email: str,
    order_reference: str,
    amount: Money,
    user=None,
    now: datetime | None = None,
) -> CodeRedemption:
    """Count one use of a code for an order, or raise DiscountCodeError.

    The code's row is locked for the check and the count, so concurrent payments
    can never use a code more often than its limits allow. Redeeming the same
    order twice returns the first redemption (a replayed payment webhook).
    """
    now = now or timezone.now()
    code = code.strip().upper()
    with transaction.atomic():
        row = DiscountCode.objects.select_for_update().filter(code=code).first()
        if row is None:
            raise DiscountCodeError(
                code_problem(code, "unknown").message, code="unknown"
            )
        earlier = CodeRedemption.objects.filter(
            code=row, order_reference=order_reference
        ).first()
        if earlier is not None:
            return earlier
        used = CodeRedemption.objects.filter(
            code=row, customer_email__iexact=customer_email
        ).count()
        problem = discount_code_problem(row, now=now, used_by_customer=used)
        if problem:
            raise DiscountCodeError(code_problem(code, problem).message, code=problem)
        try:
            with transaction.atomic():
                redemption = CodeRedemption.objects.create(
                    code=row,
                    customer_email=customer_email,
                    user=user,
                    order_reference=order_reference,
                    amount=amount.amount,
                    currency=amount.currency,
                )
        except IntegrityError as error:  # the same order, redeemed concurrently
            raise DiscountCodeError(
                code_problem(code, "already_applied").message, code="already_applied"
            ) from error
        DiscountCode.objects.filter(pk=row.pk).update(used_count=row.used_count + 1)
    return redemption


def discount_code_release(*, order_reference: str) -> int:
    """Give back the uses an order's codes counted (the order expired or was
    canceled); returns how many. Safe to call twice."""
    released = 0
    with transaction.atomic():
        for redemption in CodeRedemption.objects.filter(
            order_reference=order_reference
        ).order_by("code_id"):
            row = DiscountCode.objects.select_for_update().get(pk=redemption.code_id)
            redemption.delete()
            DiscountCode.objects.filter(pk=row.pk).update(
                used_count=max(0, row.used_count - 1)
            )
            released += 1
    return released
