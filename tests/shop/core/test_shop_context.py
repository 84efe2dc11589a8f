"""One reader of the shop settings: a frozen context, read once per request."""

import dataclasses
from decimal import Decimal

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from shop.core.models import ShopSettings
from shop.core.money import Money
from shop.core.selectors import shop_context_for_request, shop_context_get

pytestmark = pytest.mark.django_db


def test_shop_context_reads_the_settings_with_money_in_the_shop_currency(settings):
    site = Site.objects.get(is_default_site=True)
    shop = ShopSettings.for_site(site)
    shop.shop_name = "Print Club"
    shop.shipping_amount = Decimal("5.50")
    shop.free_shipping_from_amount = Decimal("60.00")
    shop.delivery_time = "3-5 working days"
    shop.street = "Voorbeeldstraat 12"
    shop.save()

    context = shop_context_get(site=site)

    assert context.shop_name == "Print Club"
    assert context.currency == settings.SHOP_CURRENCY
    assert context.prices_include_vat is True
    assert context.shipping_cost == Money(Decimal("5.50"), settings.SHOP_CURRENCY)
    assert context.free_shipping_from == Money(Decimal("60.00"), settings.SHOP_CURRENCY)
    assert context.delivery_time == "3-5 working days"
    assert context.legal_address.street == "Voorbeeldstraat 12"
    assert context.site_id == site.pk
    with pytest.raises(dataclasses.FrozenInstanceError):
        context.shop_name = "Other"  # type: ignore[misc]


def test_shop_context_defaults_without_free_shipping():
    context = shop_context_get()
    assert context.free_shipping_from is None
    assert context.delivery_time == "2\u20134 working days"


def test_shop_context_is_read_once_per_request():
    request = RequestFactory().get("/")
    shop_context_for_request(request)
    with CaptureQueriesContext(connection) as captured:
        again = shop_context_for_request(request)
    assert captured.captured_queries == []
    assert again is shop_context_for_request(request)


def test_templates_get_the_shop_context_as_shop(rf):
    from shop.core.context_processors import shop

    request = rf.get("/")
    rendered = Template("{{ shop.shop_name }} {{ shop.delivery_time }}").render(
        Context(shop(request))
    )
    assert rendered == "Atelier 2\u20134 working days"


def test_settings_form_shows_the_currency_read_only(admin_client):
    site = Site.objects.get(is_default_site=True)
    response = admin_client.get(f"/admin/settings/core/shopsettings/{site.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "data-shop-currency" in html
    assert 'name="currency"' not in html
    assert 'name="shipping_amount"' in html
