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
