"""The storefront's cached reads, all invalidated at once by one content version.

Everything a shopper's page shows (the page tree, products, prices, stock, images,
shop settings, sites, view restrictions) is read through caches whose keys hold the
**content version**, a counter in the shared cache. A change to any of it bumps the
counter (``content_changed``), so every cached read made before the change is never
used again and expires on its own; nothing has to know which keys a change touches.

- The bump happens at once and again when the transaction commits: a request that read
  the old rows before the commit stored them under the old version, and the second bump
  makes sure no such value outlives the commit.
- ``content_version()`` reads the counter once per request (``shop.core.middleware.
  ContentVersionMiddleware`` keeps it for the request; elsewhere, in tasks and commands, every call reads it).
- ``content_memo(name, version, compute)`` keeps a value in this process and in the
  shared cache under ``name`` and the version: most requests find it in the process
  without a round trip; a new version drops the process copies.

Stock changes with every order, and most cached reads do not show it (the site,
routes, shop settings, pricing, navigation, the designer's library). So stock has a
counter of its own: ``stock_changed`` bumps only it; ``content_version()`` moves
with both counters (their sum: it only grows), and the reads that never show stock
ask for ``content_version(stock=False)``, which a stock change leaves alone.

Receivers that call ``content_changed`` live with the models they watch
(``shop.core.receivers``, ``shop.catalog.receivers``); code that writes rows without
signals (``QuerySet.update``, ``bulk_create``) calls it itself.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest

VERSION_KEY = "content:version"
STOCK_KEY = "content:stock-version"
# Long enough for a quiet shop, short enough that entries of old versions do not pile up.
MEMO_SECONDS = 24 * 3600
# Entries kept in each process for the current version (pages and card lists of tens
# of kB each: about 50 MB at most) before they are all dropped.
LOCAL_MAX_ENTRIES = 1000

T = TypeVar("T")
_MISSING = object()

_local_lock = threading.Lock()
# Keys hold their version, so an entry of an old version is never read again; the
# dict is emptied when it is full.
_local: dict[str, Any] = {}

# Per request: {"version": n, "content": m} once read; None outside a request.
_request_state: ContextVar[dict | None] = ContextVar("content_request", default=None)


def _version_start() -> int:
    # Microseconds: a counter that was lost (cache flushed or evicted) starts again
    # above every value it can have reached (no shop changes content a million times
    # a second), so no entry of an old version is ever read again.
    return time.time_ns() // 1000


def _counter(key: str, value) -> int:
    if value is None:
        # add() so that two processes starting at once agree on the first value.
        cache.add(key, _version_start(), timeout=None)
        value = cache.get(key) or _version_start()
    return int(value)


def content_versions_get() -> tuple[int, int]:
    """(content counter, stock counter), in one round trip."""
    found = cache.get_many([VERSION_KEY, STOCK_KEY])
    return (
        _counter(VERSION_KEY, found.get(VERSION_KEY)),
        _counter(STOCK_KEY, found.get(STOCK_KEY)),
    )


def content_version_get(*, stock: bool = True) -> int:
    """The current content version (with ``stock=False``: one a stock change does
    not move)."""
    content, stock_counter = content_versions_get()
    return content + stock_counter if stock else content


def content_version(request: HttpRequest | None = None, *, stock: bool = True) -> int:
    """The content version, read once per request (``request`` is not needed).
    Reads that never show stock pass ``stock=False``."""
    state = _request_state.get()
    if state is None:
        return content_version_get(stock=stock)
    if "content" not in state:
        content, stock_counter = content_versions_get()
        state["content"] = content
        state["version"] = content + stock_counter
    return state["version"] if stock else state["content"]


def _bump(key: str = VERSION_KEY) -> None:
    try:
        cache.incr(key)
    except ValueError:
        # No counter yet (or it was evicted).
        cache.set(key, _version_start(), None)


def _changed(key: str) -> None:
    _bump(key)
    state = _request_state.get()
    if state is not None:
        state.clear()  # the rest of this request reads the new versions
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        transaction.on_commit(lambda: _bump(key))


def content_changed() -> None:
    """Something a storefront page shows changed: drop every cached read."""
    _changed(VERSION_KEY)


def stock_changed() -> None:
    """Units in stock changed: drop the cached reads that show stock (the ones made
    under ``content_version()``), keep the others."""
    _changed(STOCK_KEY)


def content_key(*parts: object) -> str:
    """A short, cache-safe name for values of any length or content (a Host header,
    a path, a query string, filter values): the SHA-1 of their ``repr``."""
    return hashlib.sha1(repr(parts).encode("utf-8", "replace")).hexdigest()


def content_get(name: str, version: int, default=None, *, timeout: int | None = None):
    """The value kept under ``name`` for this version, from this process or the
    cache (then also kept in this process, at most ``timeout`` seconds), else
    ``default``."""
    key = f"{version}:{name}"
    entry = _local.get(key)
    if entry is not None and entry[0] > time.monotonic():
        return entry[1]
    value = cache.get(f"content:{key}", _MISSING)
    if value is _MISSING:
        return default
    _local_keep(key, version, value, MEMO_SECONDS if timeout is None else timeout)
    return value


def content_set(name: str, version: int, value, *, timeout: int | None = None) -> None:
    """Keep ``value`` under ``name`` for this version, here and in the cache."""
    timeout = MEMO_SECONDS if timeout is None else timeout
    key = f"{version}:{name}"
    cache.set(f"content:{key}", value, timeout)
    _local_keep(key, version, value, timeout)


def _local_keep(key: str, version: int, value, timeout: int) -> None:
    with _local_lock:
        if len(_local) >= LOCAL_MAX_ENTRIES:
            _local.clear()
        _local[key] = (time.monotonic() + timeout, value)


def content_memo(
    name: str, version: int, compute: Callable[[], T], *, timeout: int | None = None
) -> T:
    """``compute()``'s value for this content version, from this process or the cache.

    The value must pickle (it goes to the shared cache) and must not be changed by
    its users (the same object is handed to every request in this process). It is
    kept at most ``timeout`` seconds (default ``MEMO_SECONDS``), also in the process:
    values holding something that expires (a signed media URL) pass a shorter one.
    """
    value = content_get(name, version, _MISSING, timeout=timeout)
    if value is _MISSING:
        value = compute()
        content_set(name, version, value, timeout=timeout)
    return value


def content_request_begin():
    """Start remembering the version for the current request; returns a token."""
    return _request_state.set({})


def content_request_end(token) -> None:
    _request_state.reset(token)


def content_memo_clear_local() -> None:
    """Forget this process's copies (tests, after the shared cache was cleared)."""
    with _local_lock:
        _local.clear()
