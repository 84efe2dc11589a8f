from __future__ import annotations

from celery import shared_task
from django.core.management import call_command


@shared_task
def scheduled_publish() -> None:
    """Publish and unpublish what editors scheduled (offers, pages): Wagtail's own
    command, safe to run twice."""
    call_command("publish_scheduled", verbosity=0)
