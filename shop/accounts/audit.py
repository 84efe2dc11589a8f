"""The login audit log, fed by Django's auth signals.

Both the storefront login and the Wagtail admin login go through authenticate() and
login(), which send user_login_failed and user_logged_in: hanging the log on those
signals covers every login form without touching either view. Connected in
AccountsConfig.ready().
"""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from shop.core.text import text_clean

from .models import LoginEvent, User
from .throttle import client_ip, throttle_clear_email, throttle_hit

LOGIN_SCOPE = "login"


def _recorded(model_field: str, value: str) -> str:
    # What a client sent, as it can be stored and shown: control characters (NUL is
    # a server error in PostgreSQL) replaced, cut to the column.
    return text_clean(
        value, max_length=LoginEvent._meta.get_field(model_field).max_length
    )


def login_event_record(
    *,
    outcome: LoginEvent.Outcome,
    email: str,
    user: User | None,
    ip: str | None,
    user_agent: str,
    path: str,
) -> LoginEvent:
    """Store one login attempt; odd or over-long input is cleaned, never refused."""
    event = LoginEvent(
        outcome=outcome,
        email=_recorded("email", email.strip().lower()),
        user=user,
        ip_address=ip,
        user_agent=_recorded("user_agent", user_agent),
        path=_recorded("path", path),
    )
    # The user needs no existence query: it comes from the auth code itself.
    event.full_clean(exclude=["user"])
    event.save()
    return event


def login_event_record_for_request(
    request: HttpRequest | None,
    *,
    outcome: LoginEvent.Outcome,
    email: str,
    user: User | None,
) -> LoginEvent:
    """login_event_record with the client details of the request, if there is one."""
    meta = request.META if request is not None else {}
    return login_event_record(
        outcome=outcome,
        email=email,
        user=user,
        ip=client_ip(request) if request is not None else None,
        user_agent=meta.get("HTTP_USER_AGENT", ""),
        path=request.path if request is not None else "",
    )


@receiver(user_logged_in, dispatch_uid="accounts_audit_login_succeeded")
def login_succeeded(sender, request: HttpRequest | None, user: User, **kwargs) -> None:
    email = user.get_username()
    login_event_record_for_request(
        request, outcome=LoginEvent.Outcome.SUCCESS, email=email, user=user
    )
    # The owner got in: earlier typos no longer count against the address. The IP
    # count stays, so one client cannot reset its limit with an account of its own.
    throttle_clear_email(scope=LOGIN_SCOPE, email=email)


@receiver(user_login_failed, dispatch_uid="accounts_audit_login_failed")
def login_failed(
    sender, credentials: dict, request: HttpRequest | None = None, **kwargs
) -> None:
    # authenticate() passes the credentials on with the password masked.
    email = str(credentials.get("username") or credentials.get("email") or "")
    event = login_event_record_for_request(
        request, outcome=LoginEvent.Outcome.FAILURE, email=email, user=None
    )
    throttle_hit(scope=LOGIN_SCOPE, ip=event.ip_address, email=email)
