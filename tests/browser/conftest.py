"""Browser tests: Playwright (pip) driving Debian's Chromium against ``live_server``.

Playwright's own browser download cannot work here, so the browser is the system's
Chromium (``make browser`` installs it). Without it the tests skip, or fail with
``REQUIRE_SERVICES=1`` as CI runs them.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls made
# by the test itself (fixtures, assertions) are then refused as "async unsafe".
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items) -> None:
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def _migrated_rows(django_db_setup, django_db_blocker) -> str:
    """The rows the migrations made (site, home page, root collection, groups...).

    Taken when the first browser test starts. pytest-django runs the transactional
    tests after all others and tests/browser sorts first among them, so the tables
    still hold just what the migrations wrote.
    """
    from django.db import connection
    from wagtail.models import Collection

    with django_db_blocker.unblock():
        if not Collection.objects.exists():
            pytest.fail("Browser tests must run before any other transactional test.")
        return connection.creation.serialize_db_to_string()


@pytest.fixture(autouse=True)
def _restore_migrated_rows(_migrated_rows, transactional_db) -> None:
    """Put the migrated rows back before each browser test.

    Browser tests run with ``transaction=True`` (the live server's thread must see
    the test's rows), so each test ends with every table emptied. Django's own
    ``serialized_rollback`` restores the rows only through the connection object
    that was handed the serialized copy, and Playwright's event loop can leave the
    test with another one; so the copy is restored here, after emptying again what
    the last flush's post_migrate re-created (content types, permissions).
    """
    from django.apps import apps
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import connection
    from wagtail.models import Collection

    if not Collection.objects.exists():
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        connection.creation.deserialize_db_from_string(_migrated_rows)
        # The rows came back with their ids; move the id sequences past them.
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(
                no_style(), apps.get_models()
            ):
                cursor.execute(statement)


@pytest.fixture(scope="session")
def browser() -> Iterator:
    from django.conf import settings

    if not (os.access(CHROMIUM, os.X_OK) or shutil.which(CHROMIUM)):
        reason = f"needs Chromium at {CHROMIUM}: run `make browser`"
        if settings.REQUIRE_SERVICES:
            pytest.fail(f"{reason} (REQUIRE_SERVICES=1)")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser) -> Iterator:
    """A fresh browser context (no cookies) at desktop width, English (en-US) locale."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="en-US"
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def admin_page(page, live_server):
    """``page``, logged in to the Wagtail admin as a superuser through its login form."""
    from shop.accounts.models import User

    User.objects.create_superuser(email="admin@atelier.test", password="admin-pw")
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("input[name=username]", "admin@atelier.test")
    page.fill("input[name=password]", "admin-pw")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    return page
