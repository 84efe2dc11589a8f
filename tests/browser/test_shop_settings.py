"""Settings > Shop: the currency is shown read-only; delivery and shipping are edited."""

from __future__ import annotations

from decimal import Decimal

import pytest
from wagtail.models import Site

from shop.core.models import ShopSettings

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_settings_show_the_currency_read_only_and_save_shipping(
    admin_page, live_server
):
    page = admin_page
    site = Site.objects.get(is_default_site=True)
    page.goto(f"{live_server.url}/admin/settings/core/shopsettings/{site.pk}/")

    notice = page.locator("[data-shop-currency]")
    assert "Currency: EUR" in notice.inner_text()
    assert "SHOP_CURRENCY" in notice.inner_text()
    assert page.locator("[name=currency]").count() == 0

    page.fill("[name=delivery_time]", "3-5 working days")
    page.fill("[name=shipping_amount]", "5,50")
    page.fill("[name=free_shipping_from_amount]", "60")
    page.screenshot(path="/tmp/shop_settings_1280.png", full_page=True)
    page.set_viewport_size({"width": 375, "height": 800})
    page.screenshot(path="/tmp/shop_settings_375.png", full_page=True)
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector(".messages .success, [data-w-messages-target] .success")

    shop = ShopSettings.for_site(site)
    assert shop.delivery_time == "3-5 working days"
    assert shop.shipping_amount == Decimal("5.50")
    assert shop.free_shipping_from_amount == Decimal("60.00")
    assert shop.currency == "EUR"
