"""The demo shop's business details, filled into the shop settings by the demo seed."""

from __future__ import annotations

from decimal import Decimal

from wagtail.models import Site

from shop.core.models import ShopSettings

DEMO_SHOP_SETTINGS = {
    "shop_name": "Atelier",
    "vat_rate": Decimal("21.00"),
    "contact_email": "hello@atelier.test",
    "contact_phone": "+31 20 123 4567",
    "legal_name": "Atelier Print Shop B.V.",
    "street": "Voorbeeldstraat 12",
    "postal_code": "1012 AB",
    "city": "Amsterdam",
    "country": "NL",
    "vat_number": "NL000099998B57",
    "chamber_of_commerce": "12345678",
    "free_shipping_from_amount": Decimal("75.00"),
}


def core_seed_demo(*, site: Site) -> bool:
    """Fill the shop settings with the demo shop's details if nobody changed them."""
    shop = ShopSettings.for_site(site)
    fields = [
        f
        for f in ShopSettings._meta.concrete_fields
        if not f.primary_key and f.name != "site"
    ]
    if any(getattr(shop, f.attname) != f.get_default() for f in fields):
        return False
    for name, value in DEMO_SHOP_SETTINGS.items():
        setattr(shop, name, value)
    shop.full_clean()
    shop.save()
    return True
