"""The content version, the cached reads under it, and serving pages from the cache."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from shop.catalog.models import ProductVariant
from shop.catalog.services import stock_decrement, stock_set
from shop.core import content_cache
from shop.core.content_cache import (
    content_changed,
    content_memo,
    content_version_get,
)
from tests.factories.catalog import category_create, product_create

pytestmark = pytest.mark.django_db


def test_a_memo_is_computed_once_per_version():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    version = content_version_get()
    assert content_memo("x", version, compute) == 1
    assert content_memo("x", version, compute) == 1
    content_changed()
    assert content_memo("x", content_version_get(), compute) == 2
    assert len(calls) == 2


def test_a_memo_is_shared_through_the_cache_between_processes():
    version = content_version_get()
    content_memo("shared", version, lambda: "first")
    content_cache.content_memo_clear_local()  # another process: nothing local

    assert content_memo("shared", version, lambda: "second") == "first"


def test_a_local_copy_expires_with_its_timeout(monkeypatch):
    version = content_version_get()
    content_memo("short", version, lambda: "old", timeout=10)
    now = content_cache.time.monotonic()
    monkeypatch.setattr(content_cache.time, "monotonic", lambda: now + 11)
    content_cache.cache.delete(f"content:{version}:short")

    assert content_memo("short", version, lambda: "new", timeout=10) == "new"


def test_a_lost_counter_starts_above_every_value_it_had():
    content_changed()
    before = content_version_get()
    content_cache.cache.delete(content_cache.VERSION_KEY)

    assert content_version_get() > before


def test_the_version_moves_again_when_the_transaction_commits():
    version = content_version_get()
    with transaction.atomic():
        content_changed()
        inside = content_version_get()
    # pytest-django's test transaction never commits: run the on-commit bump here.
    assert inside > version


@pytest.fixture
def shirt():
    category = category_create(title="Shirts")
    return product_create(category=category, title="Plain shirt")


def moves(action) -> bool:
    before = content_version_get()
    action()
    return content_version_get() != before


def test_what_a_shopper_sees_moves_the_version(shirt):
    sku = shirt.variants.first().sku
    variant = ProductVariant.objects.get(sku=sku)

    assert moves(lambda: shirt.save_revision().publish())
    assert moves(lambda: stock_set(sku=sku, quantity=3))
    assert moves(lambda: stock_decrement(sku=sku, quantity=1))
    assert moves(
        lambda: setattr(variant, "price_amount", Decimal("25")) or variant.save()
    )
    assert moves(lambda: shirt.unpublish())


def test_a_draft_save_does_not_move_the_version(shirt):
    shirt.title = "Draft title"

    assert not moves(lambda: shirt.save_revision())


def test_a_page_costs_one_query_and_sees_a_published_change_at_once(
    client, shirt, settings
):
    settings.PAGE_CACHE_ENABLED = False
    client.get(shirt.url)
    client.get(shirt.url)
    with CaptureQueriesContext(connection) as queries:
        client.get(shirt.url)
    assert len(queries) == 1

    shirt.title = "Heavy shirt"
    shirt.save_revision().publish()

    assert "Heavy shirt" in client.get(shirt.url).content.decode()


def test_moved_and_unpublished_pages_are_served_from_their_new_state(client, shirt):
    other = category_create(title="Other")
    old_url = shirt.url
    client.get(old_url)

    shirt.move(other, pos="last-child")
    shirt.refresh_from_db()

    # Wagtail leaves a redirect from the old address.
    assert client.get(old_url)["Location"] == shirt.url
    assert client.get(shirt.url).status_code == 200
    shirt.unpublish()
    assert client.get(shirt.url).status_code == 404


def test_a_draft_page_and_an_unknown_path_are_404(client, shirt):
    draft = product_create(category=shirt.get_parent().specific, live=False)

    assert client.get(f"{shirt.get_parent().url}{draft.slug}/").status_code == 404
    assert client.get("/no-such-page/").status_code == 404
    assert client.get("/no-such-page/").status_code == 404


def test_a_view_restriction_works_as_soon_as_it_is_set(client, shirt):
    category = shirt.get_parent().specific
    assert client.get(shirt.url).status_code == 200
    assert "Plain shirt" in client.get(category.url).content.decode()

    restriction = PageViewRestriction.objects.create(
        page=shirt, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="Wholesale"))

    response = client.get(shirt.url)
    assert response.status_code == 302
    assert "login" in response["Location"]
    # Listings leave a restricted product out.
    assert "Plain shirt" not in client.get(category.url).content.decode()


def test_a_stock_change_keeps_the_reads_that_do_not_show_stock(shirt):
    from shop.core.content_cache import content_version

    sku = shirt.variants.first().sku
    stock_set(sku=sku, quantity=10)
    shown, hidden = content_version_get(), content_version_get(stock=False)

    stock_decrement(sku=sku, quantity=1)

    assert content_version_get() > shown  # listings and product pages show stock
    assert content_version_get(stock=False) == hidden  # site, settings, pricing
    content_changed()
    assert content_version_get(stock=False) > hidden
    assert content_version(stock=False) == content_version_get(stock=False)
