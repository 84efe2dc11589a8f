"""Account work that leaves the request: whether a mail goes out, and to whom, must
not change how long the answer takes."""

from __future__ import annotations

from celery import shared_task


@shared_task
def password_reset_send_task(email: str) -> None:
    # Takes the address as typed (normalised): looking it up is the task's job, so
    # the request does the same for an address with an account and one without.
    from .services.auth import password_reset_send

    password_reset_send(email=email)
