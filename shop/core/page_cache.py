"""Whole storefront pages for anonymous visitors, kept under the content version.

A page of the tree that is the same for every anonymous visitor (home, content,
category and product pages: ``anonymous_page_cache = True`` on the model) is stored
the first time an anonymous visitor gets it, and served to the next ones without
routing, queries or templates. Any change a page could show bumps the content version
(``shop.core.content_cache``), so the next visitor gets a fresh render at once.

Stored only when all of these hold: a GET of a page that opted in and has no view
restriction, answered 200 by the page (not a preview), for a visitor who is not
logged in, has no messages waiting and sent no session changes back (no Set-Cookie
other than Django's CSRF cookie), and no ``Cache-Control: private/no-store``.

Per-visitor parts are never frozen into the stored HTML:
- CSRF tokens: every token of this response (``{% csrf_token %}`` or any other use
  of ``get_token``) is replaced by a placeholder when stored; a hit puts a fresh
  token (``csrf_token``, as ``get_token`` makes it) in its place, so each visitor posts
  their own token and gets
  the CSRF cookie as usual.
- Messages: a visitor with messages waiting gets a fresh render, which shows them.
- Visitor fragments (the header's mini-cart): ``{% visitor_fragment "name" %}``
  renders a registered per-visitor renderer between two HTML comments; the stored
  page keeps a placeholder there, and each hit calls the renderer for its visitor
  (``visitor_fragment_register``; the cart app registers "mini-cart").

The key holds the host, the path and the query string (sorted, hashed: a hostile or
huge query makes a normal key). ``X-Page-Cache`` says hit, miss or bypass.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import (
    CSRF_ALLOWED_CHARS,
    CSRF_SECRET_LENGTH,
    _unmask_cipher_token,
)
from django.urls import Resolver404, resolve

from shop.core.content_cache import (
    content_get,
    content_key,
    content_set,
    content_version,
)

CSRF_PLACEHOLDER = "__atelier_csrf_token__"
_TOKEN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
_KEPT_HEADERS = ("Content-Type", "Content-Language", "X-Frame-Options")
# Where Django's default message storage keeps messages first (then the session).
_MESSAGES_COOKIE = CookieStorage.cookie_name


_FRAGMENT = re.compile(r"<!--visitor:([a-z-]+)-->.*?<!--/visitor:\1-->", re.DOTALL)
_visitor_renderers: dict[str, Callable[[HttpRequest], str]] = {}


def visitor_fragment_register(name: str, render: Callable[[HttpRequest], str]) -> None:
    """``render(request)`` gives this visitor's HTML for ``{% visitor_fragment name %}``.

    It may be called before the session and auth middleware ran (the early
    shortcut answers visitors without a session cookie), so it reads
    ``request.user`` and ``request.session`` only when they are there.
    """
    _visitor_renderers[name] = render


def visitor_fragment(request: HttpRequest, name: str) -> str:
    """The fragment for this visitor, marked so that a stored page can refill it."""
    html = _visitor_renderers[name](request) if name in _visitor_renderers else ""
    return f"<!--visitor:{name}-->{html}<!--/visitor:{name}-->"


def _placeholder(name: str) -> bytes:
    return f"__atelier_visitor_{name}__".encode()


@dataclass(frozen=True)
class StoredPage:
    content: bytes
    headers: tuple[tuple[str, str], ...]
    has_csrf: bool
    fragments: tuple[str, ...] = ()


def page_key(request: HttpRequest) -> str:
    query = sorted(request.GET.lists())
    digest = content_key(request.get_host(), request.path, query)
    return f"page:{digest}"


def _visitor_is_plain(request: HttpRequest) -> bool:
    """Anonymous, no messages waiting, a GET: a visitor a stored page fits."""
    if request.method != "GET" or getattr(request, "is_preview", False):
        return False
    if request.user.is_authenticated:
        return False
    if request.COOKIES.get(_MESSAGES_COOKIE):
        return False
    session = getattr(request, "session", None)
    if session is not None and request.COOKIES.get(settings.SESSION_COOKIE_NAME):
        if session.get("_messages"):
            return False
    return True


def stored_page(request: HttpRequest) -> StoredPage | None:
    """The page stored for this request's key, looked up once per request."""
    if not hasattr(request, "_stored_page"):
        request._stored_page = content_get(page_key(request), content_version())
    return request._stored_page


def page_cache_lookup(request: HttpRequest) -> HttpResponse | None:
    """The stored page for this request, filled in for this visitor, or None."""
    stored = stored_page(request)
    if stored is None:
        return None
    return stored_response(request, stored)


_LETTER_INDEX = {letter: i for i, letter in enumerate(CSRF_ALLOWED_CHARS)}


def _random_letters(count: int) -> str:
    """``count`` letters of Django's CSRF alphabet from one read of the system's
    random source (bytes past the last whole multiple of the alphabet are skipped,
    so every letter is equally likely)."""
    size = len(CSRF_ALLOWED_CHARS)
    limit = 256 - 256 % size
    letters: list[str] = []
    while len(letters) < count:
        letters.extend(
            CSRF_ALLOWED_CHARS[b % size]
            for b in secrets.token_bytes(count * 2)
            if b < limit
        )
    return "".join(letters[:count])


def csrf_token(request: HttpRequest) -> str:
    """What Django's ``get_token`` gives (the visitor's secret, a new one if they
    have none, masked), made with one random read instead of one per letter: a
    stored page with a form is otherwise dominated by Django's generator. Same
    META keys, so the CSRF middleware sets the cookie as usual."""
    secret = request.META.get("CSRF_COOKIE")
    if secret:
        mask = _random_letters(CSRF_SECRET_LENGTH)
    else:
        letters = _random_letters(2 * CSRF_SECRET_LENGTH)
        secret, mask = letters[:CSRF_SECRET_LENGTH], letters[CSRF_SECRET_LENGTH:]
        request.META["CSRF_COOKIE"] = secret
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    size = len(CSRF_ALLOWED_CHARS)
    cipher = "".join(
        CSRF_ALLOWED_CHARS[(_LETTER_INDEX[x] + _LETTER_INDEX[y]) % size]
        for x, y in zip(secret, mask, strict=True)
    )
    return mask + cipher


def stored_response(request: HttpRequest, stored: StoredPage) -> HttpResponse:
    content = stored.content
    if stored.has_csrf:
        content = content.replace(
            CSRF_PLACEHOLDER.encode(), csrf_token(request).encode()
        )
    for name in stored.fragments:
        content = content.replace(
            _placeholder(name), visitor_fragment(request, name).encode()
        )
    response = HttpResponse(content)
    for name, value in stored.headers:
        response[name] = value
    response["X-Page-Cache"] = "hit"
    return response


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming:
        return False
    if not getattr(response, "anonymous_page_cache", False):
        return False
    if any(name != settings.CSRF_COOKIE_NAME for name in response.cookies):
        return False
    cache_control = response.get("Cache-Control", "")
    return "private" not in cache_control and "no-store" not in cache_control


def _csrf_placeheld(request: HttpRequest, content: str) -> tuple[str, bool]:
    """The content with this response's CSRF tokens replaced by the placeholder."""
    secret = request.META.get("CSRF_COOKIE")
    if not secret or not request.META.get("CSRF_COOKIE_NEEDS_UPDATE", True):
        return content, False
    found = False

    def swap(match: re.Match) -> str:
        nonlocal found
        token = match.group(0)
        try:
            is_ours = _unmask_cipher_token(token) == secret
        except Exception:  # noqa: BLE001  (any 64-letter word that is not a token)
            is_ours = False
        if is_ours:
            found = True
            return CSRF_PLACEHOLDER
        return token

    return _TOKEN.sub(swap, content), found


def page_cache_store(
    request: HttpRequest, response: HttpResponse, version: int
) -> bool:
    """Keep this response for the next anonymous visitors if it may be; True if kept."""
    if not _storable(request, response):
        return False
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    charset = response.charset or "utf-8"
    content, has_csrf = _csrf_placeheld(request, response.content.decode(charset))
    fragments: list[str] = []

    def hold(match: re.Match) -> str:
        fragments.append(match.group(1))
        return _placeholder(match.group(1)).decode()

    content = _FRAGMENT.sub(hold, content)
    headers = tuple((h, response[h]) for h in _KEPT_HEADERS if h in response)
    content_set(
        page_key(request),
        version,
        StoredPage(
            content=content.encode(charset),
            headers=headers,
            has_csrf=has_csrf,
            fragments=tuple(dict.fromkeys(fragments)),
        ),
        timeout=min(settings.PAGE_CACHE_SECONDS, settings.CONTENT_FRAGMENT_SECONDS),
    )
    return True


_page_paths: dict[str, bool] = {}


def _is_page_path(request: HttpRequest) -> bool:
    """Only paths of the page tree are looked up (not the admin, API or search);
    the answer per path is remembered in the process (URLs do not change)."""
    path = request.path_info
    known = _page_paths.get(path)
    if known is None:
        try:
            known = resolve(path).url_name == "wagtail_serve"
        except Resolver404:
            known = False
        if len(_page_paths) > 10_000:
            _page_paths.clear()
        _page_paths[path] = known
    return known


def shortcut_applies(request: HttpRequest) -> bool:
    """A visitor with no session and no messages asking for a page: before the
    session, CSRF, auth and messages middleware even run, a stored page without a
    CSRF token can be answered (one with a token needs the CSRF middleware)."""
    return (
        settings.PAGE_CACHE_ENABLED
        and request.method == "GET"
        and not request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        and not request.COOKIES.get(_MESSAGES_COOKIE)
        and _is_page_path(request)
    )


def visitor_may_share(request: HttpRequest) -> bool:
    """A page path and a plain visitor (the middleware checks the setting first)."""
    return _is_page_path(request) and _visitor_is_plain(request)
