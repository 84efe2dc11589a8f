"""A shopper's stored page and an editor's Publish: the next reload shows the change."""

from __future__ import annotations

import pytest

from tests.browser.test_product_editor import open_editor, publish
from tests.factories.catalog import category_create, image_create, product_create

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_editors_publish_shows_on_the_shoppers_next_reload(
    browser, admin_page, live_server
):
    category = category_create(title="Hoodies")
    product = product_create(
        category=category, title="Harbour Hoodie", image=image_create()
    )
    shopper = browser.new_context(viewport={"width": 375, "height": 800})
    shop_page = shopper.new_page()
    url = f"{live_server.url}{category.url}"
    shop_page.goto(url)  # the first visits make renditions and the settings row
    shop_page.goto(url)
    served = shop_page.goto(url)
    assert served.headers["x-page-cache"] == "hit"
    assert shop_page.locator(".card__title").inner_text() == "Harbour Hoodie"

    open_editor(admin_page, live_server, product)
    admin_page.fill("#id_title", "Harbour Hoodie, heavy")
    publish(admin_page)

    reloaded = shop_page.reload()
    assert reloaded.headers["x-page-cache"] == "miss"
    assert shop_page.locator(".card__title").inner_text() == "Harbour Hoodie, heavy"
    shop_page.screenshot(path="/tmp/page_cache_after_publish_375.png")
    shopper.close()
