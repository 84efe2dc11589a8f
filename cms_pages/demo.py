"""Demo content pages and footer links, and the demo seed of every app in order.

Every step only adds what is missing, so running the demo seed again changes nothing
and never overwrites what an editor has changed since.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.html import escape
from wagtail.models import Site
from wagtail.rich_text import RichText

from cms_pages.models import ContentPage, FooterLink, HomePage
from shop.accounts.demo import accounts_seed_demo
from shop.catalog.demo import catalog_seed_demo
from shop.catalog.importexport import ImportReport
from shop.core.countries import country_name
from shop.core.demo import DEMO_SHOP_SETTINGS, core_seed_demo
from shop.core.exceptions import ShopError
from shop.designer.demo import designer_seed_demo
from shop.pricing.demo import pricing_seed_demo


class DemoSeedError(ShopError):
    pass


LEGAL_DIR = Path(settings.BASE_DIR) / "fixtures" / "legal"
_FRONT_MATTER = re.compile(r"\A---\n(?P<head>.*?)\n---\n(?P<body>.*)\Z", re.S)
_HEADING = re.compile(r"\A<h2>(?P<text>.*)</h2>\Z", re.S)
_FAQ = re.compile(
    r"\A<details><summary>(?P<question>.*?)</summary>(?P<answer>.*)</details>\Z", re.S
)
_PLACEHOLDER = re.compile(r"\{\{ (\w+) \}\}")


def _shop_details() -> dict[str, str]:
    s = DEMO_SHOP_SETTINGS
    company = (
        f"{s['legal_name']}, {s['street']}, {s['postal_code']} {s['city']}, "
        f"{country_name(s['country'])}"
    )
    return {"company": company, **{key: str(value) for key, value in s.items()}}


def _filled(text: str, details: dict[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda match: escape(details[match[1]]), text)


def _block(chunk: str) -> tuple[str, object]:
    if heading := _HEADING.match(chunk):
        return ("heading", {"text": unescape(heading["text"]), "level": "h2"})
    if faq := _FAQ.match(chunk):
        return (
            "faq",
            {"question": unescape(faq["question"]), "answer": RichText(faq["answer"])},
        )
    return ("paragraph", RichText(chunk))


def content_page_load(*, path: Path) -> dict:
    """One page file of fixtures/legal: front matter, then blocks between blank lines.

    A block is a heading (``<h2>``), a question (``<details><summary>``) or a
    paragraph of rich text; ``{{ name }}`` is replaced by the demo shop's details.
    """
    match = _FRONT_MATTER.match(path.read_text(encoding="utf-8"))
    if match is None:
        raise DemoSeedError(f"{path.name} does not start with a front matter block.")
    head = dict(
        line.split(": ", 1) for line in match["head"].splitlines() if line.strip()
    )
    details = _shop_details()
    chunks = [c.strip() for c in match["body"].split("\n\n") if c.strip()]
    return {
        "slug": head["slug"],
        "title": head["title"],
        "intro": head["intro"],
        "show_in_menus": head["show_in_menus"] == "true",
        "body": [_block(_filled(chunk, details)) for chunk in chunks],
    }


def content_pages_load(*, directory: Path = LEGAL_DIR) -> list[dict]:
    """The pages listed in the directory's index.json, in footer order."""
    index = json.loads((directory / "index.json").read_text(encoding="utf-8"))
    return [
        content_page_load(path=directory / f"{slug}.html") for slug in index["pages"]
    ]


@dataclass
class DemoReport:
    catalog: ImportReport
    pages_created: list[str] = field(default_factory=list)
    footer_links_created: int = 0
    settings_filled: bool = False
    admin_created: bool = False
    pricing_created: bool = False
    designer_created: bool = False

    def lines(self) -> list[str]:
        return [
            *str(self.catalog).splitlines(),
            "Content pages: "
            + (
                f"created {', '.join(self.pages_created)}."
                if self.pages_created
                else "all present."
            ),
            "Footer links: "
            + (
                f"{self.footer_links_created} added."
                if self.footer_links_created
                else "kept as they are."
            ),
            "Shop settings: "
            + ("filled in." if self.settings_filled else "kept (already set)."),
            "Pricing: "
            + (
                "print techniques, volume tiers, 3 for 2 on mugs and the code "
                "WELCOME10 added."
                if self.pricing_created
                else "kept as it is."
            ),
            "Designer library: "
            + (
                "clipart and design templates added."
                if self.designer_created
                else "kept as it is."
            ),
            "Admin account: "
            + (
                "created."
                if self.admin_created
                else "already exists (its password was not changed)."
            ),
        ]


def _home_get(*, site: Site) -> HomePage:
    home = HomePage.objects.filter(pk=site.root_page_id).first()
    if home is None:
        raise DemoSeedError("The default site's root page is not a home page.")
    return home


def content_pages_ensure(*, home: HomePage) -> tuple[list[ContentPage], list[str]]:
    """The demo content pages under the home page, created if missing (by slug).

    Returns all of them (in footer order) and the titles of those created.
    """
    pages, created = [], []
    for spec in content_pages_load():
        page = ContentPage.objects.child_of(home).filter(slug=spec["slug"]).first()
        if page is None:
            page = ContentPage(
                title=spec["title"],
                slug=spec["slug"],
                intro=spec["intro"],
                body=spec["body"],
                show_in_menus=spec["show_in_menus"],
                live=False,
            )
            home.add_child(instance=page)
            page.save_revision().publish()
            created.append(page.title)
        pages.append(page)
    return pages, created


def footer_links_ensure(*, home: HomePage, pages: list[ContentPage]) -> int:
    """Link these pages in the footer if the home page has no footer links yet."""
    if home.footer_links.exists():
        return 0
    home.footer_links = [FooterLink(page=page) for page in pages]
    home.save_revision().publish()
    return len(pages)


def pages_seed_demo(*, site: Site) -> tuple[list[str], int]:
    """The demo content pages and footer links under the site's home page.

    Returns the titles of the pages created and the number of footer links added.
    """
    with transaction.atomic():
        home = _home_get(site=site)
        pages, created = content_pages_ensure(home=home)
        return created, footer_links_ensure(home=home, pages=pages)


def demo_seed(
    *,
    catalog_path: Path,
    admin_email: str,
    admin_password: str,
    warm_renditions: bool = True,
) -> DemoReport:
    """Each app's demo seed in dependency order: core, accounts, catalog, pricing,
    designer, pages."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        raise DemoSeedError("There is no default site; run the migrations first.")
    settings_filled = core_seed_demo(site=site)
    admin_created = accounts_seed_demo(email=admin_email, password=admin_password)
    report = DemoReport(
        catalog=catalog_seed_demo(
            catalog_path=catalog_path, warm_renditions=warm_renditions
        ),
        settings_filled=settings_filled,
        admin_created=admin_created,
    )
    report.pricing_created = pricing_seed_demo()
    report.designer_created = designer_seed_demo()
    report.pages_created, report.footer_links_created = pages_seed_demo(site=site)
    return report
