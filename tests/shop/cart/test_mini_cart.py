"""The header's mini-cart keeps the anonymous page cache working: stored pages are
shared, each visitor sees their own count."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from shop.core.content_cache import content_changed
from tests.factories.accounts import user_create
from tests.factories.catalog import category_create, product_create

pytestmark = pytest.mark.django_db

COUNT = re.compile(r"<span data-mini-cart-count>(\d+)</span>")


@pytest.fixture
def shop():
    category = category_create(title="Shirts")
    shirt = product_create(category=category, title="Plain shirt", stock=50)
    for url in ("/", category.url, shirt.url):
        Client().get(url)
    content_changed()
    return category, shirt


def count_on(response) -> int:
    return int(COUNT.search(response.content.decode())[1])


def with_cart(shirt, quantity: int) -> Client:
    client = Client()
    client.post(
        "/cart/add/",
        {"product": shirt.pk, "color": "Black", "size": "M", "quantity": quantity},
    )
    client.get("/cart/")  # reads the "added" message
    return client


def test_shoppers_with_carts_get_stored_pages_with_their_own_count(shop):
    category, shirt = shop
    two, five = with_cart(shirt, 2), with_cart(shirt, 5)

    for url in ("/", category.url, shirt.url):
        first = Client().get(url)
        assert first["X-Page-Cache"] == "miss" and count_on(first) == 0
        for client, expected in ((two, 2), (five, 5), (Client(), 0)):
            response = client.get(url)
            assert response["X-Page-Cache"] == "hit", url
            assert count_on(response) == expected
            assert "__atelier_visitor_" not in response.content.decode()


def test_a_shopper_with_a_cart_filling_the_cache_never_leaks_their_count(shop):
    category, _shirt = shop
    shopper = with_cart(_shirt, 3)

    filled = shopper.get(category.url)
    assert count_on(filled) == 3

    other = Client().get(category.url)
    assert other["X-Page-Cache"] == "hit"
    assert count_on(other) == 0


def test_a_cookieless_hit_reads_no_session_and_makes_no_query(shop):
    category, _shirt = shop
    Client().get(category.url)

    with CaptureQueriesContext(connection) as queries:
        response = Client().get(category.url)

    assert response["X-Page-Cache"] == "hit" and count_on(response) == 0
    assert len(queries) == 0


def test_the_product_page_carries_no_token_and_its_form_works_without_javascript(
    shop,
):
    _category, shirt = shop
    Client().get(shirt.url)  # stored
    visitor = Client(enforce_csrf_checks=True)

    page = visitor.get(shirt.url)
    assert page["X-Page-Cache"] == "hit"
    assert "csrfmiddlewaretoken" not in page.content.decode()
    assert "csrftoken" not in page.cookies  # no cookie: the early shortcut serves it
    # The form (a GET) opens a confirmation with the price and a token.
    confirm = visitor.get(
        "/cart/add/confirm/",
        {"product": shirt.pk, "color": "Black", "size": "M", "quantity": "2"},
    )
    html = confirm.content.decode()
    assert confirm.status_code == 200
    assert "<strong>Plain shirt</strong>, Black, size M: €\u00a019.90 each" in html
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
    response = visitor.post(
        "/cart/add/",
        {
            "csrfmiddlewaretoken": token,
            "product": shirt.pk,
            "color": "Black",
            "size": "M",
            "quantity": 2,
        },
    )

    assert response.status_code == 302
    assert count_on(visitor.get(shirt.url)) == 2


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"product": "0"}, "Ensure this value is greater than or equal to 1."),
        (
            {"product": "999999", "color": "Black", "size": "M"},
            "This product is not available.",
        ),
        (
            {"color": "Purple", "size": "M"},
            "Choose a color and a size that this product comes in.",
        ),
        (
            {"size": "x" * 500},
            "Ensure this value has at most 20 characters (it has 500).",
        ),
        ({"quantity": "1e9"}, "Enter a whole number."),
    ],
)
def test_a_bad_choice_goes_back_to_the_product_with_a_message(shop, query, message):
    _category, shirt = shop
    client = Client()
    data = {
        "product": shirt.pk,
        "color": "Black",
        "size": "M",
        "back": shirt.url,
        **query,
    }

    response = client.get("/cart/add/confirm/", data, follow=True)

    assert response.redirect_chain[-1][0] == shirt.url
    assert message in response.content.decode()


def test_a_logged_in_shopper_sees_their_cart_count(shop):
    category, shirt = shop
    client = Client()
    client.force_login(user_create())
    client.post(
        "/cart/add/",
        {"product": shirt.pk, "color": "Black", "size": "M", "quantity": 4},
    )

    response = client.get(category.url)

    assert response["X-Page-Cache"] == "bypass"
    assert count_on(response) == 4
