"""Stock in the real Wagtail admin: the grid per product, the list, the colour picker."""

from __future__ import annotations

import pytest

from shop.catalog.models import ProductVariant, StockLevel
from tests.factories.catalog import category_create, image_create, product_create

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = "/tmp"


@pytest.fixture
def tee(live_server):
    return product_create(
        category=category_create(title="T-shirts"),
        title="Grid Tee",
        colors=(("Navy", "#1b2a4a"), ("Sand", "#d8c8a8"), ("Red", "#aa2222")),
        sizes=("S", "M", "L", "XL"),
        stock=10,
        image=image_create(hex_code="#1b2a4a"),
    )


def skus(product) -> list[str]:
    return list(
        ProductVariant.objects.filter(page=product)
        .order_by("sort_order")
        .values_list("sku", flat=True)
    )


def stock() -> dict[str, int]:
    return dict(StockLevel.objects.values_list("sku", "quantity"))


def cell(page, sku: str):
    return page.locator(f"input[name='stock-{sku}']")


def test_the_grid_opens_from_the_product_editor_and_saves_in_one_request(
    admin_page, live_server, tee
):
    page = admin_page
    page.goto(f"{live_server.url}/admin/pages/{tee.pk}/edit/")
    link = page.locator("[data-stock-grid-link]")
    if not link.is_visible():  # the header's "more" menu
        page.locator("header button[aria-label='Actions']").click()
    page.screenshot(path=f"{SCREENSHOTS}/stock_editor_button.png")
    with page.expect_navigation():
        link.click()
    assert page.url.endswith(f"/admin/stock/product/{tee.pk}/")

    rows = page.locator(".stock-grid__table tbody th")
    assert [t.strip() for t in rows.all_inner_texts()] == ["Navy", "Sand", "Red"]
    heads = page.locator(".stock-grid__table thead th").all_inner_texts()[1:]
    assert heads == ["S", "M", "L", "XL"]
    first, second, *_rest, last = skus(tee)
    assert page.locator(".stock-grid__sku").first.inner_text() == first
    page.screenshot(path=f"{SCREENSHOTS}/stock_grid_1280.png", full_page=True)

    posts = []
    page.on(
        "request",
        lambda request: posts.append(request.url) if request.method == "POST" else None,
    )
    cell(page, first).fill("3")
    cell(page, second).fill("0")
    cell(page, last).fill("250")
    with page.expect_navigation():
        page.click("button.stock-grid__save")

    assert len(posts) == 1
    assert "3 SKUs changed" in page.locator(".messages").inner_text()
    after = stock()
    assert (after[first], after[second], after[last]) == (3, 0, 250)
    assert all(after[sku] == 10 for sku in skus(tee)[2:-1])
    assert cell(page, first).input_value() == "3"


def test_a_bad_cell_shows_a_message_there_and_stores_nothing(
    admin_page, live_server, tee
):
    page = admin_page
    before = stock()
    first, second = skus(tee)[:2]
    page.goto(f"{live_server.url}/admin/stock/product/{tee.pk}/")

    cell(page, first).fill("7")
    cell(page, second).fill("-2")
    with page.expect_navigation():
        page.click("button.stock-grid__save")

    error = page.locator(".stock-grid__cell--error .error-message")
    assert error.count() == 1
    assert "whole number from 0 to 1000000" in error.inner_text()
    assert second in page.locator(".stock-grid__cell--error").inner_text()
    assert "Nothing was saved" in page.locator(".messages").inner_text()
    assert stock() == before
    # What the editor typed is kept, to correct and save again.
    assert cell(page, first).input_value() == "7"
    page.screenshot(path=f"{SCREENSHOTS}/stock_grid_error.png", full_page=True)

    cell(page, second).fill("2")
    with page.expect_navigation():
        page.click("button.stock-grid__save")
    assert (stock()[first], stock()[second]) == (7, 2)


def test_the_grid_is_usable_at_375_px(admin_page, live_server, tee):
    page = admin_page
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/admin/stock/product/{tee.pk}/")
    page.screenshot(path=f"{SCREENSHOTS}/stock_grid_375.png", full_page=True)

    # The page itself does not scroll sideways; the grid scrolls in its own box.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    last = cell(page, skus(tee)[-1])
    last.scroll_into_view_if_needed()
    assert last.is_visible()
    last.fill("4")
    with page.expect_navigation():
        page.locator("button.stock-grid__save").click()
    assert stock()[skus(tee)[-1]] == 4
    page.screenshot(path=f"{SCREENSHOTS}/stock_grid_375_saved.png")


def test_the_stock_list_links_each_row_to_its_grid(admin_page, live_server, tee):
    page = admin_page
    page.goto(f"{live_server.url}/admin/")
    with page.expect_navigation():
        page.locator("#wagtail-sidebar a[href='/admin/stock/']").click()
    page.screenshot(path=f"{SCREENSHOTS}/stock_list_1280.png", full_page=True)
    assert page.locator("table.listing > tbody > tr").count() == 12
    page.screenshot(path=f"{SCREENSHOTS}/stock_list_1280.png", full_page=True)

    page.goto(f"{live_server.url}/admin/stock/?q={skus(tee)[5]}")
    assert page.locator("table.listing > tbody > tr").count() == 1
    with page.expect_navigation():
        page.locator("table.listing > tbody > tr a").first.click()
    assert page.url.endswith(f"/admin/stock/product/{tee.pk}/")

    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/admin/stock/")
    page.screenshot(path=f"{SCREENSHOTS}/stock_list_375.png", full_page=True)


def test_publishing_warns_about_skus_without_stock_and_links_to_the_grid(
    admin_page, live_server, tee
):
    page = admin_page
    page.goto(f"{live_server.url}/admin/pages/{tee.pk}/edit/")
    page.click("#id_sizes-ADD")
    page.fill("#id_sizes-4-name", "XXL")
    page.locator("footer [data-w-dropdown-target='toggle']").click()
    with page.expect_navigation():
        page.locator("button[name='action-publish']").click()

    messages = page.locator(".messages").inner_text()
    assert "3 SKUs of this product have no stock." in messages
    warning = page.locator(".messages li.warning")
    assert warning.is_visible()
    page.wait_for_timeout(600)
    page.screenshot(path=f"{SCREENSHOTS}/stock_publish_warning.png")
    with page.expect_navigation():
        page.locator(".messages a", has_text="Set stock").click()
    assert page.url.endswith(f"/admin/stock/product/{tee.pk}/")
    assert page.locator(".stock-grid__table thead th").all_inner_texts()[-1] == "XXL"


def test_the_colour_picker_and_the_hex_code_follow_each_other(
    admin_page, live_server, tee
):
    page = admin_page
    page.goto(f"{live_server.url}/admin/pages/{tee.pk}/edit/")
    text = page.locator("#id_colors-0-hex_code")
    swatch = page.locator(
        "[data-color-picker]:has(#id_colors-0-hex_code) input[type=color]"
    )
    assert swatch.input_value() == "#1b2a4a"

    swatch.fill("#00ff80")
    assert text.input_value() == "#00ff80"
    text.fill("#ABCDEF")
    assert swatch.input_value() == "#abcdef"
    text.fill("#12")  # half typed: the picker keeps the last good colour
    assert swatch.input_value() == "#abcdef"

    # A color row added in the editor gets a working picker too.
    page.click("#id_colors-ADD")
    new_text = page.locator("#id_colors-3-hex_code")
    new_swatch = page.locator(
        "[data-color-picker]:has(#id_colors-3-hex_code) input[type=color]"
    )
    new_swatch.fill("#336699")
    assert new_text.input_value() == "#336699"
    new_text.scroll_into_view_if_needed()
    page.screenshot(path=f"{SCREENSHOTS}/color_picker_1280.png")
    page.set_viewport_size({"width": 375, "height": 800})
    text.scroll_into_view_if_needed()
    page.screenshot(path=f"{SCREENSHOTS}/color_picker_375.png")
