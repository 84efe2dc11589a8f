"""Serving pages from the page tree with a fixed, small number of queries.

Wagtail's ``serve`` finds the site (one query), walks the tree one query per path
segment, then reads each page's ancestors and their view restrictions (two more), on
every request. Here the same answers come from reads cached under the content version
(``shop.core.content_cache``), so a page costs one query for the page itself:

- the site for a host and port, as Wagtail picks it (``get_site_for_hostname``);
- the page at a path: the live page whose ``url_path`` is the site root's plus the
  path, and its model. A model that routes its own sub-paths (overrides ``route``), a
  path without a live page, and anything unusual go to Wagtail's own ``serve``, so
  404s, redirects and routable pages behave exactly as before;
- whether any page view restriction exists (``shop.core.restrictions``).

Wagtail's ``before_serve_page`` and ``on_serve_page`` hooks still run for every page.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port
from wagtail import hooks
from wagtail import views as wagtail_views
from wagtail.models import Page, Site
from wagtail.models.pages import RouteResult
from wagtail.models.sites import get_site_for_hostname

from shop.core.content_cache import content_key, content_memo, content_version

# Longest host or path worth remembering; longer ones are looked up every time.
_MEMO_KEY_MAX = 300


def site_for_request(request: HttpRequest) -> Site | None:
    """``Site.find_for_request``, remembered per host and port and content version."""
    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site
    hostname = split_domain_port(request._get_raw_host())[0]
    port = request.get_port()

    def find() -> Site | None:
        try:
            return get_site_for_hostname(hostname, port)
        except Site.DoesNotExist:
            return None

    if len(hostname) + len(str(port)) > _MEMO_KEY_MAX:
        site = find()
    else:
        # Hashed: a Host header may hold anything a cache key should not.
        key = content_key(hostname, port)
        site = content_memo(f"site:{key}", content_version(stock=False), find)
    request._wagtail_site = site
    return site


class _NoRoute(Exception):
    pass


def _route_find(site: Site, path: str) -> tuple[int, int] | None:
    url_path = site.root_page.url_path + path
    row = (
        Page.objects.filter(url_path=url_path, live=True)
        .values_list("pk", "content_type_id")
        .first()
    )
    if row is None:
        return None
    model = ContentType.objects.get_for_id(row[1]).model_class()
    if model is None or model.route is not Page.route:
        return None  # a page that routes its own sub-paths: Wagtail's walk
    return row


def page_route_for_request(request: HttpRequest, path: str) -> RouteResult | None:
    """The live page at ``path`` on the request's site, or None to let Wagtail walk."""
    site = site_for_request(request)
    if site is None or len(path) > _MEMO_KEY_MAX:
        return None
    if path and not path.endswith("/"):
        return None

    def find() -> tuple[int, int]:
        row = _route_find(site, path)
        if row is None:
            raise _NoRoute  # not kept: unknown paths must not fill the cache
        return row

    try:
        found = content_memo(
            f"route:{site.pk}:{content_key(path)}", content_version(stock=False), find
        )
    except _NoRoute:
        return None
    page_id, content_type_id = found
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    page = model.objects.filter(pk=page_id, live=True).first()
    if page is None:  # gone since the route was remembered
        return None
    return RouteResult(page)


def serve(request: HttpRequest, path: str) -> HttpResponse:
    """Wagtail's ``serve``, with the site and the route read from the cache."""
    route = page_route_for_request(request, path)
    if route is None:
        return wagtail_views.serve(request, path)
    request._wagtail_route_for_request = route
    page, args, kwargs = route
    chain = wagtail_views.serve_chain
    for fn in reversed(hooks.get_hooks("on_serve_page")):
        chain = fn(chain)
    for fn in hooks.get_hooks("before_serve_page"):
        result = fn(page, request, args, kwargs)
        if isinstance(result, HttpResponse):
            return result
    response = chain(page, request, args, kwargs)
    # No query while the shop has no restriction (RestrictionsCachedMixin).
    if (
        getattr(page, "anonymous_page_cache", False)
        and not page.get_view_restrictions().exists()
    ):
        # The same for every anonymous visitor: shop.core.page_cache may keep it.
        response.anonymous_page_cache = True
    return response
