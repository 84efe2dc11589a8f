"""No 5xx on hostile input, anywhere a visitor can send it, and nothing stored.

The URLs come from the URL resolver (everything outside the staff-only admin) and
from the live page tree (one page of each type); what each URL reads is found by
watching which query forms (shop.core.params) it cleans. Every parameter read gets
each class of hostile value; unknown, nested and repeated keys go along. Runs on
SQLite and on PostgreSQL (which refuses NUL in text, so there NUL really fails).
"""

from __future__ import annotations

import itertools
import re
from urllib.parse import quote, urlencode

import pytest
from django.apps import apps
from django.db import models, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from wagtail.models import Page

from cms_pages.models import ContentPage
from shop.catalog.models import ProductVariant
from shop.core.params import QueryForm
from shop.core.text import text_is_safe
from tests.factories.catalog import category_create, home_page

pytestmark = pytest.mark.django_db

# Sent through urlencode: the client percent-encodes them as UTF-8.
HOSTILE = {
    "nul": "Bl\x00ack",
    "control_characters": "\x1b[2J\x07\x08\x7f\u0085",
    "long_text": "x" * 10_000,
    "long_number": "9" * 10_000,
    "huge_exponent": "1e999999",
    "tiny_exponent": "1e-999999",
    "negative": "-1",
    "nan": "NaN",
    "infinity": "-Infinity",
    "beyond_64_bits": str(2**64),
}
# Sent as they are: percent-escapes that are not UTF-8, and an escaped NUL.
ENCODED = {
    "non_utf8_escapes": "%ff%fe%C0%AF",
    "encoded_controls": "%00%1b%0d%0a",
}
VALUE_CLASSES = [*HOSTILE, *ENCODED]
# Read by views without a query form (login's redirect target, DRF's renderer
# choice) or by nobody at all.
EXTRA_PARAMETERS = ("next", "format", "zz_unknown", "a[b][c]", "filter[]")
# Staff-only and behind a login; the storefront sweep is about what anyone reaches.
SKIPPED_PREFIXES = ("admin/", "documents/", "_util/")
_addresses = itertools.count(1)


def encoded(value_class: str) -> str:
    """The value class as it appears in a query string or path."""
    if value_class in ENCODED:
        return ENCODED[value_class]
    return quote(HOSTILE[value_class], safe="")


def query(pairs: list[tuple[str, str]], value_class: str) -> str:
    """``pairs`` with the hostile value appended to each listed key."""
    return "&".join(
        f"{urlencode([(key, value)])}"
        if value is not None
        else f"{quote(key, safe='[]')}={encoded(value_class)}"
        for key, value in pairs
    )


def get(client: Client, url: str):
    """One request in a savepoint: a database error (the 500 we look for) must not
    break the test's transaction for the requests after it."""
    address = next(_addresses)
    savepoint = transaction.savepoint()
    response = client.get(
        url,
        REMOTE_ADDR=f"10.{address >> 16 & 255}.{address >> 8 & 255}.{address & 255}",
    )
    if response.status_code >= 500:
        transaction.savepoint_rollback(savepoint)
    else:
        transaction.savepoint_commit(savepoint)
    return response


def _routes(patterns, prefix: str = ""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route


def resolver_urls(samples: dict[str, str]) -> list[str]:
    """Every route outside the admin, its converters filled with real values."""
    urls = []
    for route in _routes(get_resolver().url_patterns):
        if route.startswith(SKIPPED_PREFIXES) or route.startswith("^"):
            continue  # regex routes: Wagtail's page serving, swept through the tree

        def sample(match: re.Match, route: str = route) -> str:
            converter, name = match.group(1) or "str", match.group(2)
            if converter == "page_id" or name == "product_id":
                return samples["category" if "categories" in route else "product"]
            return samples.get(converter, samples.get(name, "x"))

        urls.append("/" + re.sub(r"<(?:(\w+):)?(\w+)>", sample, route))
    return urls


def page_urls() -> list[str]:
    """One live page of each page type."""
    first_of_type = {}
    for page in Page.objects.live().specific().order_by("path"):
        if page.url is not None:  # the tree's root belongs to no site
            first_of_type.setdefault(type(page), page.url)
    return list(first_of_type.values())


@pytest.fixture
def site(catalog_tree):
    """The catalog plus a sub-category and a content page: every page type."""
    category_create(parent=catalog_tree["shirts"], title="Organic")
    home_page().add_child(
        instance=ContentPage(title="Shipping", slug="shipping", intro="Fast.")
    )
    variant = ProductVariant.objects.order_by("pk").first()
    return {
        "category": str(catalog_tree["shirts"].pk),
        "product": str(catalog_tree["products"][0].pk),
        "sku": variant.sku,
        "int": "1",
        "category_url": catalog_tree["shirts"].url,
    }


@pytest.fixture
def client() -> Client:
    return Client(raise_request_exception=False)


@pytest.fixture
def targets(site, client, monkeypatch) -> dict[str, list[str]]:
    """URL -> the query parameters it reads, found by watching its query forms.

    The first plain GET also creates image renditions, so that the row counts
    taken after it only change if a hostile request stores something.
    """
    original_init = QueryForm.__init__
    cleaned: list[type[QueryForm]] = []

    def watching_init(self, *args, **kwargs):
        cleaned.append(type(self))
        original_init(self, *args, **kwargs)

    found: dict[str, list[str]] = {}
    used: set[type[QueryForm]] = set()
    with monkeypatch.context() as patch:
        patch.setattr(QueryForm, "__init__", watching_init)
        for url in dict.fromkeys(resolver_urls(site) + page_urls()):
            cleaned.clear()
            response = get(client, url)
            assert response.status_code < 500, (url, response.status_code)
            found[url] = list(
                dict.fromkeys(name for form in cleaned for name in form.base_fields)
            )
            used.update(cleaned)
    # A query form no swept URL reads would escape the sweep.
    assert used == set(QueryForm.registry), set(QueryForm.registry) - used
    return found


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def test_the_sweep_reaches_every_kind_of_page_and_every_query_form(targets):
    urls = set(targets)

    assert {"/", "/search/", "/sitemap.xml", "/api/schema/", "/account/login/"} <= urls
    assert any(url.startswith("/api/v1/variants/P") for url in urls)
    assert "/shipping/" in urls
    readers = {url for url, names in targets.items() if "min_price" in names}
    assert len(readers) == 1 and "/category-" in readers.pop()
    assert set(targets["/api/v1/products/"]) == {"category", "limit", "offset"}
    assert targets["/search/"] == ["q"]


@pytest.mark.parametrize("value_class", VALUE_CLASSES)
def test_no_get_is_a_server_error_or_stores_anything(
    site, targets, client, value_class
):
    before = row_counts()
    failures = []

    def check(url: str) -> None:
        response = get(client, url)
        if response.status_code >= 500:
            failures.append((url[:120], response.status_code))

    for url, names in targets.items():
        for name in names:
            # Repeated key: the valid first value must not win over the hostile one.
            check(f"{url}?{query([(name, '1'), (name, None)], value_class)}")
        check(
            f"{url}?{query([(name, None) for name in EXTRA_PARAMETERS], value_class)}"
        )
    # The value as a path segment: a page slug, an API id, a SKU.
    segment = encoded(value_class)
    for url in ("/", site["category_url"], "/api/v1/products/", "/api/v1/variants/"):
        check(f"{url}{segment}/")

    assert failures == []
    assert row_counts() == before


ANONYMOUS_FORMS = [
    reverse("accounts:login"),
    reverse("accounts:register"),
    reverse("accounts:password_reset"),
    reverse("wagtailadmin_login"),
    reverse("wagtailadmin_password_reset"),
]


def _valid_value(field, number: int) -> str:
    from django import forms

    if isinstance(field, forms.EmailField):
        return f"visitor{number}@example.com"
    if isinstance(field, forms.BooleanField):
        return "on"
    if isinstance(field.widget, forms.PasswordInput):
        return "Correct-Horse-Battery-42"
    return "Anna"


def stored_text_with_control_characters() -> list[tuple[str, str]]:
    found = []
    for model in apps.get_models():
        if not model._meta.managed or model._meta.proxy:
            continue
        columns = [
            field.attname
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField)
        ]
        for row in model._default_manager.values_list(*columns) if columns else []:
            found += [
                (model._meta.label, value)
                for value in row
                if isinstance(value, str) and not text_is_safe(value, multiline=True)
            ]
    return found


@pytest.mark.parametrize("value_class", VALUE_CLASSES)
def test_no_anonymous_form_post_is_a_server_error_or_stores_control_characters(
    site, client, value_class
):
    numbers = itertools.count(1)
    failures = []
    for url in ANONYMOUS_FORMS:
        fields = get(client, url).context["form"].fields
        for hostile_field in fields:
            number = next(numbers)
            pairs = [
                (name, None if name == hostile_field else _valid_value(field, number))
                for name, field in fields.items()
            ]
            address = next(_addresses)
            savepoint = transaction.savepoint()
            response = client.post(
                url,
                query(pairs, value_class),
                content_type="application/x-www-form-urlencoded",
                REMOTE_ADDR=f"10.200.{address >> 8 & 255}.{address & 255}",
            )
            if response.status_code >= 500:
                transaction.savepoint_rollback(savepoint)
                failures.append((url, hostile_field, response.status_code))
            else:
                transaction.savepoint_commit(savepoint)

    assert failures == []
    assert stored_text_with_control_characters() == []
