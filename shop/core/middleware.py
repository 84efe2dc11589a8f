"""Requests no view should see; the content version kept for one request."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.views.defaults import bad_request

from shop.core.content_cache import content_request_begin, content_request_end
from shop.core.text import text_is_safe


class UnsafePathMiddleware:
    """Answers 400 to a path with control characters (``%00``, ``%1b``...).

    No URL of the shop has them, and a path reaches the database before any view
    can check it: Wagtail looks each segment up as a page slug, and PostgreSQL
    refuses a NUL in any text it is asked to compare. Query strings are checked by
    each page's query form (shop.core.params), which can say what was wrong.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not text_is_safe(request.path_info):
            return bad_request(request, exception=None)
        return self.get_response(request)


class ContentVersionMiddleware:
    """Keeps the content version read during a request for the rest of it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = content_request_begin()
        try:
            return self.get_response(request)
        finally:
            content_request_end(token)


class AnonymousPageCacheMiddleware:
    """Serves stored pages to anonymous visitors (``shop.core.page_cache``).

    After the session, auth and messages middleware (it asks whether the visitor is
    logged in or has messages waiting) and inside the CSRF middleware (which sets the
    cookie for a token a hit hands out).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings

        from shop.core import page_cache
        from shop.core.content_cache import content_version

        if not settings.PAGE_CACHE_ENABLED:
            return self.get_response(request)
        if not page_cache.visitor_may_share(request):
            response = self.get_response(request)
            if getattr(response, "anonymous_page_cache", False):
                response["X-Page-Cache"] = "bypass"
            return response
        stored = page_cache.page_cache_lookup(request)
        if stored is not None:
            return stored
        version = content_version()
        response = self.get_response(request)
        if getattr(response, "anonymous_page_cache", False):
            kept = page_cache.page_cache_store(request, response, version)
            response["X-Page-Cache"] = "miss" if kept else "bypass"
        return response


class StoredPageShortcutMiddleware:
    """Answers a cookie-less visitor's page from the page cache before the session,
    CSRF, auth and messages middleware run (``shop.core.page_cache``); every other
    request goes on to ``AnonymousPageCacheMiddleware``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        from django.middleware.csrf import CsrfViewMiddleware

        self.get_response = get_response
        # A stored page with a form (add to cart) needs the visitor's CSRF token:
        # Django's own CSRF middleware reads the cookie and sets it on the answer.
        self.csrf = CsrfViewMiddleware(get_response)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings

        from shop.core import page_cache

        if page_cache.shortcut_applies(request):
            stored = page_cache.stored_page(request)
            if stored is not None and not stored.has_csrf:
                return page_cache.stored_response(request, stored)
            if stored is not None and not settings.CSRF_USE_SESSIONS:
                self.csrf.process_request(request)
                response = page_cache.stored_response(request, stored)
                return self.csrf.process_response(request, response)
        return self.get_response(request)
