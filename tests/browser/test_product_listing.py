"""The Products listing in the real Wagtail admin, for an editor, at 1280 and 375 px."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shop.accounts.roles import EDITORS
from shop.catalog.models import ProductVariant, StockLevel
from tests.factories.accounts import PASSWORD, user_create
from tests.factories.catalog import category_create, image_create, product_create

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = "/tmp"


@pytest.fixture
def catalog(live_server):
    shirts = category_create(title="T-shirts")
    mugs = category_create(title="Mugs")
    tee = product_create(
        category=shirts,
        title="Classic Tee",
        colors=(("Navy", "#1b2a4a"), ("Sand", "#d8c8a8")),
        sizes=("S", "M", "L", "XL"),
        stock=6,
        image=image_create(hex_code="#1b2a4a"),
    )
    ProductVariant.objects.filter(page=tee, size="XL").update(
        price_amount=Decimal("24.50")
    )
    StockLevel.objects.filter(
        sku__in=ProductVariant.objects.filter(page=tee, color="Sand").values("sku")
    ).update(quantity=0)
    product_create(
        category=shirts,
        title="Organic Heavyweight Oversized Long Sleeve Tee",
        colors=(("Forest", "#2f4f2f"),),
        stock=0,
        image=image_create(hex_code="#2f4f2f"),
    )
    product_create(
        category=mugs,
        title="Enamel Mug",
        colors=(("White", "#ffffff"),),
        sizes=("One size",),
        price=Decimal("12.00"),
        stock=40,
        image=image_create(hex_code="#eeeeee", shape="mug"),
    )
    product_create(category=mugs, title="Travel Mug", sizes=("One size",), image=None)
    return {"shirts": shirts, "tee": tee}


@pytest.fixture
def editor_page(page, live_server):
    """``page``, logged in through the admin's login form as a member of Editors."""
    user_create(email="editor@atelier.test", groups=(EDITORS,))
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "editor@atelier.test")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    return page


def row(page, title: str):
    return page.locator("table.listing > tbody > tr", has_text=title)


def wait_for_thumbnails(page) -> None:
    """Every thumbnail loaded with pixels (they are lazy: wait, do not just look)."""
    page.wait_for_function(
        """() => [...document.querySelectorAll('.product-listing__thumb img')]
            .every(img => img.complete && img.naturalWidth > 0)"""
    )


def test_the_listing_opens_from_the_menu_and_shows_thumbnail_price_and_stock(
    editor_page, live_server, catalog
):
    page = editor_page
    with page.expect_navigation():
        page.locator("#wagtail-sidebar a[href='/admin/products/']").click()
    assert page.url == f"{live_server.url}/admin/products/"
    assert page.locator("table.listing > tbody > tr").count() == 4

    tee = row(page, "Classic Tee")
    assert tee.locator("img").get_attribute("alt") == "Classic Tee in Navy"
    assert tee.locator(".product-listing__price").inner_text() == "from €\xa019.90"
    assert tee.locator(".product-listing__stock").inner_text().split("\n") == [
        "24 units",
        "4 of 8 SKUs sold out",
    ]
    mug = row(page, "Enamel Mug")
    assert mug.locator(".product-listing__price").inner_text() == "€\xa012.00"
    assert "40 units" in mug.locator(".product-listing__stock").inner_text()
    sold_out = row(page, "Organic Heavyweight")
    assert sold_out.locator(".product-listing__stock").inner_text() == "Out of stock"
    assert row(page, "Travel Mug").locator("[data-product-thumb-placeholder]").count()
    wait_for_thumbnails(page)
    page.screenshot(path=f"{SCREENSHOTS}/listing_desktop.png", full_page=True)

    with page.expect_navigation():
        tee.locator("[data-stock-grid-link]").click()
    assert page.url.endswith(f"/admin/stock/product/{catalog['tee'].pk}/")


def test_the_listing_scrolls_in_its_own_box_at_375_px(
    editor_page, live_server, catalog
):
    page = editor_page
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/admin/products/")
    wait_for_thumbnails(page)
    page.screenshot(path=f"{SCREENSHOTS}/listing_375.png", full_page=True)

    # The page does not scroll sideways; the table scrolls inside its box.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    box = page.locator(".product-listing__scroll")
    width, scroll_width = box.evaluate("b => [b.clientWidth, b.scrollWidth]")
    assert width <= 375
    assert scroll_width > width
    stock = row(page, "Classic Tee").locator(".product-listing__stock")
    stock.scroll_into_view_if_needed()
    assert stock.is_visible()


def test_a_category_in_the_explorer_links_to_its_products(
    editor_page, live_server, catalog
):
    page = editor_page
    page.goto(f"{live_server.url}/admin/pages/{catalog['shirts'].pk}/")
    page.locator("header button[aria-label='Actions']").click()
    link = page.locator("[data-products-listing-link]")
    assert link.inner_text().strip() == "Product listing"
    with page.expect_navigation():
        link.click()

    assert page.url.endswith(f"/admin/products/?category={catalog['shirts'].pk}")
    titles = page.locator("table.listing > tbody > tr .title-wrapper").all_inner_texts()
    assert sorted(t.strip() for t in titles) == [
        "Classic Tee",
        "Organic Heavyweight Oversized Long Sleeve Tee",
    ]
