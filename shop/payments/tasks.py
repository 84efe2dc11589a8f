from __future__ import annotations

from celery import shared_task

from shop.payments.services import orders_expire_unpaid


@shared_task
def orders_expire() -> int:
    """Expire orders not paid in time (after asking the provider); safe to run
    twice."""
    return orders_expire_unpaid()
