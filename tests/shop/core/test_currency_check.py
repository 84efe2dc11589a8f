"""Starting with a SHOP_CURRENCY other than the stored prices' is refused."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from shop.catalog.models import PrintArea, ProductPage, ProductVariant
from shop.core.checks import priced_models
from shop.core.models import ShopSettings
from tests.factories.catalog import category_create, product_create

pytestmark = pytest.mark.django_db


def test_every_priced_model_is_found_by_introspection():
    assert {ProductPage, ProductVariant, PrintArea, ShopSettings} <= set(
        priced_models()
    )


def test_new_rows_take_the_shop_currency(settings):
    settings.SHOP_CURRENCY = "CHF"
    product = product_create(category=category_create())
    assert product.currency == "CHF"
    assert {v.currency for v in product.variants.all()} == {"CHF"}
    assert product.variants.first().price.currency == "CHF"
    assert product.base_price.currency == "CHF"


def test_changing_shop_currency_over_stored_prices_is_refused(settings):
    product_create(category=category_create())  # priced in EUR
    settings.SHOP_CURRENCY = "USD"

    with pytest.raises(SystemCheckError) as refused:
        call_command("check")

    message = str(refused.value)
    assert "shop.E001" in message
    assert "SHOP_CURRENCY is USD" in message
    assert "in EUR" in message
    assert "ProductVariant" in message
    assert "Set SHOP_CURRENCY back" in message


def test_matching_currency_passes(settings):
    product_create(category=category_create())
    settings.SHOP_CURRENCY = "EUR"
    call_command("check")


@pytest.mark.parametrize("value", ["EURO", "eu", "", "E1R"])
def test_shop_currency_must_be_a_three_letter_code(settings, value):
    settings.SHOP_CURRENCY = value
    with pytest.raises(SystemCheckError, match=r"shop\.E002"):
        call_command("check")
