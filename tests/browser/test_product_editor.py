"""The product editor in the real Wagtail admin: autosave never makes variants or stock.

Wagtail 8 autosaves about 0.5 s after typing stops, but only once its change watcher
is armed (2 s after the form loads); each test waits for that before typing.
"""

from __future__ import annotations

import re

import pytest

from shop.catalog.models import ProductPage, ProductVariant, StockLevel
from tests.factories.catalog import category_create, image_create, product_create

# transaction=True: the live server's thread must see the test's rows; the conftest
# puts back the rows the migrations made before each test.
pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = "/tmp"
WATCHING = "document.addEventListener('w-unsaved:watch-edits', () => { window.editorWatching = true; });"


def open_editor(page, live_server, product: ProductPage) -> None:
    page.add_init_script(WATCHING)
    page.goto(f"{live_server.url}/admin/pages/{product.pk}/edit/")
    page.wait_for_function("window.editorWatching === true")


def is_autosave(response) -> bool:
    request = response.request
    return (
        request.method == "POST"
        and "/edit/" in request.url
        and request.headers.get("accept") == "application/json"
    )


def type_and_pause(page, selector: str, text: str) -> dict:
    """Type slowly, then stop as an editor does; returns the autosave's answer."""
    with page.expect_response(is_autosave, timeout=10_000) as answer:
        page.locator(selector).press_sequentially(text, delay=150)
        page.wait_for_timeout(1_600)
    return answer.value.json()


def publish(page) -> None:
    page.locator("footer [data-w-dropdown-target='toggle']").click()
    with page.expect_navigation():
        page.locator("button[name='action-publish']").click()


def variants(product: ProductPage) -> set[tuple[str, str]]:
    """(color, size) of the product's variants: live and in its latest draft."""
    live = set(ProductVariant.objects.filter(page=product).values_list("color", "size"))
    draft = ProductPage.objects.get(pk=product.pk).get_latest_revision_as_object()
    return live | {(v.color, v.size) for v in draft.variants.all()}


@pytest.fixture
def navy_tee(live_server):
    image = image_create(hex_code="#1b2a4a")
    image_create(hex_code="#d8c8a8")  # a second mockup to choose for a new color
    return product_create(
        category=category_create(title="T-shirts"),
        title="Navy Tee",
        colors=(("Navy", "#1b2a4a"),),
        sizes=("M",),
        image=image,
    )


def test_slow_typing_and_pauses_make_no_variants_until_publish(
    admin_page, live_server, navy_tee
):
    page = admin_page
    stock_before = dict(StockLevel.objects.values_list("sku", "quantity"))
    open_editor(page, live_server, navy_tee)

    # A size typed slowly, with a pause after the "X" of "XL".
    page.click("#id_sizes-ADD")
    answer = type_and_pause(page, "#id_sizes-1-name", "X")
    assert answer["success"] is True
    assert variants(navy_tee) == {("Navy", "M")}
    assert dict(StockLevel.objects.values_list("sku", "quantity")) == stock_before

    answer = type_and_pause(page, "#id_sizes-1-name", "L")
    assert answer["success"] is True
    assert variants(navy_tee) == {("Navy", "M")}
    assert dict(StockLevel.objects.values_list("sku", "quantity")) == stock_before

    # A color added and left without a name: the autosave refuses it, nothing made.
    with page.expect_response(is_autosave, timeout=10_000) as refused:
        page.click("#id_colors-ADD")
        page.wait_for_timeout(1_600)
    assert refused.value.json()["error_code"] == "validation_error"
    assert variants(navy_tee) == {("Navy", "M")}
    assert not ProductVariant.objects.filter(color="").exists()
    assert dict(StockLevel.objects.values_list("sku", "quantity")) == stock_before
    page.screenshot(path=f"{SCREENSHOTS}/product_editor_autosaved.png")

    # The editor names the color, gives it its mockup and publishes.
    page.fill("#id_colors-1-name", "Sand")
    page.locator(
        "#id_colors-1-front_image-chooser [data-chooser-action-choose]"
    ).click()
    page.locator(".modal [data-chooser-modal-choice]").last.click()
    page.wait_for_selector(".modal", state="detached")
    publish(page)

    assert "has been published" in page.locator(".messages").inner_text()
    assert not page.locator(".error-message").count()
    product = ProductPage.objects.get(pk=navy_tee.pk)
    skus = set(product.variants.values_list("sku", flat=True))
    assert set(
        ProductVariant.objects.filter(page=product).values_list("color", "size")
    ) == {("Navy", "M"), ("Navy", "XL"), ("Sand", "M"), ("Sand", "XL")}
    stock = dict(StockLevel.objects.values_list("sku", "quantity"))
    new_skus = skus - set(stock_before)
    assert len(new_skus) == 3
    assert all(stock[sku] == 0 for sku in new_skus)
    assert {sku: stock[sku] for sku in stock_before} == stock_before
    assert not [sku for sku in stock if re.search(r"-X$", sku)]


def test_a_price_typed_with_a_decimal_comma_shows_as_24_90_on_the_site(
    admin_page, live_server, navy_tee
):
    page = admin_page
    open_editor(page, live_server, navy_tee)
    price = page.locator("#id_variants-0-price_amount")
    assert price.get_attribute("type") == "text"
    assert price.get_attribute("inputmode") == "decimal"

    price.fill("")
    price.press_sequentially("24,90", delay=50)
    publish(page)
    assert "has been published" in page.locator(".messages").inner_text()

    page.goto(f"{live_server.url}/admin/pages/{navy_tee.pk}/edit/")
    price = page.locator("#id_variants-0-price_amount")
    assert price.input_value() == "24.90"
    price.scroll_into_view_if_needed()
    page.screenshot(path=f"{SCREENSHOTS}/product_editor_price.png")

    page.goto(live_server.url + ProductPage.objects.get(pk=navy_tee.pk).url)
    shown = page.locator(".product__info [data-price]").inner_text()
    assert "24.90" in shown, shown
    assert "2,490" not in page.content()
    assert "2490" not in page.content()
