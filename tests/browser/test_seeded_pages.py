"""The seeded terms page shows the text of fixtures/legal, on a desktop and a phone."""

from __future__ import annotations

import pytest
from wagtail.models import Site

from cms_pages.demo import pages_seed_demo
from shop.core.demo import core_seed_demo

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = "/tmp"


@pytest.mark.parametrize("width", [1280, 375])
def test_the_seeded_terms_page_shows_the_fixture_text(page, live_server, width):
    site = Site.objects.get(is_default_site=True)
    core_seed_demo(site=site)
    pages_seed_demo(site=site)
    page.set_viewport_size({"width": width, "height": 900})

    page.goto(f"{live_server.url}/terms/")

    assert page.get_by_role("heading", name="Terms and conditions").is_visible()
    assert page.get_by_role("heading", name="6. Right of withdrawal").is_visible()
    assert page.get_by_text("article 6:230p of the Dutch Civil Code").is_visible()
    assert page.get_by_role("link", name="hello@atelier.test").first.is_visible()
    assert "{{" not in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=f"{SCREENSHOTS}/layout_terms_{width}.png", full_page=True)
