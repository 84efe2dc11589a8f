"""The storefront in a browser: accessibility (axe-core), the phone filter drawer and
the facts of the product page.

axe-core comes from npm (package.json); every storefront page is checked at desktop
and phone width, and a serious or critical violation fails the test.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from cms_pages.models import ContentPage
from shop.accounts.models import User
from shop.catalog.models import ProductColor, SizeGuide
from tests.factories.catalog import home_page, image_create, product_create

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
FAILING_IMPACTS = {"serious", "critical"}
SHOTS = Path("/tmp")

AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map((n) => n.target.join(" ")),
  }));
}"""


def axe_violations(page) -> list[dict]:
    """Serious and critical axe-core violations of the page as it is now."""
    if not AXE.exists():
        pytest.fail(f"axe-core is missing at {AXE}: run `npm ci`.")
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(AXE_RUN)
    return [v for v in found if v["impact"] in FAILING_IMPACTS]


def describe(url: str, width: int, violations: list[dict]) -> str:
    return "\n".join(
        f"{url} @ {width}px: {v['id']} ({v['impact']}): {v['help']} -> "
        + ", ".join(v["targets"][:5])
        for v in violations
    )


@pytest.fixture
def shop_data(catalog_tree):
    """The catalog tree plus what the other pages need: a size guide, a sold-out
    product, a privacy page and a customer."""
    shirts = catalog_tree["shirts"]
    tee, _heavy, mug = catalog_tree["products"]
    guide = SizeGuide.objects.create(
        name="Classic Tee sizes",
        intro="Measured flat, in centimetres.",
        table=[
            (
                "table",
                {
                    "data": [
                        ["Size", "Chest", "Length"],
                        ["S", "92", "70"],
                        ["M", "98", "72"],
                        ["L", "104", "74"],
                    ],
                    "first_row_is_table_header": True,
                    "first_col_is_header": False,
                },
            )
        ],
    )
    tee.size_guide = guide
    tee.save_revision().publish()
    # A front and a back view: the gallery scrolls sideways.
    ProductColor.objects.filter(page=tee).update(
        back_image=image_create(hex_code="#333333", view="back")
    )
    sold_out = product_create(
        category=shirts,
        title="Vintage Tee",
        price=Decimal("29.00"),
        stock=0,
        image=catalog_tree["image"],
    )
    privacy = ContentPage(title="Privacy", slug="privacy", intro="How we keep data.")
    home_page().add_child(instance=privacy)
    privacy.save_revision().publish()
    customer = User.objects.create_user(
        email="shopper@example.com", password="Plum-tree-4711"
    )
    return {
        **catalog_tree,
        "tee": tee,
        "mug": mug,
        "sold_out": sold_out,
        "privacy": privacy,
        "customer": customer,
    }


def log_in(page, base: str, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base}])


def test_every_storefront_page_passes_axe_at_desktop_and_phone_width(
    page, live_server, shop_data
):
    base = live_server.url
    shirts = shop_data["shirts"]
    public = [
        "/",
        shirts.url,
        f"{shirts.url}?color=Black&size=M&sort=price",
        shop_data["tee"].url,
        shop_data["sold_out"].url,
        shop_data["mug"].url,
        "/search/?q=Tee",
        "/search/?q=nothing-like-this",
        "/search/",
        shop_data["privacy"].url,
        "/account/login/",
        "/account/register/",
        "/account/password/reset/",
        "/no-such-page/",
    ]
    private = ["/account/", "/account/addresses/"]
    shots = {
        "/": "home",
        f"{shirts.url}?color=Black&size=M&sort=price": "category_filtered",
        shop_data["tee"].url: "product",
        shop_data["sold_out"].url: "product_sold_out",
        shop_data["mug"].url: "product_one_size",
        "/account/register/": "register",
    }

    failures = []
    for urls, logged_in in ((public, False), (private, True)):
        if logged_in:
            log_in(page, base, shop_data["customer"])
        for viewport in (DESKTOP, PHONE):
            page.set_viewport_size(viewport)
            for url in urls:
                response = page.goto(base + url)
                assert response.status == (404 if "no-such" in url else 200), url
                if logged_in:
                    assert "/login" not in page.url
                found = axe_violations(page)
                if found:
                    failures.append(describe(url, viewport["width"], found))
                if url in shots:
                    page.screenshot(
                        path=str(SHOTS / f"sf_{shots[url]}_{viewport['width']}.png"),
                        full_page=True,
                    )
                # Nothing sticks out sideways on a phone.
                width = page.evaluate("document.documentElement.scrollWidth")
                assert width <= viewport["width"], f"{url} is {width}px wide"

    assert not failures, "axe-core found serious or critical problems:\n" + "\n".join(
        failures
    )


def test_the_phone_filter_drawer_applies_and_removes_filters(
    page, live_server, shop_data
):
    page.set_viewport_size(PHONE)
    shirts = shop_data["shirts"]
    page.goto(f"{live_server.url}{shirts.url}?size=M")

    toggle = page.get_by_role("button", name="Filters (1)")
    form = page.locator("#filters-form")
    assert toggle.is_visible() and not form.is_visible()
    chips = page.locator("[data-remove-filter]")
    assert chips.count() == 1 and "Size: M" in chips.first.inner_text()

    toggle.click()
    assert form.is_visible()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.evaluate("document.activeElement.id") == "filter-color"
    page.screenshot(path=str(SHOTS / "sf_filter_drawer_375.png"))
    active = "document.activeElement.textContent.trim()"
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(active) == "Close"
    page.keyboard.press("Shift+Tab")  # Tab stays inside the drawer
    assert page.evaluate(active) == "Clear filters"
    page.keyboard.press("Tab")
    assert page.evaluate(active) == "Close"
    page.keyboard.press("Escape")
    assert not form.is_visible()
    assert page.evaluate("document.activeElement.dataset.filtersToggle") == ""

    toggle.click()
    page.select_option("#filter-color", "Navy")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**color=Navy**")
    assert page.get_by_role("button", name="Filters (2)").is_visible()
    titles = page.locator(".card__link").all_inner_texts()
    assert titles == ["Heavy Tee"]
    assert "Color: Navy" in page.locator(".active-filters").inner_text()

    page.locator('[data-remove-filter="color"]').click()
    page.wait_for_load_state()
    assert "color=" not in page.url and "size=M" in page.url
    assert page.get_by_role("button", name="Filters (1)").is_visible()
    assert sorted(page.locator(".card__link").all_inner_texts()) == [
        "Classic Tee",
        "Heavy Tee",
        "Vintage Tee",
    ]
    # The sold-out product comes last.
    assert page.locator(".card__link").all_inner_texts()[-1] == "Vintage Tee"


def test_at_desktop_width_the_filters_show_without_a_drawer(
    page, live_server, shop_data
):
    page.goto(f"{live_server.url}{shop_data['shirts'].url}?color=Black")

    assert page.locator("#filters-form").is_visible()
    assert not page.locator("[data-filters-toggle]").is_visible()
    assert page.locator('[data-remove-filter="color"]').is_visible()


def test_the_product_page_states_its_prices_stock_and_size_guide(
    page, live_server, shop_data
):
    base = live_server.url
    page.goto(base + shop_data["tee"].url)

    price = " ".join(page.locator(".product__info .price").inner_text().split())
    assert price == ("from € 19.90 blank, € 24.90 with a front print incl. VAT")
    assert page.get_by_text("Sold out").count() == 0
    facts = page.locator(".product-facts").inner_text()
    assert "Delivery: 2\u20134 working days" in facts
    assert "Shipping: €\u00a04.95" in facts
    guide = page.locator("[data-size-guide]")
    assert not guide.get_by_role("table").is_visible()
    guide.get_by_text("Size guide").click()
    assert guide.get_by_role("table").is_visible()
    assert "Chest" in guide.inner_text()
    page.set_viewport_size(PHONE)
    guide.screenshot(path=str(SHOTS / "sf_size_guide_375.png"))
    page.set_viewport_size(DESKTOP)
    # The SKU moved to the details and follows the chosen size.
    page.locator("label[for=size-2]").click()
    assert page.locator(".product__details [data-sku]").inner_text().endswith("-M")
    assert page.locator("[data-printed-price]").inner_text() == "€\u00a024.90"

    page.goto(base + shop_data["sold_out"].url)
    assert page.locator(".sold-out").inner_text().startswith("Sold out")
    add = page.locator("[data-add-to-cart]")
    assert add.is_disabled() and add.inner_text() == "Sold out"

    page.goto(base + shop_data["mug"].url)
    assert page.locator('input[type="radio"][name="size"]').count() == 0
    assert "One size" in page.locator("[data-single-size]").inner_text()
    assert (
        page.locator(".product__details [data-sku]").inner_text().endswith("-ONESIZE")
    )


def test_the_register_form_marks_required_fields_and_shows_the_password(
    page, live_server, shop_data
):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/account/register/")

    email = page.locator("input[name=email]")
    assert email.get_attribute("required") is not None
    assert "is-required" in page.locator("label[for=id_email]").get_attribute("class")
    assert "is-required" not in (
        page.locator("label[for=id_first_name]").get_attribute("class") or ""
    )
    page.fill("input[name=password1]", "Plum-tree-4711")
    toggle = page.get_by_role("button", name="Show password").first
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    assert page.locator("#id_password1").get_attribute("type") == "text"
    toggle.click()
    assert page.locator("#id_password1").get_attribute("type") == "password"
    privacy = page.get_by_role("link", name="privacy policy")
    assert privacy.get_attribute("href") == shop_data["privacy"].url


def test_on_phones_the_main_menu_shows_that_it_scrolls(page, live_server, shop_data):
    from tests.factories.catalog import category_create

    for title in ("Hoodies", "Sweatshirts", "Tote bags", "Caps and hats", "Aprons"):
        category_create(title=title)
    fade = """() => getComputedStyle(
        document.querySelector('.site-nav'), '::after').backgroundImage"""
    scrolls = """() => getComputedStyle(
        document.querySelector('.site-nav__list')).overflowX"""
    page.goto(live_server.url + "/")
    assert page.evaluate(fade) == "none"

    page.set_viewport_size(PHONE)
    page.wait_for_timeout(100)
    assert "linear-gradient" in page.evaluate(fade)
    assert page.evaluate(scrolls) == "auto"
    page.screenshot(path="/tmp/menu_fade_375.png")

    # Scrolled to its end, the menu has nothing more to show: no fade.
    page.evaluate(
        "(() => { const l = document.querySelector('.site-nav__list');"
        " l.scrollLeft = l.scrollWidth; })()"
    )
    page.wait_for_timeout(100)
    assert page.evaluate(fade) == "none"


def test_on_phones_a_menu_that_fits_has_no_fade(page, live_server):
    from tests.factories.catalog import category_create

    category_create(title="Mugs")
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/")
    page.wait_for_timeout(100)

    fits = page.evaluate(
        "(() => { const l = document.querySelector('.site-nav__list');"
        " return l.scrollWidth <= l.clientWidth; })()"
    )
    assert fits
    assert (
        page.evaluate(
            """() => getComputedStyle(
            document.querySelector('.site-nav'), '::after').backgroundImage"""
        )
        == "none"
    )
