"""The header's mini-cart: rendered per visitor, also into stored pages."""

from __future__ import annotations

import functools

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

CART_ICON = (
    '<svg aria-hidden="true" focusable="false" width="20" height="20" viewBox="0 0 24 24" '
    'fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" '
    'stroke-linejoin="round"><path d="M6 7h12l-1 13H7L6 7z"/><path d="M9 7a3 3 0 0 1 6 0"/></svg>'
)


def visitor_cart_count(request: HttpRequest) -> int:
    """Pieces in this visitor's cart; 0 without a session (no query, no read)."""
    cached = getattr(request, "_cart_count", None)
    if cached is not None:
        return cached
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    # A session the visitor sent, or one this request just wrote (a first add).
    has_session = session is not None and (
        request.COOKIES.get(settings.SESSION_COOKIE_NAME) or session.modified
    )
    if (user is None or not user.is_authenticated) and not has_session:
        count = 0
    else:
        from shop.cart.services import cart_count

        count = cart_count(request)
    request._cart_count = count
    return count


@functools.cache
def _cart_url() -> str:
    return reverse("cart:detail")


def _render(count: int) -> str:
    label = (
        "Cart, empty"
        if count == 0
        else f"Cart, {count} item{'s' if count != 1 else ''}"
    )
    return format_html(
        '<a class="mini-cart" href="{}" data-mini-cart aria-label="{}">{} '
        "<span>Cart (<span data-mini-cart-count>{}</span>)</span></a>",
        _cart_url(),
        label,
        mark_safe(CART_ICON),
        count,
    )


@functools.cache
def _empty() -> str:
    return _render(0)


def mini_cart_html(request: HttpRequest) -> str:
    """Rendered on every stored page's hit: most visitors have an empty cart, whose
    HTML is made once per process."""
    count = visitor_cart_count(request)
    return _empty() if count == 0 else _render(count)
