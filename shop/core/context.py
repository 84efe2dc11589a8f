"""The shop context: the shop's settings as one frozen value."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from shop.core.address import PostalAddress
from shop.core.money import Money


@dataclass(frozen=True, slots=True)
class ShopContext:
    """The shop settings as values; services and tasks get this (or a site id)."""

    site_id: int | None
    shop_name: str
    currency: str
    vat_rate: Decimal
    prices_include_vat: bool
    contact_email: str
    contact_phone: str
    legal_name: str
    legal_address: PostalAddress
    vat_number: str
    company_number: str
    delivery_time: str
    shipping_cost: Money
    free_shipping_from: Money | None
