from __future__ import annotations

from django import template
from django.utils import timezone

from shop.pricing.engine import percent_text
from shop.pricing.selectors import running_offer_for_page

register = template.Library()


@register.simple_tag
def running_offer(page):
    """The best special offer running now on this product or category page, or None."""
    if page is None or not getattr(page, "path", ""):
        return None
    return running_offer_for_page(page, now=timezone.now())


@register.filter
def percent(value) -> str:
    return percent_text(value)


@register.simple_tag(takes_context=True)
def printed_prices(context, page, detail):
    """The product page's printed prices, from the pricing engine: each variant with
    its front printed (default technique, one color), and the lowest of them. Built
    from the page's ``detail`` (its variants and print areas, already loaded)."""
    from shop.pricing.selectors import ProductPricing, VariantPrice
    from shop.pricing.services import PrintedPrices, printed_prices_get

    if getattr(page, "is_preview", False) or detail is None:
        return PrintedPrices(lowest=getattr(detail, "printed_price", None), by_sku={})
    product = ProductPricing(
        product_id=page.pk,
        title=page.title,
        url="",
        scope_ids=(page.pk,),
        variants={
            v.sku: VariantPrice(v.sku, v.color, v.size, v.price)
            for v in detail.variants
        },
        areas={
            o.area.view: (f"{o.area.get_view_display()} print", o.price)
            for o in detail.print_areas
        },
        name_price=page.name_price,
        number_price=page.number_price,
        color_images={},
    )
    return printed_prices_get(product, shop=context["shop"])


@register.filter
def nowrap_percent(label: str) -> str:
    """ "-10 %" never breaks between the number and its sign."""
    return str(label).replace(" %", "\u00a0%")
