"""Marketing in the Wagtail admin, as a member of the "Marketing" group (no superuser):
special offers (draft, publish, schedule), discount codes and volume tiers, each
followed to what a shopper sees on the storefront and in the cart.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from shop.pricing.models import DiscountCode, SpecialOffer, VolumeTierTable
from tests.factories.accounts import user_create
from tests.factories.catalog import category_create, image_create, product_create

# transaction=True: the live server's thread must see the test's rows.
pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = "/tmp"
EMAIL = "marketing@atelier.test"
PASSWORD = "marketing-pw-2026"
# Wagtail arms its unsaved-changes watcher (and autosave) 2 s after an edit form loads.
WATCHING = (
    "document.addEventListener('w-unsaved:watch-edits', "
    "() => { window.editorWatching = true; });"
)


def text(locator) -> str:
    """What a locator shows, with the no-break spaces of "-20 %" made plain."""
    return locator.inner_text().replace("\u00a0", " ")


@pytest.fixture
def tees(live_server):
    """A published category "T-shirts" with one shirt in stock."""
    category = category_create(title="T-shirts")
    product = product_create(
        category=category,
        title="Classic Tee",
        image=image_create(),
        sizes=("S", "M", "L"),
        stock=40,
    )
    return category, product


@pytest.fixture
def marketing(page, live_server):
    """``page``, logged in through the admin login form as a Marketing member."""
    user_create(email=EMAIL, password=PASSWORD, groups=("Marketing",))
    page.add_init_script(WATCHING)
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", EMAIL)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    return page


@pytest.fixture
def shopper(browser):
    """A second browser context: a shopper with no cookies."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="en-US"
    )
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def open_marketing_form(page, live_server, menu_label: str) -> None:
    """Marketing > <menu_label> > Add, through the sidebar and the listing's button."""
    page.goto(f"{live_server.url}/admin/")
    page.get_by_role("button", name="Marketing", exact=True).click()
    page.get_by_role("link", name=menu_label, exact=True).click()
    page.wait_for_url("**/admin/snippets/pricing/**")
    page.locator("a.button", has_text="Add").first.click()
    page.wait_for_url("**/add/")


def choose_page(page, title: str) -> None:
    """The scope: the page chooser modal, as an editor uses it."""
    page.click("#id_scope-chooser [data-chooser-action-choose]")
    page.locator(".modal a.choose-page", has_text=title).click()
    page.wait_for_selector(".modal", state="detached")
    assert page.locator("#id_scope-chooser .chooser__title").inner_text() == title


def save(page) -> None:
    """The footer's main button of a form without drafts ("Save")."""
    with page.expect_navigation():
        page.get_by_role("button", name="Save", exact=True).click()


def publish(page) -> None:
    """The footer's action menu, then Publish."""
    page.locator("footer [data-w-dropdown-target='toggle']").click()
    with page.expect_navigation():
        page.locator("button[name='action-publish']").click()


def new_offer(page, live_server, *, name: str, percent: str) -> None:
    open_marketing_form(page, live_server, "Special offers")
    page.locator("#id_name").press_sequentially(name, delay=20)
    choose_page(page, "T-shirts")
    page.locator("#id_percent_off").press_sequentially(percent, delay=20)


def is_autosave(response) -> bool:
    request = response.request
    return (
        request.method == "POST"
        and "/edit/" in request.url
        and request.headers.get("accept") == "application/json"
    )


def open_status_panel(page):
    """The editor's Status side panel (Wagtail remembers whether it was open)."""
    toggle = page.locator("[data-side-panel-toggle='status']")
    if toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    panel = page.locator("[data-side-panel='status']")
    panel.wait_for(state="visible")
    return panel


def add_to_cart(page, live_server, product, *, size: str, quantity: int = 1) -> None:
    page.goto(f"{live_server.url}{product.url}")
    page.click(f"label:has(.option__name:text-is('{size}'))")
    if quantity != 1:
        page.fill("#add-quantity", str(quantity))
    page.click("[data-add-to-cart]")
    page.wait_for_selector("[data-cart-status] a")
    page.goto(f"{live_server.url}/cart/")


def test_an_offer_saved_as_draft_then_published_shows_on_the_storefront(
    marketing, live_server, tees, shopper
):
    page = marketing
    category, product = tees
    new_offer(page, live_server, name="Summer sale", percent="20")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url("**/admin/snippets/pricing/specialoffer/edit/*/")
    assert "'Summer sale' created" in page.locator(".messages").inner_text()

    offer = SpecialOffer.objects.get()
    assert (offer.name, offer.scope_id, offer.percent_off, offer.live) == (
        "Summer sale",
        category.pk,
        Decimal("20"),
        False,
    )
    # A draft shows nowhere.
    shopper.goto(f"{live_server.url}{category.url}")
    assert not shopper.locator("[data-offer-badge]").count()
    shopper.goto(f"{live_server.url}{product.url}")
    assert not shopper.locator("[data-offer]").count()

    # Second thoughts on the name: typed slowly, a pause (autosave), then Publish.
    page.wait_for_function("window.editorWatching === true")
    with page.expect_response(is_autosave, timeout=10_000) as autosaved:
        name = page.locator("#id_name")
        name.press("End")
        name.press_sequentially(" 2026", delay=120)
        page.wait_for_timeout(1_600)
    assert autosaved.value.json()["success"] is True
    assert not SpecialOffer.objects.get().live
    publish(page)
    assert (
        "'Summer sale 2026' updated and published"
        in page.locator(".messages").inner_text()
    )
    offer.refresh_from_db()
    assert (offer.name, offer.live, offer.has_unpublished_changes) == (
        "Summer sale 2026",
        True,
        False,
    )

    shopper.goto(f"{live_server.url}{category.url}")
    card = shopper.locator(".product-card", has_text="Classic Tee")
    assert text(card.locator("[data-offer-badge]")) == "-20 %"
    shopper.goto(f"{live_server.url}{product.url}")
    assert text(shopper.locator("[data-offer]")) == (
        "Summer sale 2026 -20 % on every piece, taken off in your cart."
    )

    # The edit form as a marketing person sees it after publishing.
    page.goto(f"{live_server.url}/admin/snippets/pricing/specialoffer/edit/{offer.pk}/")
    page.screenshot(path=f"{SCREENSHOTS}/marketing_offer_1280.png", full_page=True)
    page.set_viewport_size({"width": 375, "height": 800})
    page.screenshot(path=f"{SCREENSHOTS}/marketing_offer_375.png", full_page=True)


def test_an_offer_published_with_a_future_go_live_is_scheduled_not_shown(
    marketing, live_server, tees, shopper
):
    page = marketing
    category, product = tees
    new_offer(page, live_server, name="Autumn sale", percent="15")
    go_live = (timezone.localtime() + timedelta(days=30)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )

    # Status > Set schedule: the go-live date typed into the dialog's field.
    open_status_panel(page)
    page.click("[data-a11y-dialog-show='schedule-publishing-dialog']")
    go_live_at = page.locator("#id_go_live_at")
    go_live_at.click()
    picker = page.locator(".xdsoft_datetimepicker:visible")
    picker.wait_for()
    go_live_at.fill(go_live.strftime("%Y-%m-%d %H:%M"))
    page.screenshot(path=f"{SCREENSHOTS}/marketing_offer_schedule.png")
    # A click beside the field closes the date picker (Escape closes the dialog).
    page.locator("#subtitle-schedule-publishing-dialog").click()
    picker.wait_for(state="detached")
    page.get_by_role("button", name="Save schedule").click()
    page.wait_for_url("**/admin/snippets/pricing/specialoffer/edit/*/")
    page.wait_for_function("window.editorWatching === true")
    publish(page)

    assert "'Autumn sale' has been scheduled for publishing" in (
        page.locator(".messages").inner_text()
    )
    offer = SpecialOffer.objects.get()
    assert (offer.live, offer.status_string) == (False, "scheduled")
    assert offer.go_live_at == go_live

    # The listing gives the go-live time; the edit view's status panel the schedule.
    row = page.locator("table.listing tbody tr", has_text="Autumn sale")
    assert date_format(go_live, "DATETIME_FORMAT") in row.inner_text()
    page.goto(f"{live_server.url}/admin/snippets/pricing/specialoffer/edit/{offer.pk}/")
    status = open_status_panel(page)
    shown = " ".join(status.inner_text().split())
    assert f"Go-live: {date_format(go_live, 'DATETIME_FORMAT')}" in shown, shown
    assert "Once scheduled" not in shown  # approved, not just a draft's schedule
    assert status.locator(".icon-calendar-check").count() == 1

    for url in (category.url, product.url):
        shopper.goto(f"{live_server.url}{url}")
        assert shopper.locator("h1").count()
        assert not shopper.locator("[data-offer], [data-offer-badge]").count()


def test_a_discount_code_typed_in_lower_case_works_in_the_cart(
    marketing, live_server, tees, shopper
):
    page = marketing
    _category, product = tees
    open_marketing_form(page, live_server, "Discount codes")
    page.locator("#id_code").press_sequentially("summer-26", delay=20)
    assert page.locator("#id_kind").input_value() == "percent"
    page.locator("#id_value").press_sequentially("10", delay=20)
    save(page)
    assert page.url == f"{live_server.url}/admin/snippets/pricing/discountcode/"
    assert "'SUMMER-26' created" in page.locator(".messages").inner_text()
    assert page.locator("table.listing tbody tr").count() == 1
    assert "SUMMER-26" in page.locator("table.listing tbody tr").inner_text()
    assert DiscountCode.objects.get().code == "SUMMER-26"

    add_to_cart(shopper, live_server, product, size="M")
    shopper.locator("#cart-code").press_sequentially("summer-26", delay=20)
    shopper.get_by_role("button", name="Apply").click()
    shopper.wait_for_selector("[data-charge=code]")
    assert text(shopper.locator("[data-charge=code] dt")) == "Code SUMMER-26: -10 %"


def test_a_volume_tier_table_gives_five_percent_from_ten_pieces(
    marketing, live_server, tees, shopper
):
    page = marketing
    _category, product = tees
    open_marketing_form(page, live_server, "Volume tiers")
    page.locator("#id_name").press_sequentially("T-shirts in bulk", delay=20)
    choose_page(page, "T-shirts")
    page.locator("#id_tiers-0-min_quantity").press_sequentially("10", delay=20)
    page.locator("#id_tiers-0-percent_off").press_sequentially("5", delay=20)
    save(page)
    assert page.url == f"{live_server.url}/admin/snippets/pricing/volumetiertable/"
    assert "'T-shirts in bulk' created" in page.locator(".messages").inner_text()
    assert "T-shirts" in page.locator("table.listing tbody tr").inner_text()
    table = VolumeTierTable.objects.get()
    assert [(t.min_quantity, t.percent_off) for t in table.tiers.all()] == [
        (10, Decimal("5"))
    ]

    add_to_cart(shopper, live_server, product, size="L", quantity=10)
    adjustment = shopper.locator("[data-adjustment=tier]")
    assert text(adjustment).startswith("-5 % for 10+"), text(adjustment)
