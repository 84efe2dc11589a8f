"""The accounts app's middleware: attempt limits and keeping buyers out of the admin.

The rules live beside their data: limits and counters in throttle.py, roles in
roles.py, the login log in audit.py. This module only applies them to requests, so
it may import all three while none of them imports another's request handling.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property

from .audit import login_event_record_for_request
from .models import LoginEvent
from .roles import user_is_backoffice
from .throttle import (
    GUARDED_URL_NAMES,
    ThrottleGuard,
    client_ip,
    throttle_hit,
    throttle_message,
    throttle_retry_after,
)


class BackofficeAdminMiddleware:
    """A logged-in buyer gets a storefront 403 anywhere under the admin prefix.

    Wagtail would redirect them to its login form, which asks a shopper for a staff
    login they do not have. Anonymous visitors still get that redirect (staff log in
    there), and backoffice users pass through to the admin's own permission checks.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    @cached_property
    def admin_prefix(self) -> str:
        # Resolved on the first request, once the URLconf is loaded; not per request.
        return reverse("wagtailadmin_home")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The path comes first so storefront requests never load the session user.
        if (
            request.path.startswith(self.admin_prefix)
            and request.user.is_authenticated
            and not user_is_backoffice(request.user)
        ):
            response = render(request, "accounts/admin_forbidden.html", status=403)
            add_never_cache_headers(response)
            return response
        return self.get_response(request)


class AttemptThrottleMiddleware:
    """Answers 429 to POSTs on the guarded views while their limits are reached.

    Login failures are counted by the audit receivers (a failure is only known once
    authenticate() ran); the other guarded views count every POST here.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        guard = self._guard(request)
        if guard is None:
            return self.get_response(request)
        ip = client_ip(request)
        email = request.POST.get(guard.email_field, "")
        retry_after = throttle_retry_after(scope=guard.scope, ip=ip, email=email)
        if retry_after is not None:
            return self._refuse(
                request, guard=guard, email=email, retry_after=retry_after
            )
        response = self.get_response(request)
        if guard.counts_every_post:
            throttle_hit(scope=guard.scope, ip=ip, email=email)
        return response

    @staticmethod
    def _guard(request: HttpRequest) -> ThrottleGuard | None:
        if request.method != "POST":
            return None
        # request.resolver_match is only set once the middleware chain has run.
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
        return GUARDED_URL_NAMES.get(match.view_name)

    @staticmethod
    def _refuse(
        request: HttpRequest, *, guard: ThrottleGuard, email: str, retry_after: int
    ) -> HttpResponse:
        if guard.scope == "login":
            login_event_record_for_request(
                request,
                outcome=LoginEvent.Outcome.THROTTLED,
                email=email,
                user=None,
            )
        response = render(
            request,
            "accounts/throttled.html",
            {
                "message": throttle_message(retry_after=retry_after),
                "retry_after": retry_after,
            },
            status=429,
        )
        response["Retry-After"] = str(retry_after)
        add_never_cache_headers(response)
        return response
