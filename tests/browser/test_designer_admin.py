"""The designer's admin as its staff use it: an editor uploads clipart in bulk and
sets the word list, a shopper's flagged design reaches the review queue, and a
Fulfilment member approves it there."""

from __future__ import annotations

import pytest

from shop.designer.models import ClipartCategory, DesignReview
from tests.factories.accounts import user_create
from tests.factories.catalog import category_create, image_create, product_create

pytestmark = pytest.mark.django_db(transaction=True)

CIRCLE = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4" fill="#d62828"/></svg>'
SCRIPTED = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" onload="alert(1)"><rect width="9" height="9"/></svg>'


def login(page, live_server, email: str) -> None:
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", "staff-passphrase-1")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")


def test_editor_uploads_clipart_and_sets_words_and_fulfilment_reviews(
    browser, live_server
):
    ClipartCategory.objects.create(name="Icons", slug="icons")
    user_create(
        email="editor@atelier.test", password="staff-passphrase-1", groups=("Editors",)
    )
    user_create(
        email="packer@atelier.test",
        password="staff-passphrase-1",
        groups=("Fulfilment",),
    )
    tee = product_create(
        category=category_create(title="Shirts"),
        title="Review Tee",
        image=image_create(),
    )
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="en-US"
    )
    context.set_default_timeout(15_000)
    page = context.new_page()

    login(page, live_server, "editor@atelier.test")
    page.get_by_role("link", name="Upload clipart").click()
    page.select_option("#id_category", label="Icons")
    page.set_input_files(
        "#id_files",
        files=[
            {"name": "dot.svg", "mimeType": "image/svg+xml", "buffer": CIRCLE},
            {"name": "box.svg", "mimeType": "image/svg+xml", "buffer": SCRIPTED},
        ],
    )
    page.get_by_role("button", name="Upload").click()
    page.wait_for_selector("text=2 clipart added to Icons.")
    page.wait_for_url("**/admin/snippets/designer/clipart/")
    page.get_by_role("link", name="dot").wait_for()
    page.goto(f"{live_server.url}/admin/settings/designer/designersettings/")
    page.locator("#id_moderation_words").press_sequentially("forbidden", delay=15)
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("text=updated")
    from shop.designer.models import DesignerSettings

    assert DesignerSettings.load().moderation_words == "forbidden"

    shopper = context.browser.new_context(base_url=live_server.url).new_page()
    shopper.goto(f"/design/{tee.pk}/")
    shopper.wait_for_selector("[data-designer][data-ready=true]")
    shopper.click("[data-add-text]")
    shopper.fill("[data-text-value]", "forbidden word")
    shopper.click("[data-add-to-cart]")
    shopper.wait_for_selector("[data-cart-status]:has-text('Added to your cart')")
    shopper.goto("/cart/")
    assert shopper.locator("text=will be checked by our team").is_visible()

    context.clear_cookies()
    login(page, live_server, "packer@atelier.test")
    page.get_by_role("link", name="Design review").click()
    page.wait_for_url("**/admin/designer/review/")
    page.locator("td", has_text="forbidden word").wait_for()
    page.screenshot(path="/tmp/designer_review_queue.png", full_page=True)
    page.get_by_role("button", name="Approve").click()
    page.wait_for_selector("text=Design approved.")
    assert DesignReview.objects.get().status == "approved"
    context.close()
