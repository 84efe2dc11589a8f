"""Stale carts: expired sessions (with their carts) and untouched user carts."""

from __future__ import annotations

from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.utils import timezone

from shop.orders.models import Order


def carts_remove_stale(*, now=None) -> dict[str, int]:
    now = now or timezone.now()
    # Database sessions keep expired rows until removed; cache sessions (Redis)
    # expire by themselves (a cart sets its session's expiry to CART_SESSION_TTL).
    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore.clear_expired()
    cutoff = now - timedelta(hours=settings.CART_USER_TTL_HOURS)
    _, per_model = Order.objects.filter(
        status=Order.Status.PENDING, updated_at__lt=cutoff
    ).delete()
    return {"user_carts": per_model.get("orders.Order", 0)}
