"""A shopper adds a shirt, types a team roster of 12 names in the cart and sees the
volume tier price; a code; and the same cart at phone width."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shop.pricing.models import DiscountCode, VolumeTier, VolumeTierTable
from tests.factories.catalog import category_create, image_create, product_create

pytestmark = pytest.mark.django_db(transaction=True)

PLAYERS = [
    ("S", "Ana", "1"),
    ("S", "Ben", "2"),
    ("M", "Cleo", "3"),
    ("M", "Dan", "4"),
    ("M", "Eve", "5"),
    ("L", "Finn", "6"),
    ("L", "Gus", "7"),
    ("L", "Hana", "8"),
    ("L", "Ida", "9"),
    ("M", "Jon", "10"),
    ("S", "Kai", "11"),
    ("M", "Lea", "12"),
]


@pytest.fixture
def team_shop():
    category = category_create(title="Team shirts")
    tee = product_create(
        category=category, title="Club Tee", image=image_create(), stock=40
    )
    tee.name_price_amount = Decimal("4.00")
    tee.save_revision().publish()
    table = VolumeTierTable.objects.create(name="Team shirts", scope=category)
    VolumeTier.objects.create(table=table, min_quantity=10, percent_off=Decimal("5"))
    DiscountCode.objects.create(code="TEAM5", kind="fixed", value=Decimal("5.00"))
    return tee


def test_a_roster_of_twelve_names_gets_the_tier_price(page, live_server, team_shop):
    tee = team_shop
    page.goto(f"{live_server.url}{tee.url}")
    assert page.locator("[data-mini-cart-count]").inner_text() == "0"

    page.click("label:has(.option__name:text-is('M'))")
    page.click("[data-add-to-cart]")
    page.wait_for_selector("[data-cart-status] a")
    assert "Added 1 \u00d7 Club Tee (Black, M) to your cart." in page.inner_text(
        "[data-cart-status]"
    )
    assert page.locator("[data-mini-cart-count]").inner_text() == "1"

    page.click("[data-mini-cart]")
    page.wait_for_url("**/cart/")
    page.click("text=Team roster")
    page.wait_for_selector("[data-roster-rows]")
    page.click("text=Add 10 rows")
    page.wait_for_selector("#size-12")
    for index, (size, name, number) in enumerate(PLAYERS, start=1):
        page.select_option(f"#size-{index}", size)
        page.fill(f"#name-{index}", name)
        page.fill(f"#number-{index}", number)
    page.click("[data-roster-save]")
    page.wait_for_url("**/cart/")

    assert "The roster of Club Tee has 12 pieces." in page.inner_text(".messages")
    lines = page.locator("[data-cart-line]")
    assert lines.count() == 3  # S, M, L
    assert (
        page.locator("[data-adjustment=tier]")
        .first.inner_text()
        .startswith("-5\u00a0% for 10+")
    )
    assert page.locator("[data-unit-price]").all_inner_texts() == ["€\u00a018.90"] * 3
    assert page.locator("[data-mini-cart-count]").inner_text() == "12"
    # 12 x 18.90 + 12 names x 4.00
    assert page.inner_text("[data-goods-total]") == "€\u00a0274.80"

    page.fill("#cart-code", "team5")
    page.click("text=Apply")
    page.wait_for_selector("[data-charge=code]")
    assert "Code TEAM5" in page.inner_text("[data-charge=code]")
    # 274.80 - 5.00 + the shop's shipping (4.95; free shipping is not set)
    assert page.inner_text("[data-cart-total]") == "€\u00a0274.75"
    page.screenshot(path="/tmp/cart_desktop.png", full_page=True)

    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    page.screenshot(path="/tmp/cart_375.png", full_page=True)
    wide = page.evaluate(
        "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).map(e => e.tagName + '.' + e.className).slice(0, 8)"
    )
    assert wide == []


def test_a_roster_row_with_a_wrong_size_is_shown_in_its_row(
    page, live_server, team_shop
):
    tee = team_shop
    page.goto(f"{live_server.url}{tee.url}")
    page.click("label:has(.option__name:text-is('L'))")
    page.click("[data-add-to-cart]")
    page.wait_for_selector("[data-cart-status] a")
    page.goto(f"{live_server.url}/cart/")
    page.click("text=Team roster")
    page.select_option("#size-1", "")  # a name without a size
    page.fill("#name-1", "Ana")
    page.click("[data-roster-save]")

    assert page.locator("[data-roster-problem]").inner_text() == (
        "1 row needs a change; nothing was saved."
    )
    assert "Row 1:" in page.inner_text("[data-row-error='1']")
    page.set_viewport_size({"width": 375, "height": 800})
    page.screenshot(path="/tmp/roster_375.png", full_page=True)


def test_add_to_cart_works_without_javascript(browser, live_server, team_shop):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.goto(f"{live_server.url}{team_shop.url}")
    page.click("label:has(.option__name:text-is('S'))")
    page.fill("#add-quantity", "3")
    page.click("[data-add-to-cart]")
    page.wait_for_url("**/cart/add/confirm/**")
    assert "Club Tee, Black, size S" in page.inner_text("[data-add-confirm]")
    page.click("[data-add-confirm] button")
    page.wait_for_url("**/cart/")

    assert "Added 3 \u00d7 Club Tee (Black, S) to your cart." in page.inner_text(
        ".messages"
    )
    assert page.locator("[data-mini-cart-count]").inner_text() == "3"
    context.close()
