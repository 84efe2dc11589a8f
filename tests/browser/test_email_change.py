"""Changing the e-mail address in a browser: the link from the mail, confirmed while
logged in to the account, on a desktop and on a phone."""

from __future__ import annotations

import pytest
from django.core import mail

from shop.accounts.models import User
from tests.browser.test_storefront_pages import axe_violations, describe
from tests.factories.accounts import mail_link

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Plum-tree-4711"
OLD = "anna@example.com"
NEW = "anna.new@example.com"


def log_in(page, base: str, email: str = OLD) -> None:
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()


def ask_for_the_change(page, base: str) -> str:
    """Ask for NEW on the account page; the site path of the link mailed to it."""
    page.goto(f"{base}/account/email/")
    page.fill("input[name=new_email]", NEW)
    page.fill("input[name=current_password]", PASSWORD)
    page.get_by_role("button", name="Send the link").click()
    page.wait_for_url(f"{base}/account/")
    (message,) = [m for m in mail.outbox if m.to == [NEW]]
    return mail_link(message)


def check_the_page(page, name: str, width: int) -> None:
    page.screenshot(path=f"/tmp/{name}_{width}.png", full_page=True)
    found = axe_violations(page)
    assert not found, describe(page.url, width, found)
    # Nothing sticks out sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [1280, 375])
def test_a_logged_in_buyer_confirms_the_new_address_from_the_mailed_link(
    page, live_server, width
):
    base = live_server.url
    page.set_viewport_size({"width": width, "height": 900})
    User.objects.create_user(email=OLD, password=PASSWORD, first_name="Anna")
    page.goto(f"{base}/account/login/")
    log_in(page, base)

    link = ask_for_the_change(page, base)
    page.goto(f"{base}{link}")

    lead = page.locator(".lead").inner_text()
    assert OLD in lead and NEW in lead
    check_the_page(page, "email_change_confirm", width)
    assert User.objects.get(first_name="Anna").email == OLD

    page.get_by_role("button", name="Confirm the new address").click()
    page.wait_for_url(f"{base}/account/")

    assert page.get_by_text(f"Your e-mail address is now {NEW}.").is_visible()
    assert page.locator(".account-facts").get_by_text(NEW).is_visible()
    assert User.objects.get(first_name="Anna").email == NEW


def test_on_another_device_the_link_asks_to_log_in_and_comes_back(
    page, browser, live_server
):
    base = live_server.url
    User.objects.create_user(email=OLD, password=PASSWORD, first_name="Anna")
    page.goto(f"{base}/account/login/")
    log_in(page, base)
    link = ask_for_the_change(page, base)
    phone = browser.new_context(viewport={"width": 375, "height": 812}, locale="en-US")
    phone.set_default_timeout(15_000)
    other = phone.new_page()

    try:
        other.goto(f"{base}{link}")
        assert OLD not in other.content()
        check_the_page(other, "email_change_confirm_logged_out", 375)
        other.get_by_role("link", name="Log in to confirm").click()
        log_in(other, base)
        other.wait_for_url(f"{base}{link}")
        other.get_by_role("button", name="Confirm the new address").click()
        other.wait_for_url(f"{base}/account/")
    finally:
        phone.close()

    assert User.objects.get(first_name="Anna").email == NEW
