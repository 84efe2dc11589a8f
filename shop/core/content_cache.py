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
# Long enough for a quiet shop, short enough that entries of old versions do not pile up.
MEMO_SECONDS = 24 * 3600
# Entries kept in each process for the current version (pages and card lists of tens
# of kB each: about 50 MB at most) before they are all dropped.
LOCAL_MAX_ENTRIES = 1000

T = TypeVar("T")
_MISSING = object()

_local_lock = threading.Lock()
_local: dict[str, Any] = {}
_local_version: int | None = None

# Per request: {"version": n} once read; None outside a request.
_request_state: ContextVar[dict | None] = ContextVar("content_request", default=None)


def _version_start() -> int:
    # Microseconds: a counter that was lost (cache flushed or evicted) starts again
    # above every value it can have reached (no shop changes content a million times
    # a second), so no entry of an old version is ever read again.
    return time.time_ns() // 1000


def content_version_get() -> int:
    """The current content version."""
    version = cache.get(VERSION_KEY)
    if version is None:
        # add() so that two processes starting at once agree on the first value.
        cache.add(VERSION_KEY, _version_start(), timeout=None)
        version = cache.get(VERSION_KEY) or _version_start()
    return int(version)


def content_version(request: HttpRequest | None = None) -> int:
    """The content version, read once per request (``request`` is not needed)."""
    state = _request_state.get()
    if state is None:
        return content_version_get()
    version = state.get("version")
    if version is None:
        version = state["version"] = content_version_get()
    return version


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        # No counter yet (or it was evicted).
        cache.set(VERSION_KEY, _version_start(), None)


def content_changed() -> None:
    """Something a storefront page shows changed: drop every cached read."""
    _bump()
    state = _request_state.get()
    if state is not None:
        state.pop("version", None)  # the rest of this request reads the new one
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        transaction.on_commit(_bump)


def content_key(*parts: object) -> str:
    """A short, cache-safe name for values of any length or content (a Host header,
    a path, a query string, filter values): the SHA-1 of their ``repr``."""
    return hashlib.sha1(repr(parts).encode("utf-8", "replace")).hexdigest()


def content_get(name: str, version: int, default=None, *, timeout: int | None = None):
    """The value kept under ``name`` for this version, from this process or the
    cache (then also kept in this process, at most ``timeout`` seconds), else
    ``default``."""
    key = f"{version}:{name}"
    if _local_version == version:
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
    global _local_version
    with _local_lock:
        if _local_version != version:
            if _local_version is not None and version < _local_version:
                # A request that read an older version finishing late: keep the newer.
                return
            _local.clear()
            _local_version = version
        elif len(_local) >= LOCAL_MAX_ENTRIES:
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
    global _local_version
    with _local_lock:
        _local.clear()
        _local_version = None
