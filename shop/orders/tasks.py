from __future__ import annotations

from celery import shared_task

from shop.orders.services import orders_deliver_overdue


@shared_task
def orders_mark_delivered() -> int:
    """Shipped orders nobody confirmed within ORDER_AUTO_DELIVER_DAYS count as
    delivered; safe to run twice."""
    return orders_deliver_overdue()
