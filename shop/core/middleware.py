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
