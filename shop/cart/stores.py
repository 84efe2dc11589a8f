"""Where a cart lives: the session (anonymous shoppers) or a pending Order (users).

Both hold the same ``CartData``: lines with their snapshots and the applied codes.
Services load it, change it and save it back; a store knows nothing of prices.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest

from shop.orders.models import Order, OrderItem

SESSION_KEY = "cart"
SESSION_FORMAT = 1


@dataclass
class CartLine:
    id: str
    product_id: int | None
    sku: str
    quantity: int
    configuration: dict = field(default_factory=dict)
    roster: list[dict] = field(default_factory=list)
    snapshot: dict = field(default_factory=dict)


@dataclass
class CartData:
    lines: list[CartLine] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(line.quantity for line in self.lines)

    def line(self, line_id: str) -> CartLine | None:
        return next((line for line in self.lines if line.id == line_id), None)


class SessionCartStore:
    """The anonymous cart: a dict in the session (Redis in production).

    It expires ``CART_SESSION_TTL`` seconds after its last change: an older cart
    reads as empty, and the session itself is given the same expiry.
    """

    def __init__(self, request: HttpRequest) -> None:
        self.session = request.session

    def load(self) -> CartData:
        raw = self.session.get(SESSION_KEY)
        if not isinstance(raw, dict) or raw.get("format") != SESSION_FORMAT:
            return CartData()
        if time.time() - raw.get("touched", 0) > settings.CART_SESSION_TTL:
            del self.session[SESSION_KEY]
            return CartData()
        return CartData(
            lines=[CartLine(**line) for line in raw.get("lines", [])],
            codes=list(raw.get("codes", [])),
        )

    def save(self, cart: CartData) -> None:
        if not cart.lines and not cart.codes:
            self.session.pop(SESSION_KEY, None)
            return
        self.session[SESSION_KEY] = {
            "format": SESSION_FORMAT,
            "touched": time.time(),
            "lines": [asdict(line) for line in cart.lines],
            "codes": list(cart.codes),
        }
        self.session.set_expiry(settings.CART_SESSION_TTL)

    def clear(self) -> None:
        self.session.pop(SESSION_KEY, None)


class OrderCartStore:
    """A logged-in shopper's cart: their one ``pending`` Order and its items.

    ``save`` runs in a transaction holding the order's row lock (taken by
    ``load(for_update=True)``), so two tabs changing one cart never interleave.
    """

    def __init__(self, user) -> None:
        self.user = user
        self.order: Order | None = None

    def _order(self, *, create: bool, for_update: bool) -> Order | None:
        orders = Order.objects.filter(user=self.user, status=Order.Status.PENDING)
        if for_update:
            orders = orders.select_for_update()
        order = orders.first()
        if order is None and create:
            Order.objects.bulk_create(
                [Order(user=self.user, status=Order.Status.PENDING)],
                ignore_conflicts=True,
            )
            order = orders.get()
        return order

    def load(self, *, for_update: bool = False) -> CartData:
        self.order = self._order(create=False, for_update=for_update)
        if self.order is None:
            return CartData()
        return CartData(
            lines=[
                CartLine(
                    id=item.line_id,
                    product_id=item.product_id,
                    sku=item.sku,
                    quantity=item.quantity,
                    configuration=item.configuration,
                    roster=item.roster,
                    snapshot=item.snapshot,
                )
                for item in self.order.items.all()
            ],
            codes=list(self.order.discount_codes),
        )

    @transaction.atomic
    def save(self, cart: CartData) -> None:
        order = self.order or self._order(create=True, for_update=True)
        self.order = order
        existing = {item.line_id: item for item in order.items.all()}
        keep = set()
        for position, line in enumerate(cart.lines):
            keep.add(line.id)
            item = existing.get(line.id)
            unit = line.snapshot.get("unit_list", "0")
            if item is None:
                OrderItem.objects.create(
                    order=order,
                    line_id=line.id,
                    product_id=line.product_id,
                    sku=line.sku,
                    quantity=line.quantity,
                    configuration=line.configuration,
                    roster=line.roster,
                    snapshot=line.snapshot,
                    unit_price_amount=unit,
                    position=position,
                )
            elif (
                item.quantity != line.quantity
                or item.roster != line.roster
                or item.position != position
            ):
                item.quantity = line.quantity
                item.roster = line.roster
                item.position = position
                item.save(
                    update_fields=["quantity", "roster", "position", "updated_at"]
                )
        stale = [
            pk
            for line_id, pk in ((k, v.pk) for k, v in existing.items())
            if line_id not in keep
        ]
        if stale:
            OrderItem.objects.filter(pk__in=stale).delete()
        if order.discount_codes != cart.codes:
            order.discount_codes = list(cart.codes)
        order.save(update_fields=["discount_codes", "updated_at"])

    def clear(self) -> None:
        Order.objects.filter(user=self.user, status=Order.Status.PENDING).delete()


def cart_store(request: HttpRequest):
    if request.user.is_authenticated:
        return OrderCartStore(request.user)
    return SessionCartStore(request)
