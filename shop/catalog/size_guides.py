"""The demo shop's size guide: adult T-shirt measurements, linked to the seed tees."""

from __future__ import annotations

from django.db import transaction

from shop.catalog.models import ProductPage, SizeGuide

TEE_GUIDE_NAME = "Adult T-shirts"
TEE_GUIDE_INTRO = "Measured flat, in centimetres; chest is armpit to armpit, times two."
TEE_GUIDE_ROWS = [
    ["Size", "Chest (cm)", "Length (cm)", "Sleeve (cm)"],
    ["XS", "86", "67", "19"],
    ["S", "92", "70", "20"],
    ["M", "98", "72", "21"],
    ["L", "104", "74", "22"],
    ["XL", "110", "76", "23"],
    ["XXL", "116", "78", "24"],
]
# The seed catalog's adult tees (fixtures/seed/catalog.json); the kids' tee has its
# own sizes and no guide.
TEE_SLUGS = (
    "classic-organic-tee",
    "premium-heavyweight-tee",
    "slim-v-neck-tee",
    "long-sleeve-tee",
)


@transaction.atomic
def size_guide_demo_ensure() -> int:
    """Create the demo size guide if missing; link it to seed tees without a guide.

    Returns how many products were linked. Linking publishes a new revision, so the
    editor's next revision keeps the guide.
    """
    guide, _created = SizeGuide.objects.get_or_create(
        name=TEE_GUIDE_NAME,
        defaults={
            "intro": TEE_GUIDE_INTRO,
            "table": [
                (
                    "table",
                    {
                        "data": TEE_GUIDE_ROWS,
                        "first_row_is_table_header": True,
                        "first_col_is_header": True,
                    },
                )
            ],
        },
    )
    linked = 0
    for product in ProductPage.objects.live().filter(
        slug__in=TEE_SLUGS, size_guide__isnull=True
    ):
        product.size_guide = guide
        product.save_revision().publish()
        linked += 1
    return linked
