"""Special offers on the storefront while live; marketing runs pricing in the admin."""

from __future__ import annotations

import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from shop.accounts.roles import MARKETING
from shop.pricing.models import DiscountCode, PrintTechnique, SpecialOffer
from shop.pricing.tasks import scheduled_publish
from tests.factories.accounts import user_create
from tests.factories.catalog import category_create, product_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop():
    category = category_create(title="Shirts")
    tee = product_create(category=category, title="Offer Tee")
    return category, tee


def offer_publish(
    scope, *, percent="20", go_live_at=None, expire_at=None
) -> SpecialOffer:
    offer = SpecialOffer.objects.create(
        name="Summer sale",
        scope=scope,
        percent_off=Decimal(percent),
        live=False,
        go_live_at=go_live_at,
        expire_at=expire_at,
    )
    offer.save_revision().publish()
    offer.refresh_from_db()
    return offer


def test_a_live_offer_shows_on_the_product_page_and_the_card(client, shop):
    category, tee = shop
    offer_publish(category)

    product_html = client.get(tee.url).content.decode()
    card_html = client.get(category.url).content.decode()

    assert (
        "Summer sale</span> -20 % on every piece, taken off in your cart."
        in product_html
    )
    assert "data-offer-badge>-20 %</span>" in card_html
    assert "Summer sale: -20 % in the cart" in card_html


def test_a_scheduled_offer_shows_only_once_beat_publishes_it_and_goes_at_expiry(
    client, shop
):
    _category, tee = shop
    now = timezone.now()
    offer = offer_publish(
        tee, go_live_at=now + timedelta(seconds=2), expire_at=now + timedelta(hours=2)
    )
    assert offer.live is False
    assert "Summer sale" not in client.get(tee.url).content.decode()
    scheduled_publish.delay()  # too early: nothing happens
    offer.refresh_from_db()
    assert offer.live is False

    time.sleep(2.5)
    scheduled_publish.delay()
    offer.refresh_from_db()
    assert offer.live is True
    assert "Summer sale" in client.get(tee.url).content.decode()

    SpecialOffer.objects.filter(pk=offer.pk).update(
        expire_at=now - timedelta(seconds=1)
    )
    # Even before beat unpublishes it, an expired offer neither shows nor prices.
    from shop.core.content_cache import content_changed

    content_changed()
    assert "Summer sale" not in client.get(tee.url).content.decode()
    call_command("publish_scheduled", verbosity=0)
    offer.refresh_from_db()
    assert offer.live is False


def test_the_printed_from_price_comes_from_the_engine(client, shop):
    _category, tee = shop
    PrintTechnique.objects.create(
        name="DTG", slug="dtg", surcharge_amount=Decimal("1.00"), is_default=True
    )

    html = client.get(tee.url).content.decode()

    # 19.90 + front 5.00 + DTG 1.00
    assert 'data-from-printed-price="€\u00a025.90"' in html
    assert 'id="printed-data"' in html


# --- the admin -----------------------------------------------------------------------


def marketing_client() -> Client:
    client = Client()
    client.force_login(user_create(groups=(MARKETING,)))
    return client


@pytest.mark.parametrize(
    "model",
    [
        "specialoffer",
        "discountcode",
        "volumetiertable",
        "multibuyrule",
        "printtechnique",
    ],
)
def test_marketing_reaches_every_pricing_listing(model):
    response = marketing_client().get(f"/admin/snippets/pricing/{model}/")

    assert response.status_code == 200


def test_marketing_saves_an_offer_as_a_draft_and_schedules_it(shop):
    category, _tee = shop
    client = marketing_client()
    url = reverse("wagtailsnippets_pricing_specialoffer:add")
    go_live = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%d %H:%M")
    data = {
        "name": "Black Friday",
        "scope": category.pk,
        "percent_off": "25",
        "go_live_at": go_live,
        "expire_at": "",
    }

    draft = client.post(url, data)
    assert draft.status_code == 302
    offer = SpecialOffer.objects.get(name="Black Friday")
    assert offer.live is False and offer.latest_revision is not None

    edit = reverse("wagtailsnippets_pricing_specialoffer:edit", args=(offer.pk,))
    published = client.post(edit, {**data, "action-publish": "publish"})
    assert published.status_code == 302
    offer.refresh_from_db()
    assert offer.live is False  # scheduled, not yet live
    assert offer.scheduled_revision is not None


def test_a_discount_code_is_stored_in_capitals_and_checked(shop):
    client = marketing_client()
    url = reverse("wagtailsnippets_pricing_discountcode:add")
    base = {"code": "summer-26", "kind": "percent", "value": "10", "active": "on"}

    assert client.post(url, base).status_code == 302
    assert DiscountCode.objects.get().code == "SUMMER-26"

    bad = client.post(url, {**base, "code": "two", "value": "150"})
    assert bad.status_code == 200
    assert "A percentage is at most 100." in bad.content.decode()
    bad = client.post(url, {**base, "code": "x\x00y"})
    assert bad.status_code == 200
    assert DiscountCode.objects.count() == 1


def test_buyers_do_not_reach_pricing_in_the_admin():
    client = Client()
    client.force_login(user_create())

    response = client.get("/admin/snippets/pricing/discountcode/")

    assert response.status_code in (302, 403)
