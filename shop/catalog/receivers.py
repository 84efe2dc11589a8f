"""Wagtail's publishing signal, for the one step every publishing path needs.

A product goes live through the editor's Publish, the page listing's bulk action, a
workflow approval, a scheduled ``publish_scheduled`` run or a reverted revision; only
Wagtail's ``page_published`` signal is sent on all of them (the admin's
``after_publish_page`` hook runs on the first only).
"""

from __future__ import annotations

from shop.catalog.models import ProductPage
from shop.catalog.services import product_stock_ensure_rows


def product_published(sender, instance: ProductPage, **kwargs) -> None:
    # A page scheduled for later is sent too, still not live: its rows come when
    # the scheduled run publishes it.
    product_stock_ensure_rows(product=instance)
