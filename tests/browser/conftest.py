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


@pytest.fixture(autouse=True)
def _restore_migrated_rows(migrated_rows_restored) -> None:
    """Every browser test starts from the migrated rows (tests/conftest.py)."""


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
