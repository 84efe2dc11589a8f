"""The product editor's variant table, used in the real admin as an editor would.

Colors down, sizes across, one price per cell, the full SKU read-only under it. The
table follows the color and size rows as they are added, renamed and deleted, and
what is saved is what the table showed.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from shop.catalog.models import ProductPage, ProductVariant
from tests.browser.test_product_editor import is_autosave, open_editor, publish
from tests.factories.catalog import category_create, image_create, product_create

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = "/tmp"


def table(page) -> list[list[str]]:
    """The table as text: header row, then one row per color (price or SKU text)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('[data-variant-table-grid] tr')].map(
            (tr) => [...tr.children].map((c) => {
                const input = c.querySelector('input[type=text]');
                const sku = c.querySelector('[data-variant-cell-sku]');
                if (!input) return c.innerText.trim();
                return `${input.value || input.placeholder}|${sku.innerText.trim()}`;
            }))"""
    )


def cell(page, color: str, size: str):
    """The price input of a cell, found by its label as a screen reader would."""
    return page.get_by_label(f"{color} / {size} price", exact=True)


def stored(product: ProductPage) -> dict[tuple[str, str], tuple[str, Decimal]]:
    return {
        (v.color, v.size): (v.sku, v.price_amount)
        for v in ProductVariant.objects.filter(page=product)
    }


@pytest.fixture
def tee(live_server):
    image = image_create(hex_code="#1b2a4a")
    return product_create(
        category=category_create(title="T-shirts"),
        title="Organic Tee",
        colors=(("Navy", "#1b2a4a"), ("White", "#ffffff")),
        sizes=("S", "M"),
        price=Decimal("20.00"),
        image=image,
    )


def test_the_table_shows_colors_by_sizes_and_saves_what_it_shows(
    admin_page, live_server, tee
):
    page = admin_page
    before = stored(tee)
    open_editor(page, live_server, tee)

    rows = table(page)
    assert rows[0] == ["Color \\ Size", "S", "M"]
    assert [row[0] for row in rows[1:]] == ["Navy", "White"]
    assert rows[1][1] == f"20.00|{before['Navy', 'S'][0]}"
    # 2 x 2 variants: one cell each, no stacked rows of inputs.
    assert page.locator("[data-variant-table-grid] input[type=text]").count() == 4
    assert not page.locator("[name$='-sku'][type=text]").count()

    # A price override in one cell; the others stay blank (base price).
    cell(page, "White", "M").press_sequentially("24,50", delay=60)

    # Renaming a color renames its row of the table as the editor types.
    name = page.locator("#id_colors-0-name")
    name.fill("")
    name.press_sequentially("Midnight", delay=80)
    page.wait_for_timeout(300)
    assert [row[0] for row in table(page)[1:]] == ["Midnight", "White"]

    # A size added: a new column whose cells get their SKU on save.
    page.click("#id_sizes-ADD")
    page.locator("#id_sizes-2-name").press_sequentially("XL", delay=80)
    page.wait_for_timeout(300)
    rows = table(page)
    assert rows[0] == ["Color \\ Size", "S", "M", "XL"]
    assert rows[1][3] == "20.00|New: SKU made on save"
    cell(page, "Midnight", "XL").fill("23.00")

    # The base price moves the placeholders of cells that follow it.
    base = page.locator("#id_base_price_amount")
    base.fill("")
    # The editor pauses before publishing: the autosave of the last keystrokes has
    # answered (an autosave still in flight when Publish is clicked may land after
    # it as a newer draft, Wagtail's own race).
    with page.expect_response(is_autosave, timeout=10_000):
        base.press_sequentially("21", delay=60)
        page.wait_for_timeout(200)
        assert cell(page, "Midnight", "S").get_attribute("placeholder") == "21.00"

    page.locator("[data-variant-table]").scroll_into_view_if_needed()
    page.screenshot(path=f"{SCREENSHOTS}/variant_table_editing.png")
    publish(page)
    assert "has been published" in page.locator(".messages").inner_text()

    after = stored(tee)
    assert set(after) == {
        (color, size) for color in ("Midnight", "White") for size in ("S", "M", "XL")
    }
    # The renamed color kept its SKUs; prices are what the table showed.
    assert after["Midnight", "S"] == (before["Navy", "S"][0], Decimal("21.00"))
    assert after["Midnight", "M"] == (before["Navy", "M"][0], Decimal("21.00"))
    assert after["White", "M"] == (before["White", "M"][0], Decimal("24.50"))
    assert after["Midnight", "XL"][1] == Decimal("23.00")
    assert after["White", "XL"][1] == Decimal("21.00")
    new_skus = {after["Midnight", "XL"][0], after["White", "XL"][0]}
    assert len(new_skus) == 2 and not new_skus & {sku for sku, _p in before.values()}

    # Reopened, the table shows the saved SKUs and the override.
    page.goto(f"{live_server.url}/admin/pages/{tee.pk}/edit/")
    rows = table(page)
    assert rows[1][3] == f"23.00|{after['Midnight', 'XL'][0]}"
    assert rows[2][2] == f"24.50|{after['White', 'M'][0]}"


def test_a_wrong_price_is_shown_at_its_cell_and_nothing_is_stored(
    admin_page, live_server, tee
):
    page = admin_page
    before = stored(tee)
    open_editor(page, live_server, tee)

    cell(page, "Navy", "M").fill("0")
    cell(page, "White", "S").fill("12.345")
    publish(page)

    errors = page.locator("[data-variant-table-grid] .variant-cell--error")
    assert errors.count() == 2
    navy_m = page.locator("[data-variant-table-grid] td", has=cell(page, "Navy", "M"))
    assert "more than 0.00" in navy_m.inner_text()
    white_s = page.locator("[data-variant-table-grid] td", has=cell(page, "White", "S"))
    assert "at most two decimals" in white_s.inner_text()
    # The typed values are still in their cells to be corrected.
    assert cell(page, "White", "S").input_value() == "12.345"
    # A screen reader hears the message on the input.
    expect(cell(page, "White", "S")).to_have_accessible_description(
        re.compile("at most two decimals")
    )
    expect(cell(page, "Navy", "M")).to_have_attribute("aria-invalid", "true")
    assert stored(tee) == before
    errors.first.scroll_into_view_if_needed()
    page.screenshot(path=f"{SCREENSHOTS}/variant_table_errors.png")


def test_a_deleted_size_leaves_the_table_and_its_variants_go_on_save(
    admin_page, live_server, tee
):
    page = admin_page
    before = stored(tee)
    open_editor(page, live_server, tee)

    page.click("#id_sizes-0-DELETE-button")
    page.wait_for_timeout(800)
    assert table(page)[0] == ["Color \\ Size", "M"]
    removed = page.locator("[data-variant-table-removed]")
    assert removed.is_visible()
    assert before["Navy", "S"][0] in removed.inner_text()
    publish(page)

    assert "has been published" in page.locator(".messages").inner_text()
    assert stored(tee) == {key: value for key, value in before.items() if key[1] == "M"}


def test_a_never_published_product_keeps_its_skus_through_autosave_and_rename(
    admin_page, live_server
):
    """The autosave of a draft writes its rows; the table keeps the hidden names in
    step, so the later save does not re-create the variants with new SKUs."""
    page = admin_page
    draft = product_create(
        category=category_create(title="Mugs"),
        title="Mug",
        colors=(("Red", "#aa0000"),),
        sizes=("One size",),
        image=image_create(hex_code="#aa0000"),
        live=False,
    )
    sku = draft.variants.get().sku
    open_editor(page, live_server, draft)

    name = page.locator("#id_colors-0-name")
    with page.expect_response(is_autosave, timeout=10_000) as answer:
        name.fill("")
        name.press_sequentially("Crimson", delay=120)
        page.wait_for_timeout(1_600)
    assert answer.value.json()["success"] is True

    with page.expect_navigation():
        page.locator("footer button.action-save").first.click()
    assert list(
        ProductVariant.objects.filter(page=draft).values_list("color", "sku")
    ) == [("Crimson", sku)]
    latest = ProductPage.objects.get(pk=draft.pk).get_latest_revision_as_object()
    assert [(v.color, v.sku) for v in latest.variants.all()] == [("Crimson", sku)]


def test_the_table_scrolls_inside_its_box_on_a_phone(admin_page, live_server, tee):
    page = admin_page
    page.set_viewport_size({"width": 375, "height": 800})
    open_editor(page, live_server, tee)
    page.click("#id_sizes-ADD")
    page.locator("#id_sizes-2-name").press_sequentially("XXL", delay=40)
    page.wait_for_timeout(300)

    box = page.locator(".variant-table__scroll")
    box.scroll_into_view_if_needed()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    sizes = page.evaluate(
        "(() => { const b = document.querySelector('.variant-table__scroll');"
        " return [b.scrollWidth, b.clientWidth]; })()"
    )
    assert sizes[0] > sizes[1]
    # Color names wrap between words, never inside one ("Whit/e").
    lines_and_words = page.evaluate(
        """() => [...document.querySelectorAll('[data-variant-table-grid] th')].map((th) => {
            const range = document.createRange();
            range.selectNodeContents(th.querySelector('span:not([aria-hidden])') || th);
            const tops = new Set([...range.getClientRects()]
                .filter((r) => r.width > 0).map((r) => Math.round(r.top)));
            return [th.innerText.trim(), tops.size, th.innerText.trim().split(/\\s+/).length];
        })"""
    )
    assert [row for row in lines_and_words if row[1] > row[2]] == [], lines_and_words
    # Every price input stays reachable and typeable.
    cell(page, "White", "XXL").fill("30")
    assert cell(page, "White", "XXL").input_value() == "30"
    # Going back with Shift+Tab scrolls each price out from under the color column.
    for size in ("M", "S"):
        page.keyboard.press("Shift+Tab")
        focused = page.evaluate(
            """() => {
                const input = document.activeElement;
                const header = input.closest('tr').querySelector('th');
                return [input.labels[0].innerText.replace(/\\s+/g, ' ').trim(),
                        input.getBoundingClientRect().left
                        - header.getBoundingClientRect().right];
            }"""
        )
        assert focused[0] == f"White / {size} price"
        assert focused[1] >= 0, focused
    page.screenshot(path=f"{SCREENSHOTS}/variant_table_375.png")


def test_a_form_taken_for_another_combination_shows_nothing_of_the_old_one(
    admin_page, live_server, tee
):
    """The form of a deleted new column serves the next new one: blank and new."""
    page = admin_page
    open_editor(page, live_server, tee)
    page.click("#id_sizes-ADD")
    page.locator("#id_sizes-2-name").press_sequentially("XL", delay=40)
    cell(page, "Navy", "XL").fill("99")
    page.click("#id_sizes-2-DELETE-button")
    page.click("#id_sizes-ADD")
    page.locator("#id_sizes-3-name").press_sequentially("L", delay=40)
    page.wait_for_timeout(300)

    rows = table(page)
    assert rows[0] == ["Color \\ Size", "S", "M", "L"]
    assert rows[1][3] == "20.00|New: SKU made on save"
    assert cell(page, "Navy", "L").input_value() == ""
    publish(page)

    assert "has been published" in page.locator(".messages").inner_text()
    after = stored(tee)
    assert after["Navy", "L"][1] == Decimal("20.00")
    assert ("Navy", "XL") not in after


def test_variants_of_a_size_deleted_by_an_autosave_stay_listed_as_removed(
    admin_page, live_server, tee
):
    """The autosave stores the deletion and empties the forms' ids; the table still
    lists the variants as removed and gives a new size forms of its own."""
    page = admin_page
    before = stored(tee)
    open_editor(page, live_server, tee)

    page.click("#id_sizes-0-DELETE-button")
    with page.expect_response(is_autosave, timeout=10_000) as answer:
        cell(page, "White", "M").press_sequentially("22", delay=80)
        page.wait_for_timeout(1_600)
    assert answer.value.json()["field_updates"]["variants-0-id"] == ""
    page.click("#id_sizes-ADD")
    page.locator("#id_sizes-2-name").press_sequentially("XS", delay=80)
    page.wait_for_timeout(300)

    removed = page.locator("[data-variant-table-removed]")
    assert removed.is_visible()
    assert before["Navy", "S"][0] in removed.inner_text()
    rows = table(page)
    assert rows[0] == ["Color \\ Size", "M", "XS"]
    assert rows[1][2] == "20.00|New: SKU made on save"
    assert rows[2][2] == "20.00|New: SKU made on save"
    publish(page)

    assert "has been published" in page.locator(".messages").inner_text()
    after = stored(tee)
    assert set(after) == {(c, s) for c in ("Navy", "White") for s in ("M", "XS")}
    assert after["Navy", "M"] == before["Navy", "M"]
    assert after["White", "M"] == (before["White", "M"][0], Decimal("22.00"))
    assert after["Navy", "XS"][0] not in {sku for sku, _p in before.values()}
