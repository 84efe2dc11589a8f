"""Account e-mails: rendered from templates, sent after the transaction commits.

They go through Django's e-mail API until the notifications app (Resend, sent by
Celery) exists; then this module hands them to it instead.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string

from shop.core.selectors import shop_context_get


def _shop_name() -> str:
    return shop_context_get().shop_name


def absolute_url(path: str) -> str:
    """A link for an e-mail, on the configured public address of the shop."""
    return f"{settings.SHOP_BASE_URL}{path}"


def account_email_send(*, to: str, template: str, context: dict) -> None:
    """Send templates/accounts/email/<template>.txt; its first line is the subject."""
    email_send(to=to, template_name=f"accounts/email/{template}.txt", context=context)


def email_send(*, to: str, template_name: str, context: dict) -> None:
    """Render a text template (first line: subject) and send it after commit."""
    context = {"shop_name": _shop_name(), "base_url": settings.SHOP_BASE_URL, **context}
    subject, _, body = render_to_string(template_name, context).partition("\n")
    subject = subject.strip()
    body = body.lstrip("\n")
    # robust: a mail server outage is logged and must not turn a committed
    # registration, password change or order step into an error page.
    transaction.on_commit(
        lambda: send_mail(
            subject, body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False
        ),
        robust=True,
    )
