"""Each storefront page costs the same number of queries with 1 and with 50 products.

Two counts per page: warm (the content cache filled, as on a shop with visitors) and
cold (right after a change, when every cached read is made again). Neither may grow
with the catalog. The warm counts are also pinned, so a new query per page shows.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shop.core.content_cache import content_changed
from tests.factories.catalog import category_create, image_create, product_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """These count the queries of a page as rendered (shop.core.page_cache off)."""
    settings.PAGE_CACHE_ENABLED = False


# page: queries with the content cache filled (anonymous visitor, no session).
WARM = {
    "home": 1,
    "category": 1,
    "category, filtered and sorted": 1,
    "category, page 2": 1,
    "product": 1,
    "search": 0,
}


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def measure(client, urls: dict[str, str]) -> tuple[dict, dict]:
    for url in urls.values():
        client.get(url)  # renditions and the settings row are made once
        client.get(url)
    warm = {name: count(client, url) for name, url in urls.items()}
    cold = {}
    for name, url in urls.items():
        content_changed()
        cold[name] = count(client, url)
    return warm, cold


def test_page_queries_stay_the_same_from_1_to_50_products(client):
    category = category_create(title="Shirts", products_per_page=24)
    images = [image_create(hex_code=f"#{n:02x}3355") for n in range(3)]
    first = product_create(category=category, title="Shirt 1", image=images[0])
    urls = {
        "home": "/",
        "category": category.url,
        "category, filtered and sorted": f"{category.url}?color=Black&size=M"
        "&min_price=1&max_price=100&sort=price",
        "category, page 2": f"{category.url}?page=2",
        "product": first.url,
        "search": "/search/?q=shirt",
    }

    warm_1, cold_1 = measure(client, urls)
    for n in range(2, 51):
        product_create(category=category, title=f"Shirt {n}", image=images[n % 3])
    warm_50, cold_50 = measure(client, urls)

    assert warm_50 == warm_1 == WARM
    assert cold_50 == cold_1
    # Cold, a page makes its reads again in a bounded number of queries.
    assert max(cold_50.values()) <= 20, cold_50


def test_api_product_list_queries_stay_the_same_from_1_to_50_products(client):
    category = category_create(title="Shirts")
    image = image_create()
    product_create(category=category, image=image)
    url = "/api/v1/products/"

    client.get(url)
    one = count(client, url)
    for _ in range(49):
        product_create(category=category, image=image)
    client.get(url)

    assert count(client, url) == one
