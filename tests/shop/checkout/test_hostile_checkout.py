"""Every checkout field gets every class of hostile value: a clear answer (200
with the field's message, 302 back, 400/404/409), never a 500, and nothing stored
with control characters."""

from __future__ import annotations

import pytest
from django.test import Client

from shop.orders.models import Order
from tests.factories.catalog import category_create, product_create
from tests.factories.orders import DETAILS, cart_add, details_post, review_form
from tests.test_hostile_input import HOSTILE, stored_text_with_control_characters

pytestmark = pytest.mark.django_db

DETAIL_FIELDS = [
    *DETAILS,
    "shipping_method",
    "billing_choice",
    "shipping_choice",
    "shipping-full_name",
    "shipping-country",
    "shipping-postal_code",
]


@pytest.fixture
def tee():
    return product_create(category=category_create(title="Shirts"), stock=50)


@pytest.mark.parametrize("value_class", list(HOSTILE))
def test_hostile_details_are_refused_with_a_message(tee, value_class):
    client = Client(raise_request_exception=False)
    cart_add(client, tee)
    for field in DETAIL_FIELDS:
        response = details_post(client, **{field: HOSTILE[value_class]})
        assert response.status_code in (200, 302), (field, response.status_code)
        if response.status_code == 200:
            assert "alert--error" in response.content.decode(), field
    assert stored_text_with_control_characters() == []


@pytest.mark.parametrize("value_class", list(HOSTILE))
def test_hostile_review_posts_place_nothing(tee, value_class):
    client = Client(raise_request_exception=False)
    cart_add(client, tee)
    details_post(client)
    form = review_form(client)
    for field in ("checkout_key", "fingerprint", "accept_terms"):
        data = {**form, "accept_terms": "on", field: HOSTILE[value_class]}
        response = client.post("/checkout/review/", data)
        assert response.status_code < 500, (field, response.status_code)
    assert not Order.objects.exclude(status="pending").exists()


@pytest.mark.parametrize("value_class", list(HOSTILE))
def test_hostile_order_pages_and_webhooks_are_4xx(value_class):
    client = Client(raise_request_exception=False)
    value = HOSTILE[value_class]
    assert client.post("/payments/webhook/", {"id": value}).status_code == 400
    assert client.get(f"/checkout/orders/{value[:200]}/").status_code in (400, 404)
    assert client.post(f"/checkout/orders/{value[:200]}/pay/").status_code in (
        400,
        403,
        404,
    )
