"""The order lifecycle: placing an order and every state change after it.

``order_place`` turns checked lines into an order awaiting payment, taking their
units from stock and counting the discount codes in the same transaction.
``order_transition`` is the one way an order changes state: it locks the row,
refuses illegal moves with a coded error, records who/when/before/after in
``OrderEvent``, gives stock back when an unpaid order ends, and sends the
transition's customer e-mail at most once (``OrderEmail``).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from shop.catalog.exceptions import OutOfStockError
from shop.catalog.services import stock_decrement, stock_increment
from shop.core.address import PostalAddress
from shop.core.money import Money
from shop.designer.services import snapshot_may_be_produced
from shop.orders.emails import order_email_send
from shop.orders.exceptions import OrderTransitionError
from shop.orders.models import Order, OrderEmail, OrderEvent, OrderItem
from shop.pricing.services import discount_code_redeem, discount_code_release

S = Order.Status
REFUNDABLE = (S.PAID, S.IN_PRODUCTION, S.SHIPPED, S.DELIVERED, S.PARTIALLY_REFUNDED)
TRANSITIONS: dict[str, frozenset[str]] = {
    S.AWAITING_PAYMENT: frozenset({S.PAID, S.CANCELED, S.EXPIRED}),
    S.PAID: frozenset({S.IN_PRODUCTION, S.CANCELED, S.REFUNDED, S.PARTIALLY_REFUNDED}),
    S.IN_PRODUCTION: frozenset(
        {S.SHIPPED, S.CANCELED, S.REFUNDED, S.PARTIALLY_REFUNDED}
    ),
    S.SHIPPED: frozenset({S.DELIVERED, S.REFUNDED, S.PARTIALLY_REFUNDED}),
    S.DELIVERED: frozenset({S.REFUNDED, S.PARTIALLY_REFUNDED}),
    # A partial refund keeps the order going: it can still be produced, shipped
    # and delivered, or refunded further.
    S.PARTIALLY_REFUNDED: frozenset(
        {S.IN_PRODUCTION, S.SHIPPED, S.DELIVERED, S.REFUNDED, S.PARTIALLY_REFUNDED}
    ),
}
# The customer e-mail each state sends (once per order).
EMAILS = {
    S.PAID: "paid",
    S.IN_PRODUCTION: "in_production",
    S.SHIPPED: "shipped",
    S.CANCELED: "canceled",
    S.EXPIRED: "expired",
    S.REFUNDED: "refunded",
    S.PARTIALLY_REFUNDED: "partially_refunded",
}
# Ending an order in these states gives its stock and its code uses back.
RELEASING = (S.CANCELED, S.EXPIRED)


def transition_allowed(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())


@dataclass(frozen=True)
class PlacedLine:
    """A cart line as the order keeps it, with its final amounts."""

    line_id: str
    product_id: int | None
    sku: str
    quantity: int
    configuration: dict
    roster: list
    snapshot: dict
    unit_price: Money
    net: Money
    vat: Money
    gross: Money
    adjustments: list = field(default_factory=list)
    title: str = ""


@dataclass(frozen=True)
class OrderDraft:
    """Everything checkout decided; ``order_place`` stores it as an order."""

    checkout_key: uuid.UUID
    email: str
    billing: PostalAddress
    shipping: PostalAddress
    shipping_method: str
    payment_method: str
    currency: str
    vat_rate: object
    lines: Sequence[PlacedLine]
    quote: dict
    total_net: Money
    total_vat: Money
    total_gross: Money
    codes: Sequence[tuple[str, Money]] = ()
    user: object = None


def order_by_checkout_key(key: uuid.UUID) -> Order | None:
    return Order.objects.filter(checkout_key=key).first()


def order_place(draft: OrderDraft, *, now: datetime | None = None) -> Order:
    """Store the order, take its units from stock and count its codes, all or
    nothing. The same checkout key places one order: a second call (a double
    submit, a retry) returns the first. Raises OutOfStockError naming the product,
    or DiscountCodeError when a code was used up meanwhile."""
    existing = order_by_checkout_key(draft.checkout_key)
    if existing is not None:
        return existing
    now = now or timezone.now()
    try:
        with transaction.atomic():
            order = Order.objects.create(
                user=draft.user,
                status=S.AWAITING_PAYMENT,
                currency=draft.currency,
                checkout_key=draft.checkout_key,
                email=draft.email,
                billing_address=draft.billing.as_dict(),
                shipping_address=draft.shipping.as_dict(),
                shipping_method=draft.shipping_method,
                payment_method=draft.payment_method,
                quote=draft.quote,
                vat_rate=draft.vat_rate,
                total_net_amount=draft.total_net.amount,
                total_vat_amount=draft.total_vat.amount,
                total_gross_amount=draft.total_gross.amount,
                discount_codes=[code for code, _ in draft.codes],
                placed_at=now,
                terms_accepted_at=now,
                expires_at=now + timedelta(minutes=settings.ORDER_PAYMENT_MINUTES),
                stock_reserved=True,
            )
            order.number = f"{now:%Y}-{order.pk:06d}"
            order.save(update_fields=["number"])
            OrderItem.objects.bulk_create(
                OrderItem(
                    order=order,
                    line_id=line.line_id,
                    product_id=line.product_id,
                    sku=line.sku,
                    quantity=line.quantity,
                    configuration=line.configuration,
                    roster=line.roster,
                    snapshot=line.snapshot,
                    unit_price_amount=line.unit_price.amount,
                    currency=draft.currency,
                    position=position,
                    net_amount=line.net.amount,
                    vat_amount=line.vat.amount,
                    gross_amount=line.gross.amount,
                    adjustments=line.adjustments,
                )
                for position, line in enumerate(draft.lines)
            )
            _stock_take(draft.lines)
            for code, amount in draft.codes:
                discount_code_redeem(
                    code,
                    customer_email=draft.email,
                    order_reference=order.number,
                    amount=amount,
                    user=draft.user,
                    now=now,
                )
            OrderEvent.objects.create(
                order=order,
                from_status="",
                to_status=S.AWAITING_PAYMENT,
                actor=draft.user if getattr(draft.user, "pk", None) else None,
                actor_label="shopper",
                note="Order placed.",
            )
    except IntegrityError:
        # The same checkout key, placed by a concurrent request a moment earlier.
        existing = order_by_checkout_key(draft.checkout_key)
        if existing is None:
            raise
        return existing
    return order


def _stock_take(lines: Sequence[PlacedLine]) -> None:
    wanted: dict[str, int] = defaultdict(int)
    titles: dict[str, str] = {}
    for line in lines:
        wanted[line.sku] += line.quantity
        titles[line.sku] = line.title or line.sku
    # The same order of SKUs in every checkout: two orders never wait on each
    # other's rows.
    for sku in sorted(wanted):
        try:
            stock_decrement(sku=sku, quantity=wanted[sku])
        except OutOfStockError:
            raise OutOfStockError(
                f"{titles[sku]} sold out while you were checking out: not enough "
                f"left for {wanted[sku]}. Change the quantity in your cart.",
            ) from None


def _stock_give_back(order: Order) -> None:
    wanted: dict[str, int] = defaultdict(int)
    for item in order.items.all():
        wanted[item.sku] += item.quantity
    for sku in sorted(wanted):
        stock_increment(sku=sku, quantity=wanted[sku])


def order_transition(
    order_id: int,
    target: str,
    *,
    actor=None,
    actor_label: str = "",
    note: str = "",
    data: dict | None = None,
    carrier: str = "",
    tracking_number: str = "",
    now: datetime | None = None,
) -> Order:
    """Move an order to ``target`` or raise OrderTransitionError; see the module."""
    now = now or timezone.now()
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order_id)
        before = order.status
        if not transition_allowed(before, target):
            raise OrderTransitionError(
                f"An order that is {order.get_status_display().lower()} cannot "
                f"become {S(target).label.lower()}."
                if target in S.values
                else "Unknown order state."
            )
        order.status = target
        fields = ["status", "updated_at"]
        if target == S.PAID:
            order.paid_at = now
            fields.append("paid_at")
        elif target == S.SHIPPED:
            order.shipped_at = now
            order.carrier = carrier[:60]
            order.tracking_number = tracking_number[:80]
            fields += ["shipped_at", "carrier", "tracking_number"]
        elif target == S.DELIVERED:
            order.delivered_at = now
            fields.append("delivered_at")
        if target in RELEASING and order.stock_reserved:
            _stock_give_back(order)
            discount_code_release(order_reference=order.number)
            order.stock_reserved = False
            fields.append("stock_reserved")
        order.save(update_fields=fields)
        OrderEvent.objects.create(
            order=order,
            from_status=before,
            to_status=target,
            actor=actor if getattr(actor, "pk", None) else None,
            actor_label=actor_label[:40],
            note=note[:500],
            data=data or {},
        )
        kind = EMAILS.get(target)
        if kind and order.email:
            _, created = OrderEmail.objects.get_or_create(order=order, kind=kind)
            if created:
                order_email_send(order, kind)
    return order


def orders_deliver_overdue(*, now: datetime | None = None) -> int:
    """Shipped orders the buyer did not confirm within ORDER_AUTO_DELIVER_DAYS
    count as delivered."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.ORDER_AUTO_DELIVER_DAYS)
    done = 0
    for order_id in Order.objects.filter(
        status__in=[S.SHIPPED], shipped_at__lt=cutoff
    ).values_list("pk", flat=True)[:500]:
        try:
            order_transition(
                order_id,
                S.DELIVERED,
                actor_label="system",
                note=f"No delivery problem reported in "
                f"{settings.ORDER_AUTO_DELIVER_DAYS} days.",
                now=now,
            )
            done += 1
        except OrderTransitionError:
            continue
    return done


def delivery_may_be_confirmed(order: Order) -> bool:
    """Shipped and not yet delivered (a partial refund keeps the order going)."""
    return order.status == S.SHIPPED or (
        order.status == S.PARTIALLY_REFUNDED
        and order.shipped_at is not None
        and order.delivered_at is None
    )


def order_confirm_delivery(*, order_id: int, user) -> Order:
    """The buyer confirms delivery, once."""
    order = Order.objects.filter(pk=order_id, user=user).first()
    if order is None or not delivery_may_be_confirmed(order):
        raise OrderTransitionError("This order cannot be confirmed as delivered.")
    return order_transition(
        order.pk, S.DELIVERED, actor=user, actor_label="buyer", note="Buyer confirmed."
    )


def order_production_start(*, order_id: int, actor, note: str = "") -> Order:
    """Mark a paid order as in production, unless a flagged design on it is not
    approved in Design review."""
    order = Order.objects.get(pk=order_id)
    blocked = [
        item.snapshot.get("title", item.sku)
        for item in order.items.all()
        if item.configuration.get("design")
        and not snapshot_may_be_produced(item.configuration["design"])
    ]
    if blocked:
        raise OrderTransitionError(
            "A design on this order waits for (or failed) Design review: "
            + ", ".join(blocked)
            + ". Approve it in Design review first.",
            code="design_not_approved",
        )
    return order_transition(
        order_id, S.IN_PRODUCTION, actor=actor, actor_label="staff", note=note
    )
