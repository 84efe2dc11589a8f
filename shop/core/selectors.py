"""Reads of shop-wide values: one frozen shop context per request, task or e-mail."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from wagtail.models import Site

from shop.core.address import PostalAddress
from shop.core.context import ShopContext
from shop.core.money import Money


def shop_context_get(*, site: Site | None = None) -> ShopContext:
    """The shop context of ``site`` (the default site when None): one query.

    The currency is the deployment's ``SHOP_CURRENCY`` (the system check keeps the
    stored rows in it); prices always include VAT.
    """
    from shop.core.models import ShopSettings

    if site is None:
        site = Site.objects.filter(is_default_site=True).first()
    shop = ShopSettings() if site is None else ShopSettings.for_site(site)
    return _shop_context_build(shop=shop, site_id=site.pk if site else None)


def _shop_context_build(*, shop, site_id: int | None) -> ShopContext:
    currency = settings.SHOP_CURRENCY
    free_from = shop.free_shipping_from_amount
    return ShopContext(
        site_id=site_id,
        shop_name=shop.shop_name or settings.WAGTAIL_SITE_NAME,
        currency=currency,
        vat_rate=shop.vat_rate,
        prices_include_vat=True,
        contact_email=shop.contact_email,
        contact_phone=shop.contact_phone,
        legal_name=shop.legal_name,
        legal_address=PostalAddress(
            full_name=shop.legal_name,
            street=shop.street,
            postal_code=shop.postal_code,
            city=shop.city,
            country=shop.country,
        ),
        vat_number=shop.vat_number,
        company_number=shop.chamber_of_commerce,
        delivery_time=shop.delivery_time,
        shipping_cost=Money(shop.shipping_amount, currency),
        free_shipping_from=None if free_from is None else Money(free_from, currency),
    )


def shop_context_for_request(request: HttpRequest) -> ShopContext:
    """The shop context of the request's site: from the cache while the settings and
    the site are unchanged (``shop.core.content_cache``), once per request."""
    context = getattr(request, "_shop_context", None)
    if context is None:
        from shop.core.content_cache import content_memo, content_version
        from shop.core.models import ShopSettings
        from shop.core.serving import site_for_request

        def build() -> ShopContext:
            shop = ShopSettings.for_request(request)
            return _shop_context_build(shop=shop, site_id=shop.site_id)

        site = site_for_request(request)
        context = content_memo(
            f"shop-context:{site.pk if site else None}",
            content_version(stock=False),
            build,
        )
        request._shop_context = context
    return context
