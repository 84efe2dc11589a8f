from __future__ import annotations

from celery import shared_task

from shop.designer.services import designs_remove_abandoned


@shared_task
def designs_clean_up() -> dict[str, int]:
    """Remove abandoned anonymous designs and uploads; safe to run twice."""
    return designs_remove_abandoned()
