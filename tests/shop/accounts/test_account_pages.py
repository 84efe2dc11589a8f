"""The buyer's account pages: login required, accessible, and what they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from shop.accounts.models import Address, Profile
from tests.factories.accounts import address_create, user_create
from tests.html_checks import assert_accessible_basics, elements

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")


def page_urls(address_pk):
    return [
        reverse("accounts:overview"),
        reverse("accounts:profile"),
        reverse("accounts:addresses"),
        reverse("accounts:address_create"),
        reverse("accounts:address_edit", args=[address_pk]),
        reverse("accounts:address_delete", args=[address_pk]),
        reverse("orders:list"),
    ]


@pytest.fixture
def buyer(client):
    user = user_create(first_name="Anna", last_name="Muster")
    client.force_login(user)
    return user


@pytest.fixture
def home(buyer):
    return address_create(
        user=buyer,
        full_name="Anna Muster",
        is_default_shipping=True,
        is_default_billing=True,
    )


def test_every_account_page_sends_visitors_to_the_login_first(client):
    address = address_create(user=user_create())
    urls = [
        *page_urls(address.pk),
        reverse("accounts:address_set_default", args=[address.pk, "billing"]),
    ]

    answers = [(client.get(url), client.post(url)) for url in urls]

    for url, (get, post) in zip(urls, answers, strict=True):
        assert get.status_code == post.status_code == 302
        assert get["Location"] == post["Location"] == f"{LOGIN}?next={url}"
    address.refresh_from_db()
    assert address.is_default_billing is False


def test_every_account_page_is_accessible(client, home):
    for url in page_urls(home.pk):
        response = client.get(url)

        assert response.status_code == 200, url
        assert_accessible_basics(response.content.decode())


def test_forms_with_errors_stay_accessible(client, home):
    profile = client.post(reverse("accounts:profile"), {"phone": "nope"})
    address = client.post(reverse("accounts:address_create"), {"postal_code": "x"})

    for response in (profile, address):
        assert response.status_code == 400
        assert_accessible_basics(response.content.decode())


def test_the_side_nav_marks_the_current_page(client, home):
    html = client.get(reverse("accounts:address_edit", args=[home.pk])).content

    current = [a["href"] for a in elements(html.decode(), "a") if a.get("aria-current")]

    assert current == [reverse("accounts:addresses")]


def test_make_default_answers_only_to_post(client, home):
    response = client.get(
        reverse("accounts:address_set_default", args=[home.pk, "shipping"])
    )

    assert response.status_code == 405
    assert response["Allow"] == "POST"


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_the_pages_refuse_other_methods(client, home, method):
    responses = [getattr(client, method)(url) for url in page_urls(home.pk)]

    assert {r.status_code for r in responses} == {405}
    assert Address.objects.filter(pk=home.pk).exists()


def test_the_overview_greets_and_shows_profile_defaults_and_no_orders(client, home):
    Profile.objects.filter(user=home.user).update(phone="+41 44 123 45 67")
    office = address_create(user=home.user, full_name="Muster AG", city="Bern")
    Address.objects.filter(pk=home.pk).update(is_default_billing=False)
    Address.objects.filter(pk=office.pk).update(is_default_billing=True)

    response = client.get(reverse("accounts:overview"))

    html = response.content.decode()
    overview = response.context["overview"]
    assert response.templates[0].name == "accounts/overview.html"
    assert "Hello, Anna" in html
    assert "+41 44 123 45 67" in html
    assert (overview.default_shipping, overview.default_billing) == (home, office)
    assert "8001 Bern" in html
    assert "Recent orders" in html
    assert "You have not ordered anything yet." in html


def test_the_overview_of_a_new_buyer_invites_to_add_an_address(client, buyer):
    response = client.get(reverse("accounts:overview"))

    html = response.content.decode()
    assert "No shipping address yet." in html
    assert "No billing address yet." in html
    assert f'href="{reverse("accounts:address_create")}"' in html


def test_account_pages_read_as_many_queries_for_many_addresses_as_for_one(client, home):
    urls = [reverse("accounts:overview"), reverse("accounts:addresses")]
    client.get(urls[0])  # the first request of a site creates its settings row

    def queries(url):
        client.get(url)  # the cached navigation and settings, as on a busy shop
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        return len(captured)

    with_one = [queries(url) for url in urls]
    for n in range(5):
        address_create(user=home.user, full_name=f"Extra {n}")
    with_six = [queries(url) for url in urls]

    assert with_six == with_one


def test_the_address_list_shows_cards_with_badges_and_actions(client, home):
    office = address_create(user=home.user, full_name="Muster AG")

    response = client.get(reverse("accounts:addresses"))

    html = response.content.decode()
    assert response.context["addresses"] == [home, office]
    assert html.count("Default shipping</span>") == 1
    assert html.count("Default billing</span>") == 1
    forms = [f["action"] for f in elements(html, "form")]
    assert (
        reverse("accounts:address_set_default", args=[office.pk, "shipping"]) in forms
    )
    assert reverse("accounts:address_set_default", args=[office.pk, "billing"]) in forms
    assert (
        reverse("accounts:address_set_default", args=[home.pk, "billing"]) not in forms
    )
    links = [a["href"] for a in elements(html, "a")]
    assert reverse("accounts:address_edit", args=[office.pk]) in links
    assert reverse("accounts:address_delete", args=[office.pk]) in links


def test_an_empty_address_book_says_so(client, buyer):
    response = client.get(reverse("accounts:addresses"))

    assert "Your address book is empty." in response.content.decode()


def test_an_empty_order_list_links_to_the_shop(client, buyer):
    response = client.get(reverse("orders:list"))

    html = response.content.decode()
    assert response.status_code == 200
    assert list(response.context["orders"]) == []
    assert "You have not ordered anything yet." in html
    assert 'href="/"' in html
