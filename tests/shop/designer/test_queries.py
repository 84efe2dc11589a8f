"""The designer page and its checks cost a fixed number of queries, whatever the
size of the catalog, the library or the design."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shop.designer.demo import designer_seed_demo
from tests.factories.catalog import category_create, product_create
from tests.shop.designer.conftest import api_client, document, text

pytestmark = pytest.mark.django_db


def _count(call) -> int:
    call()  # fills the content caches
    with CaptureQueriesContext(connection) as captured:
        response = call()
    assert response.status_code < 300, response.content[:500]
    return len(captured)


def test_designer_page_and_check_queries_do_not_grow(tee):
    api = api_client()
    page = lambda: api.client.get(f"/design/{tee.pk}/")  # noqa: E731

    def check(objects: int):
        doc = document(
            *[text(text=f"T{i}", fontSize=5, top=20 + i * 5) for i in range(objects)]
        )
        body = {"product": tee.pk, "color": "Black", "document": doc}
        return lambda: api.client.post(
            "/api/v1/designer/check/",
            json.dumps(body),
            content_type="application/json",
            HTTP_X_CSRFTOKEN=api.client.cookies["csrftoken"].value,
        )

    small = (_count(page), _count(check(1)))
    designer_seed_demo()
    category = category_create()
    for _ in range(15):
        product_create(category=category)
    large = (_count(page), _count(check(30)))

    assert small == large
    assert large[0] <= 6 and large[1] <= 4, large
