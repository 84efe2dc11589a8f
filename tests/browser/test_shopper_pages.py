"""What a shopper sees of the hardened pages, in a phone-sized browser window."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core import mail

from shop.accounts.models import User

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 375, "height": 812}
PASSWORD = "Plum-tree-4711"


def verify_links(message) -> tuple[str, str]:
    """The confirm and the decline link of a registration mail, as site paths."""
    links = [
        word.removeprefix(settings.SHOP_BASE_URL)
        for word in message.body.split()
        if word.startswith(settings.SHOP_BASE_URL)
    ]
    confirm = next(link for link in links if not link.rstrip("/").endswith("decline"))
    decline = next(link for link in links if link.rstrip("/").endswith("decline"))
    return confirm, decline


def register(page, base: str, email: str) -> None:
    page.goto(f"{base}/account/register/")
    page.fill("input[name=email]", email)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()


@pytest.fixture
def phone(page):
    page.set_viewport_size(PHONE)
    return page


def test_confirming_a_registration_needs_its_password(phone, live_server):
    register(phone, live_server.url, "new@example.com")
    confirm, _decline = verify_links(mail.outbox[-1])

    phone.goto(live_server.url + confirm)
    phone.fill("input[name=password]", "not-the-password")
    phone.get_by_role("button", name="Confirm and log in").click()
    phone.wait_for_load_state()
    assert phone.get_by_text("This is not the password chosen").count() >= 1
    assert User.objects.get(email="new@example.com").is_registration_pending

    phone.fill("input[name=password]", PASSWORD)
    phone.get_by_role("button", name="Confirm and log in").click()
    phone.wait_for_url(f"{live_server.url}/account/")
    phone.screenshot(path="/tmp/registration_confirmed_375.png")
    assert not User.objects.get(email="new@example.com").is_registration_pending
    # Nothing sticks out of a phone screen.
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_stranger_removes_a_registration_they_did_not_ask_for(phone, live_server):
    register(phone, live_server.url, "victim@example.com")
    confirm, _decline = verify_links(mail.outbox[-1])
    phone.context.clear_cookies()

    phone.goto(live_server.url + confirm)
    phone.screenshot(path="/tmp/registration_confirm_375.png", full_page=True)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.get_by_role("button", name="I did not ask for this").click()
    phone.wait_for_load_state()

    assert not User.objects.filter(email="victim@example.com").exists()
    phone.goto(live_server.url + confirm)
    assert phone.get_by_role("button", name="Confirm and log in").count() == 0


def test_a_bad_price_filter_is_explained_above_the_listing(
    phone, live_server, catalog_tree
):
    shirts = catalog_tree["shirts"]
    response = phone.goto(f"{live_server.url}{shirts.url}?min_price=1e999999")

    assert response.status == 400
    alert = phone.get_by_role("alert")
    assert "minimum price" in alert.inner_text()
    assert phone.get_by_text("Classic Tee").count() == 1
    phone.screenshot(path="/tmp/category_bad_filter_375.png")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
