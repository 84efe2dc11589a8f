"""The demo shop's pricing: print techniques, volume tiers, a multi-buy rule, a code."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from shop.catalog.models import CategoryPage
from shop.pricing.models import (
    DiscountCode,
    MultiBuyRule,
    PrintTechnique,
    VolumeTier,
    VolumeTierTable,
)

D = Decimal
TECHNIQUES = [
    # name, slug, surcharge per area, per extra color, max colors, default
    ("Digital print (DTG)", "dtg", D("0.00"), D("0.00"), 12, True),
    ("Screen print", "screen", D("1.50"), D("0.60"), 6, False),
    ("Embroidery", "embroidery", D("4.00"), D("0.80"), 8, False),
]
SHOP_TIERS = [(10, D("5")), (25, D("8")), (50, D("12"))]


@transaction.atomic
def pricing_seed_demo() -> bool:
    """Add the demo pricing when the shop has none yet; True if anything was added."""
    if (
        PrintTechnique.objects.exists()
        or VolumeTierTable.objects.exists()
        or DiscountCode.objects.exists()
    ):
        return False
    PrintTechnique.objects.bulk_create(
        PrintTechnique(
            name=name,
            slug=slug,
            surcharge_amount=surcharge,
            extra_color_amount=per_color,
            max_colors=max_colors,
            is_default=default,
        )
        for name, slug, surcharge, per_color, max_colors, default in TECHNIQUES
    )
    table = VolumeTierTable.objects.create(name="Shop-wide volume prices")
    VolumeTier.objects.bulk_create(
        VolumeTier(table=table, min_quantity=n, percent_off=p, sort_order=i)
        for i, (n, p) in enumerate(SHOP_TIERS)
    )
    mugs = CategoryPage.objects.filter(slug="mugs").first()
    if mugs is not None:
        MultiBuyRule.objects.create(name="3 for 2 on mugs", scope=mugs, buy=3, pay=2)
    DiscountCode.objects.create(
        code="WELCOME10",
        kind=DiscountCode.Kind.PERCENT,
        value=D("10"),
        minimum_order_amount=D("30.00"),
        max_uses_per_customer=1,
    )
    return True
