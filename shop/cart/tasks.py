from __future__ import annotations

from celery import shared_task

from shop.cart.cleanup import carts_remove_stale


@shared_task
def carts_clean_up() -> dict[str, int]:
    """Remove expired session carts and stale user carts; safe to run twice."""
    return carts_remove_stale()
