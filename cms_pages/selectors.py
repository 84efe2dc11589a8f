"""The header and footer navigation: built once per site and content version."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import HttpRequest
from wagtail.models import Site

from cms_pages.models import ContentPage, HomePage
from shop.catalog.selectors import categories_top_level
from shop.core.content_cache import content_memo, content_version
from shop.core.restrictions import public_pages


@dataclass(frozen=True)
class NavLink:
    pk: int
    title: str
    url: str


@dataclass(frozen=True)
class Navigation:
    home_url: str = "/"
    categories: list[NavLink] = field(default_factory=list)
    pages: list[NavLink] = field(default_factory=list)
    footer: list[NavLink] = field(default_factory=list)


def _link(page, request: HttpRequest | None, title: str = "") -> NavLink:
    return NavLink(pk=page.pk, title=title or page.title, url=page.get_url(request))


def navigation_get(
    *, site: Site | None, request: HttpRequest | None = None
) -> Navigation:
    """Top-level categories and menu pages, footer links: four queries."""
    if site is None:
        return Navigation()
    home = HomePage.objects.filter(pk=site.root_page_id).first()
    footer = []
    if home is not None:
        links = home.footer_links.select_related("page").filter(page__live=True)
        footer = [_link(link.page, request, link.label) for link in links]
    return Navigation(
        home_url=home.get_url(request) if home is not None else "/",
        categories=[_link(c, request) for c in categories_top_level(site=site)],
        pages=[
            _link(p, request)
            for p in public_pages(ContentPage.objects.live())
            .in_menu()
            .child_of(site.root_page)
        ],
        footer=footer,
    )


def navigation_for_request(request: HttpRequest) -> Navigation:
    """The request site's navigation, from the cache while the content is unchanged."""
    from shop.core.serving import site_for_request

    site = site_for_request(request)
    if site is None:
        return Navigation()
    return content_memo(
        f"navigation:{site.pk}",
        content_version(stock=False),
        lambda: navigation_get(site=site, request=request),
    )
