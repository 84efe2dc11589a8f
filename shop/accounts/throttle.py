"""Attempt limits for login, registration, password reset and e-mail change (cache).

Each scope has a fixed window per client IP and per e-mail address
(settings.ACCOUNTS_THROTTLE). A counter key lives as long as its window, so limits
expire by themselves through the cache TTL; a companion key holds the window's end,
because Django's cache API cannot tell how long a key has left.
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

KEY_PREFIX = "accounts:throttle"
# One IPv6 client usually holds a whole /64: counting single addresses would let it
# rotate through 2**64 of them.
IPV6_NETWORK_PREFIX = 64


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or the entry the first trusted proxy wrote.

    Each of the ACCOUNTS_TRUSTED_PROXY_COUNT proxies appends the address it received
    the request from, so the client is the Nth entry from the right; anything further
    left was sent by the client and proves nothing.
    """
    candidate = request.META.get("REMOTE_ADDR", "")
    proxies = settings.ACCOUNTS_TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [
            entry.strip()
            for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if entry.strip()
        ]
        if forwarded:
            candidate = forwarded[-min(proxies, len(forwarded))]
    try:
        address = ipaddress.ip_address(candidate)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return str(address)


def _ip_bucket(ip: str) -> str:
    address = ipaddress.ip_address(ip)
    if isinstance(address, ipaddress.IPv6Address):
        network = ipaddress.IPv6Network(f"{ip}/{IPV6_NETWORK_PREFIX}", strict=False)
        return str(network)
    return str(address)


def _email_digest(email: str) -> str:
    # Hashed so that no address (or odd character) ends up in a cache key.
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class _Counter:
    key: str
    limit: int
    window: int

    @property
    def end_key(self) -> str:
        return f"{self.key}:end"


def _counters(*, scope: str, ip: str | None, email: str | None) -> list[_Counter]:
    limits = settings.ACCOUNTS_THROTTLE[scope]
    counters = []
    if ip and "ip" in limits:
        limit, window = limits["ip"]
        counters.append(
            _Counter(f"{KEY_PREFIX}:{scope}:ip:{_ip_bucket(ip)}", limit, window)
        )
    if email and email.strip() and "email" in limits:
        limit, window = limits["email"]
        counters.append(
            _Counter(
                f"{KEY_PREFIX}:{scope}:email:{_email_digest(email)}", limit, window
            )
        )
    return counters


def throttle_retry_after(
    *, scope: str, ip: str | None, email: str | None
) -> int | None:
    """Seconds until the client may try again, or None while it is under the limits."""
    counters = _counters(scope=scope, ip=ip, email=email)
    if not counters:
        return None
    values = cache.get_many(
        [counter.key for counter in counters]
        + [counter.end_key for counter in counters]
    )
    now = time.time()
    waits = []
    for counter in counters:
        end = values.get(counter.end_key)
        # A counter counts only while its window's end is known (see _count).
        if end is None or values.get(counter.key, 0) < counter.limit:
            continue
        waits.append(math.ceil(end - now))
    return max(1, *waits) if waits else None


def _count(counter: _Counter) -> None:
    # add() is atomic: exactly one request opens the window and records its end.
    opened = cache.add(counter.key, 0, counter.window)
    if not opened and cache.get(counter.end_key) is None:
        # A counter without its end has lost its TTL: Django's Redis incr() checks
        # that the key exists, then INCR re-creates it, without expiry, if the TTL
        # ran out in between. Restart the window instead of blocking for ever.
        cache.set(counter.key, 0, counter.window)
        opened = True
    if opened:
        cache.set(counter.end_key, time.time() + counter.window, counter.window)
    try:
        cache.incr(counter.key)
    except ValueError:
        # The window closed between add() and incr(): this attempt opens the next.
        cache.set(counter.key, 1, counter.window)
        cache.set(counter.end_key, time.time() + counter.window, counter.window)


def throttle_hit(*, scope: str, ip: str | None, email: str | None) -> None:
    """Count one attempt against the IP and the e-mail counters of the scope."""
    for counter in _counters(scope=scope, ip=ip, email=email):
        _count(counter)


def throttle_clear_email(*, scope: str, email: str) -> None:
    """Forget the e-mail's attempts (the IP's count stays)."""
    for counter in _counters(scope=scope, ip=None, email=email):
        cache.delete_many([counter.key, counter.end_key])


def throttle_message(*, retry_after: int) -> str:
    if retry_after < 60:
        wait = ngettext("%(count)d second", "%(count)d seconds", retry_after) % {
            "count": retry_after
        }
    else:
        minutes = math.ceil(retry_after / 60)
        wait = ngettext("%(count)d minute", "%(count)d minutes", minutes) % {
            "count": minutes
        }
    return _("Too many attempts. Please wait %(wait)s before you try again.") % {
        "wait": wait
    }


@dataclass(frozen=True, slots=True)
class ThrottleGuard:
    """Which attempt scope a POST to a view counts against, and where its e-mail is."""

    scope: str
    email_field: str
    # Login counts failures only (through the audit receivers); the others count
    # every POST, successful or not.
    counts_every_post: bool


GUARDED_URL_NAMES = {
    "accounts:login": ThrottleGuard("login", "username", counts_every_post=False),
    "wagtailadmin_login": ThrottleGuard("login", "username", counts_every_post=False),
    "accounts:register": ThrottleGuard("register", "email", counts_every_post=True),
    "accounts:password_reset": ThrottleGuard(
        "password_reset", "email", counts_every_post=True
    ),
    # Wagtail's own reset form mails any active account, buyers included.
    "wagtailadmin_password_reset": ThrottleGuard(
        "password_reset", "email", counts_every_post=True
    ),
    # Each request mails the new address (a stranger's, perhaps) and checks the
    # current password: counted per IP and per new address.
    "accounts:email_change": ThrottleGuard(
        "email_change", "new_email", counts_every_post=True
    ),
}
