"""The category page costs the same number of queries for 1 and for 48 products."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.catalog import category_create, image_create, product_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """These count the queries of a page as rendered (shop.core.page_cache off)."""
    settings.PAGE_CACHE_ENABLED = False


# The page itself. The site, the route, the navigation, the shop settings, the
# breadcrumbs, the filter options, the ordered ids of the listed products and their
# cards are read from the cache (shop.core.content_cache) until the content changes.
CATEGORY_PAGE_QUERIES = 1


def queries_for(client, url) -> int:
    client.get(url)  # first view may create renditions (and settings)
    client.get(url)  # fills the content cache, as on a shop with visitors
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_category_page_queries_do_not_grow_with_products(client):
    category = category_create(title="Shirts", products_per_page=48)
    images = [image_create(hex_code=f"#{n:02x}3355") for n in range(4)]
    product_create(category=category, image=images[0])

    one = queries_for(client, category.url)
    for n in range(47):
        product_create(category=category, image=images[n % 4])
    forty_eight = queries_for(client, category.url)

    page = client.get(category.url).content.decode()
    assert page.count('class="product-card') == 48
    assert one == forty_eight == CATEGORY_PAGE_QUERIES


def test_filtered_listing_queries_do_not_grow_either(client):
    category = category_create(title="Shirts", products_per_page=48)
    image = image_create()
    product_create(category=category, image=image)
    url = f"{category.url}?color=Black&size=M&min_price=1&max_price=100&sort=price"

    one = queries_for(client, url)
    for _ in range(11):
        product_create(category=category, image=image)

    assert queries_for(client, url) == one
