"""Logging in: the anonymous session cart joins the user's cart."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest

from shop.cart.services.base import _stock, line_max
from shop.cart.stores import (
    OrderCartStore,
    SessionCartStore,
)


def cart_merge_into_user(request: HttpRequest, user) -> None:
    """Move the anonymous session cart into the user's cart: the same variant
    with the same configuration and no roster adds up (capped at stock and the
    line maximum), other lines and codes join."""
    session_store = SessionCartStore(request)
    incoming = session_store.load()
    session_store.clear()
    # The session now belongs to a user: no cart expiry on it any more.
    request.session.set_expiry(None)
    if not incoming.lines and not incoming.codes:
        return
    store = OrderCartStore(user)
    with transaction.atomic():
        cart = store.load(for_update=True)
        for line in incoming.lines:
            same = next(
                (
                    mine
                    for mine in cart.lines
                    if mine.sku == line.sku
                    and mine.configuration == line.configuration
                    and not mine.roster
                    and not line.roster
                ),
                None,
            )
            if same is None:
                cart.lines.append(line)
            else:
                same.quantity += line.quantity
        for code in incoming.codes:
            if code not in cart.codes:
                cart.codes.append(code)
        stock = _stock(line.sku for line in cart.lines)
        for line in cart.lines:
            cap = min(line_max(), stock.get(line.sku, 0))
            if line.quantity > cap and not line.roster and cap >= 1:
                line.quantity = cap
        store.save(cart)
