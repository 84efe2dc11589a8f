"""Query counts of the checkout pages, the place request and the webhook: fixed,
whatever the size of the cart's catalog or the number of earlier orders."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shop.payments.models import Payment
from tests.factories.catalog import category_create, product_create
from tests.factories.orders import cart_add, details_post, place, review_form

pytestmark = pytest.mark.django_db


def _checkout_queries(client, tee) -> dict[str, int]:
    cart_add(client, tee)
    counts = {}
    client.get("/checkout/")
    with CaptureQueriesContext(connection) as details:
        client.get("/checkout/")
    counts["details"] = len(details.captured_queries)
    details_post(client)
    with CaptureQueriesContext(connection) as review:
        form = review_form(client)
    counts["review"] = len(review.captured_queries)
    with CaptureQueriesContext(connection) as placed:
        response = place(client, form)
    assert response.status_code == 302
    counts["place"] = len(placed.captured_queries)
    payment = Payment.objects.order_by("-pk").first()
    from django.test import Client

    with CaptureQueriesContext(connection) as hook:
        Client().post("/payments/webhook/", {"id": payment.provider_id})
    counts["webhook_ignored_open"] = len(hook.captured_queries)
    return counts


def test_checkout_query_counts_do_not_grow_with_the_catalog(client):
    shirts = category_create(title="Shirts")
    tee = product_create(category=shirts, title="Tee", stock=50)
    small = _checkout_queries(client, tee)
    for n in range(15):
        product_create(category=shirts, title=f"More {n}")
    from django.test import Client

    large = _checkout_queries(Client(), tee)
    assert all(large[name] <= small[name] for name in small), (small, large)
    assert small["details"] <= 25 and small["review"] <= 25
    assert small["place"] <= 30 and small["webhook_ignored_open"] <= 6


def test_placing_an_order_leaves_the_reads_without_stock_cached(client):
    from shop.core.content_cache import content_version_get

    tee = product_create(category=category_create(title="Shirts"), stock=50)
    cart_add(client, tee)
    details_post(client)
    form = review_form(client)
    shown, hidden = content_version_get(), content_version_get(stock=False)

    assert place(client, form).status_code == 302

    assert content_version_get() > shown
    assert content_version_get(stock=False) == hidden
