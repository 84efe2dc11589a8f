"""Whole pages for anonymous visitors: stored once, shown to the next, and never
stale: every change a page shows is on it at the next request."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cms_pages.models import ContentPage
from shop.catalog.models import ProductVariant, StockLevel
from shop.catalog.services import product_stock_set, stock_decrement, stock_set
from shop.core.content_cache import content_changed
from shop.core.page_cache import _storable
from tests.factories.accounts import user_create
from tests.factories.catalog import category_create, home_page, product_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop():
    category = category_create(title="Shirts")
    shirt = product_create(category=category, title="Plain shirt", stock=5)
    for url in ("/", category.url, shirt.url):
        Client().get(url)  # the shop's settings row and the renditions, made once
    content_changed()  # and no page stored yet
    return category, shirt


def without_tokens(content: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", content)


def get(client, url):
    response = client.get(url)
    return response, response.content.decode()


def test_the_second_anonymous_visitor_gets_the_stored_page_without_a_query(shop):
    category, shirt = shop
    for url in ("/", category.url, shirt.url):
        first, _html = get(Client(), url)
        assert first["X-Page-Cache"] == "miss"
        with CaptureQueriesContext(connection) as queries:
            second, _html = get(Client(), url)
        assert second["X-Page-Cache"] == "hit"
        assert len(queries) == 0
        # The same page; only each visitor's CSRF token differs (the product
        # page's add-to-cart form).
        assert without_tokens(second.content) == without_tokens(first.content)
        assert second["Content-Type"] == first["Content-Type"]


def test_the_query_string_is_part_of_the_key_in_any_order(shop):
    category, _shirt = shop
    get(Client(), f"{category.url}?sort=title&color=Black")

    hit, _ = get(Client(), f"{category.url}?color=Black&sort=title")
    other, _ = get(Client(), f"{category.url}?sort=price")

    assert hit["X-Page-Cache"] == "hit"
    assert other["X-Page-Cache"] == "miss"


@pytest.mark.parametrize(
    "query",
    ["color=%00", "color=" + "x" * 10_000, "a=" + "%E2%82%AC" * 3000, "sort=1e999999"],
)
def test_hostile_query_strings_never_fail_and_are_not_stored(shop, query):
    category, _shirt = shop

    response, _ = get(Client(), f"{category.url}?{query}")

    assert response.status_code in (200, 400)
    if response.status_code == 400:  # a refused filter is never stored
        assert get(Client(), f"{category.url}?{query}")[0]["X-Page-Cache"] != "hit"


def test_logged_in_visitors_get_fresh_pages_and_never_fill_the_store(client, shop):
    _category, shirt = shop
    client.force_login(user_create())

    response, _ = get(client, shirt.url)

    assert response["X-Page-Cache"] == "bypass"
    assert get(Client(), shirt.url)[0]["X-Page-Cache"] == "miss"


def test_a_visitor_with_messages_waiting_gets_a_fresh_page(shop):
    _category, shirt = shop
    get(Client(), shirt.url)
    visitor = Client()
    visitor.cookies["messages"] = "pending"

    assert get(visitor, shirt.url)[0]["X-Page-Cache"] == "bypass"


def test_a_response_that_sets_a_cookie_or_is_private_is_not_stored(rf):
    request = rf.get("/")
    with_cookie = HttpResponse("x")
    with_cookie.anonymous_page_cache = True
    with_cookie.set_cookie("sessionid", "abc")
    private = HttpResponse("y")
    private.anonymous_page_cache = True
    private["Cache-Control"] = "private"
    plain = HttpResponse("z")
    plain.anonymous_page_cache = True

    assert not _storable(request, with_cookie)
    assert not _storable(request, private)
    assert _storable(request, plain)


def test_the_page_cache_can_be_switched_off(settings, shop):
    settings.PAGE_CACHE_ENABLED = False
    _category, shirt = shop
    get(Client(), shirt.url)

    assert "X-Page-Cache" not in get(Client(), shirt.url)[0]


# --- A change is on the stored pages at once ------------------------------------------


def warm(*urls):
    for url in urls:
        get(Client(), url)
        assert get(Client(), url)[0]["X-Page-Cache"] == "hit"


def test_publishing_a_new_title_shows_at_once(shop):
    category, shirt = shop
    warm(category.url, shirt.url, "/")

    shirt.title = "Heavy shirt"
    shirt.save_revision().publish()

    for url in (category.url, shirt.url):
        response, html = get(Client(), url)
        assert response["X-Page-Cache"] == "miss"
        assert "Heavy shirt" in html


def test_a_draft_keeps_the_stored_pages(shop):
    category, shirt = shop
    warm(category.url, shirt.url)

    shirt.title = "Only a draft"
    shirt.save_revision()

    response, html = get(Client(), shirt.url)
    assert response["X-Page-Cache"] == "hit"
    assert "Only a draft" not in html


def test_a_new_price_shows_at_once(shop):
    category, shirt = shop
    warm(category.url, shirt.url)

    ProductVariant.objects.filter(page=shirt).update(price_amount=Decimal("9.50"))
    for variant in shirt.variants.all():  # as the editor saves them: row by row
        variant.price_amount = Decimal("9.50")
        variant.save()

    assert "9.50" in get(Client(), category.url)[1]
    assert "9.50" in get(Client(), shirt.url)[1]


@pytest.mark.parametrize(
    "change", ["stock_set", "product_stock_set", "stock_decrement"]
)
def test_a_stock_change_shows_at_once(shop, change):
    _category, shirt = shop
    skus = [v.sku for v in shirt.variants.all()]
    warm(shirt.url)

    if change == "stock_set":
        for sku in skus:
            stock_set(sku=sku, quantity=0)
    elif change == "product_stock_set":
        product_stock_set(product=shirt, quantities=dict.fromkeys(skus, 0))
    else:
        for sku in skus:
            stock_decrement(sku=sku, quantity=5)
    assert not StockLevel.objects.filter(sku__in=skus, quantity__gt=0).exists()

    response, html = get(Client(), shirt.url)
    assert response["X-Page-Cache"] == "miss"
    assert "Sold out" in html


def test_an_unpublished_product_leaves_the_stored_pages_at_once(shop):
    category, shirt = shop
    warm(category.url, shirt.url)

    shirt.unpublish()

    assert get(Client(), shirt.url)[0].status_code == 404
    assert "Plain shirt" not in get(Client(), category.url)[1]


def test_a_deleted_or_moved_page_leaves_the_stored_pages_at_once(shop):
    category, shirt = shop
    other = category_create(title="Other")
    second = product_create(category=category, title="Second shirt")
    warm(category.url, shirt.url, other.url)

    shirt.move(other, pos="last-child")
    second.delete()

    html = get(Client(), category.url)[1]
    assert "Plain shirt" not in html and "Second shirt" not in html
    assert "Plain shirt" in get(Client(), other.url)[1]


# --- Per-visitor parts ------------------------------------------------------------------


@pytest.fixture
def page_with_a_form(settings, tmp_path):
    """A content page whose template has a CSRF-protected form."""
    folder = tmp_path / "templates" / "cms_pages"
    folder.mkdir(parents=True)
    (folder / "content_page.html").write_text(
        '<form method="post" action="/account/login/">{% csrf_token %}'
        '<input name="username"></form><p data-token="{{ csrf_token }}">{{ page.title }}</p>'
    )
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "DIRS": [tmp_path / "templates", *settings.TEMPLATES[0]["DIRS"]],
        }
    ]
    page = ContentPage(title="Contact form", slug="contact-form")
    home_page().add_child(instance=page)
    page.save_revision().publish()
    return page


def token_of(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]


def test_each_visitor_gets_their_own_csrf_token_from_a_stored_page(page_with_a_form):
    first = Client(enforce_csrf_checks=True)
    response, html = get(first, page_with_a_form.url)
    assert response["X-Page-Cache"] == "miss"

    second = Client(enforce_csrf_checks=True)
    hit, hit_html = get(second, page_with_a_form.url)
    assert hit["X-Page-Cache"] == "hit"
    assert "__atelier_csrf_token__" not in hit_html
    assert token_of(hit_html) != token_of(html)
    assert "csrftoken" in second.cookies

    for client, page_html in ((first, html), (second, hit_html)):
        posted = client.post(
            "/account/login/",
            {"csrfmiddlewaretoken": token_of(page_html), "username": "x"},
        )
        assert posted.status_code != 403
    # One visitor's token is refused with another visitor's cookie.
    third = Client(enforce_csrf_checks=True)
    get(third, page_with_a_form.url)
    refused = third.post(
        "/account/login/", {"csrfmiddlewaretoken": "x" * 64, "username": "x"}
    )
    assert refused.status_code == 403


def test_a_restricted_page_is_never_stored(shop):
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    _category, shirt = shop
    restriction = PageViewRestriction.objects.create(
        page=shirt, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="Trade"))
    member = user_create()
    member.groups.add(Group.objects.get(name="Trade"))
    insider = Client()
    insider.force_login(member)

    assert get(insider, shirt.url)[0].status_code == 200
    for _ in range(2):
        response = get(Client(), shirt.url)[0]
        assert response.status_code == 302  # to the login page, never a stored copy
        assert response.get("X-Page-Cache") != "hit"


def test_a_password_page_is_never_stored_for_the_next_visitor(shop):
    from wagtail.models import PageViewRestriction

    _category, shirt = shop
    restriction = PageViewRestriction.objects.create(
        page=shirt, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    insider = Client()
    form, _ = get(insider, shirt.url)
    assert form.get("X-Page-Cache") != "hit"
    insider.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{shirt.pk}/",
        {"password": "s3cret", "return_url": shirt.url},
    )
    passed, html = get(insider, shirt.url)
    assert "Plain shirt" in html and passed.get("X-Page-Cache") != "hit"

    stranger, stranger_html = get(Client(), shirt.url)
    assert stranger.get("X-Page-Cache") != "hit"
    assert 'name="password"' in stranger_html


def test_a_hits_csrf_token_is_what_djangos_get_token_would_make():
    from collections import Counter

    from django.middleware.csrf import CSRF_ALLOWED_CHARS, _unmask_cipher_token
    from django.test import RequestFactory

    from shop.core.page_cache import _random_letters, csrf_token

    request = RequestFactory().get("/")
    first = csrf_token(request)
    secret = request.META["CSRF_COOKIE"]
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True
    assert len(first) == 64 and len(secret) == 32
    assert _unmask_cipher_token(first) == secret
    second = csrf_token(request)  # the same visitor: the same secret, a new mask
    assert second != first and _unmask_cipher_token(second) == secret
    # Every letter of the alphabet, and nothing else, about equally often.
    counts = Counter(_random_letters(62_000))
    assert set(counts) == set(CSRF_ALLOWED_CHARS)
    assert max(counts.values()) < 1_300 and min(counts.values()) > 700
