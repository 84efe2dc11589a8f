"""The address book shows each address as its PostalAddress lines, on a desktop and
on a phone; a postal code that cannot belong to the country is explained."""

from __future__ import annotations

import pytest

from shop.accounts.models import Address, User

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Plum-tree-4711"


def log_in(page, base: str) -> None:
    User.objects.create_user(email="anna@example.com", password=PASSWORD)
    page.goto(f"{base}/account/login/")
    page.fill("input[name=username]", "anna@example.com")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()


def fill_address(page, **values) -> None:
    for name, value in values.items():
        if name == "country":
            page.select_option("select[name=country]", value)
        else:
            page.fill(f"input[name={name}]", value)


@pytest.mark.parametrize("width", [1280, 375])
def test_an_address_is_added_and_listed_as_its_label_lines(page, live_server, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server.url)
    page.goto(f"{live_server.url}/account/addresses/new/")

    fill_address(
        page,
        full_name="Anna Muster",
        company="Muster BV",
        street="Damrak 1",
        country="NL",
        postal_code="1012 ab",  # normalised to 1012 AB
        city="Amsterdam",
    )
    page.get_by_role("button", name="Add address").click()
    page.wait_for_url(f"{live_server.url}/account/addresses/")

    label = page.locator(".address-card address").filter(has_text="Damrak 1")
    text = label.inner_text()
    assert [line.strip() for line in text.splitlines() if line.strip()] == [
        "Anna Muster",
        "Muster BV",
        "Damrak 1",
        "1012 AB Amsterdam",
        "Netherlands",
    ]
    assert Address.objects.get().postal_address.postal_code == "1012 AB"
    page.screenshot(path=f"/tmp/address_book_{width}.png", full_page=True)
    # Nothing sticks out sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [1280, 375])
def test_a_postal_code_of_another_country_is_explained(page, live_server, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server.url)
    page.goto(f"{live_server.url}/account/addresses/new/")

    fill_address(
        page,
        full_name="Anna Muster",
        street="Unter den Linden 1",
        country="DE",
        postal_code="1011",
        city="Berlin",
    )
    page.get_by_role("button", name="Add address").click()
    page.wait_for_load_state()

    assert (
        page.get_by_text("Enter a valid postal code, for example 10115.").count() >= 1
    )
    assert not Address.objects.exists()
    page.screenshot(path=f"/tmp/address_bad_postal_code_{width}.png", full_page=True)
