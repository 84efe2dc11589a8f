"""The cart page and the cart API cost the same number of queries for 1 or 12 lines
and for a small or a large catalog."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from shop.pricing.models import DiscountCode
from tests.factories.accounts import user_create
from tests.factories.catalog import category_create, product_create

pytestmark = pytest.mark.django_db


def queries(client, url: str) -> int:
    client.get(url)  # fills the content caches
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def fill(client, products) -> None:
    for product in products:
        client.post(
            "/cart/add/",
            {"product": product.pk, "color": "Black", "size": "M", "quantity": 1},
        )
    client.post("/cart/code/", {"code": "TEN"})


@pytest.mark.parametrize("logged_in", [False, True], ids=["session", "user"])
def test_cart_queries_do_not_grow_with_lines_or_the_catalog(logged_in):
    DiscountCode.objects.create(code="TEN", value=10)
    category = category_create()
    products = [product_create(category=category) for _ in range(12)]

    def measure(count: int) -> tuple[int, int]:
        client = Client()
        if logged_in:
            client.force_login(user_create())
        fill(client, products[:count])
        return queries(client, "/cart/"), queries(client, "/api/v1/cart/")

    one = measure(1)
    twelve = measure(12)

    assert one == twelve
    assert max(one) <= (10 if logged_in else 4), one
