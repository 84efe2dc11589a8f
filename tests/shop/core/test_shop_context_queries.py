"""Every storefront page reads the shop settings once, whatever uses them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("which", ["home", "category", "product", "search"])
def test_pages_read_the_shop_settings_at_most_once(client, catalog_tree, which):
    urls = {
        "home": "/",
        "category": catalog_tree["shirts"].url,
        "product": catalog_tree["products"][0].url,
        "search": "/search/?q=tee",
    }
    client.get(urls[which])  # renditions on the first view
    with CaptureQueriesContext(connection) as captured:
        response = client.get(urls[which])
    assert response.status_code == 200
    reads = [q for q in captured.captured_queries if "core_shopsettings" in q["sql"]]
    assert len(reads) <= 1
