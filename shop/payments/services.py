"""Payments: starting one for an order, syncing its status from the gateway (the
webhook, the return page, the expiry task), refunds, and the audit log.

A payment's status only moves forward; the payment row is locked while a status
is applied, so replays and concurrent webhook deliveries make one transition.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from shop.core.exceptions import ShopError
from shop.core.money import Money
from shop.orders.exceptions import OrderTransitionError
from shop.orders.models import Order
from shop.orders.services import REFUNDABLE, order_transition, transition_allowed
from shop.payments.gateway import GatewayError, ProviderPayment, gateway_get
from shop.payments.models import Payment, PaymentEvent, Refund

logger = logging.getLogger(__name__)

P = Payment.Status
S = Order.Status
LIVE = (P.OPEN, P.PENDING, P.AUTHORIZED)
UNPAID_ENDINGS = (P.FAILED, P.CANCELED, P.EXPIRED)
# How far a status is along; a payment never moves back (paid is final).
RANK = {
    P.NEW: 0,
    P.OPEN: 1,
    P.PENDING: 2,
    P.AUTHORIZED: 3,
    P.FAILED: 4,
    P.CANCELED: 4,
    P.EXPIRED: 4,
    P.PAID: 5,
}


class PaymentError(ShopError):
    code = "payment_error"
    http_status = 409


def _state(payment: Payment) -> dict:
    return {
        "status": payment.status,
        "amount_refunded": str(payment.amount_refunded),
        "method": payment.method,
    }


def _log(payment, kind, source, before, *, note="", actor=None) -> None:
    PaymentEvent.objects.create(
        payment=payment,
        kind=kind,
        source=source,
        before=before,
        after=_state(payment),
        note=note[:500],
        actor=actor if getattr(actor, "pk", None) else None,
    )


def payment_start(
    order_id: int, *, redirect_url: str, webhook_url: str, source: str = "checkout"
) -> Payment:
    """The order's live payment, or a new one at the provider.

    The provider is called with no transaction open and no row locked. The order
    row is locked only to choose the payment: the live one; else the one made here
    that is not at the provider yet (a double submit, or a retry after a call that
    failed or whose answer was lost); else a new row, committed before the call.
    Its key is the provider's idempotency key, so every request creating that
    payment gets the same one from the provider, and the first to come back stores
    it."""
    gateway = gateway_get()
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order_id)
        if order.status != S.AWAITING_PAYMENT:
            raise PaymentError("This order does not wait for a payment.")
        # One statement, one snapshot: another request's payment is either still
        # new (take it) or stored (return it), never missed between two reads.
        payment = (
            order.payments.filter(
                Q(status__in=LIVE) & ~Q(checkout_url="")
                | Q(status=P.NEW, provider_id__isnull=True)
            )
            .order_by("pk")
            .last()
        )
        if payment is not None and payment.status != P.NEW:
            return payment
        if payment is None:
            payment = Payment.objects.create(
                order=order,
                provider=gateway.name,
                amount=order.total_gross_amount,
                currency=order.currency,
                method=order.payment_method,
            )
        description = f"Order {order.number}"
        metadata = {"order": order.number}
    remote = gateway.payment_create(
        amount=payment.money,
        description=description,
        redirect_url=redirect_url,
        webhook_url=webhook_url,
        method=payment.method,
        metadata=metadata,
        idempotency_key=payment.idempotency_key,
    )
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        if payment.provider_id:
            return payment  # a concurrent request stored it first
        if remote.amount != payment.money:
            raise GatewayError("The provider created a payment of another amount.")
        before = _state(payment)
        payment.provider_id = remote.id
        payment.status = remote.status
        payment.checkout_url = remote.checkout_url
        payment.method = remote.method or payment.method
        payment.save()
        _log(payment, "created", source, before)
    return payment


def payment_sync(provider_id: str, *, source: str) -> Payment | None:
    """Fetch a payment's status from the gateway and apply it. An id the shop
    does not know changes nothing (None). Raises GatewayError when the provider
    cannot answer (the webhook then asks to be called again)."""
    payment = Payment.objects.filter(provider_id=provider_id).first()
    if payment is None:
        return None
    remote = gateway_get().payment_get(provider_id)
    return payment_apply(payment.pk, remote, source=source)


def payment_apply(
    payment_id: int,
    remote: ProviderPayment,
    *,
    source: str,
    now: datetime | None = None,
) -> Payment:
    """Apply a provider's view of a payment, once; see the module."""
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment_id)
        before = _state(payment)
        if remote.id != payment.provider_id or remote.amount != payment.money:
            logger.error(
                "Payment %s: the provider reports %s for %s, the shop expects %s",
                payment.provider_id,
                remote.amount,
                remote.id,
                payment.money,
            )
            _log(
                payment,
                "mismatch",
                source,
                before,
                note=f"Refused: provider reports {remote.amount} "
                f"({remote.id}), the order expects {payment.money}.",
            )
            return payment
        changed = False
        if RANK.get(remote.status, -1) > RANK[payment.status] and not (
            payment.status in UNPAID_ENDINGS and remote.status in UNPAID_ENDINGS
        ):
            payment.status = remote.status
            changed = True
        elif remote.status != payment.status:
            _log(
                payment,
                "ignored",
                source,
                before,
                note=f"Late or replayed status {remote.status!r} ignored.",
            )
        refunded = max(payment.amount_refunded, remote.amount_refunded.amount)
        if refunded != payment.amount_refunded:
            payment.amount_refunded = refunded
            changed = True
        if remote.method and remote.method != payment.method:
            payment.method = remote.method
            changed = True
        if not changed:
            return payment
        payment.save()
        _log(payment, "status", source, before)
        _order_follow(payment, before, source=source, now=now)
    return payment


def _order_follow(payment: Payment, before: dict, *, source: str, now=None) -> None:
    """Move the order as the payment moved (inside the payment's lock)."""
    order = Order.objects.get(pk=payment.order_id)
    label = "payment provider" if source == "webhook" else f"payment ({source})"
    if payment.status == P.PAID and before["status"] != P.PAID:
        if order.status == S.AWAITING_PAYMENT:
            order = order_transition(
                order.pk,
                S.PAID,
                actor_label=label,
                note=f"Paid by {payment.method or 'unknown method'}.",
                data={"payment": payment.provider_id},
                now=now,
            )
        else:
            logger.error(
                "Order %s is %s but payment %s was paid: refund it",
                order.number,
                order.status,
                payment.provider_id,
            )
            PaymentEvent.objects.create(
                payment=payment,
                kind="paid_late",
                source=source,
                before=before,
                after=_state(payment),
                note=f"Paid while the order was {order.status}: refund it.",
            )
    if payment.amount_refunded > 0 and str(payment.amount_refunded) != str(
        before["amount_refunded"]
    ):
        _order_refund_follow(order.pk, payment, label=label)


def _order_refund_follow(order_id: int, payment: Payment, *, label: str, actor=None):
    order = Order.objects.get(pk=order_id)
    paid = sum(
        (p.amount for p in order.payments.filter(status=P.PAID)),
        start=0,
    )
    refunded = sum(
        (p.amount_refunded for p in order.payments.filter(status=P.PAID)),
        start=0,
    )
    target = S.REFUNDED if refunded >= paid else S.PARTIALLY_REFUNDED
    if order.status not in REFUNDABLE or not transition_allowed(order.status, target):
        return
    order_transition(
        order.pk,
        target,
        actor=actor,
        actor_label=label,
        note=f"Refunded {Money(refunded, order.currency)} of "
        f"{Money(paid, order.currency)}.",
        data={"payment": payment.provider_id, "refunded": str(refunded)},
    )


def refund_create(
    *,
    order_id: int,
    amount: Money,
    reason: str,
    actor,
    request_key: str,
    order_follow: bool = True,
) -> Refund:
    """Refund part or all of an order's payment through the gateway (the order
    becomes refunded or partially refunded unless ``order_follow`` is off). The
    request key makes a double submit one refund."""
    earlier = Refund.objects.filter(request_key=request_key).first()
    if earlier is not None:
        return earlier
    with transaction.atomic():
        payment = (
            Payment.objects.select_for_update()
            .filter(order_id=order_id, status=P.PAID)
            .order_by("-pk")
            .first()
        )
        if payment is None:
            raise PaymentError("This order has no paid payment to refund.")
        if amount.currency != payment.currency:
            raise PaymentError(f"Refund in {payment.currency}.")
        if amount.amount <= 0:
            raise PaymentError("Refund an amount above zero.")
        if amount.amount > payment.refundable.amount:
            raise PaymentError(
                f"At most {payment.refundable} can still be refunded on this order."
            )
        remote = gateway_get().refund_create(
            payment.provider_id,
            amount=amount,
            description=reason or f"Refund for order {payment.order.number}",
            idempotency_key=f"atelier-refund-{request_key}",
        )
        refund = Refund.objects.create(
            payment=payment,
            provider_id=remote.id,
            amount=remote.amount.amount,
            currency=payment.currency,
            status=remote.status,
            reason=reason[:255],
            created_by=actor if getattr(actor, "pk", None) else None,
            request_key=request_key,
        )
        before = _state(payment)
        payment.amount_refunded = payment.amount_refunded + remote.amount.amount
        payment.save(update_fields=["amount_refunded", "updated_at"])
        _log(payment, "refund", "admin", before, note=reason, actor=actor)
        if order_follow:
            _order_refund_follow(payment.order_id, payment, label="staff", actor=actor)
    return refund


def order_cancel(*, order_id: int, actor, note: str = "", request_key: str) -> Order:
    """Cancel an order: an unpaid one ends, a paid one (not shipped) is refunded in
    full first. Stock and code uses go back."""
    order = Order.objects.get(pk=order_id)
    if order.status in (S.PAID, S.IN_PRODUCTION):
        payment = order.payments.filter(status=P.PAID).order_by("-pk").first()
        if payment is not None and payment.refundable.amount > 0:
            refund_create(
                order_id=order.pk,
                amount=payment.refundable,
                reason=note or f"Order {order.number} canceled",
                actor=actor,
                request_key=request_key,
                order_follow=False,
            )
    return order_transition(
        order.pk, S.CANCELED, actor=actor, actor_label="staff", note=note
    )


def orders_expire_unpaid(*, now: datetime | None = None) -> int:
    """Orders past their payment time expire, after asking the provider once more
    (a lost webhook must not expire a paid order). Returns how many expired."""
    now = now or timezone.now()
    expired = 0
    due = Order.objects.filter(
        status=S.AWAITING_PAYMENT, expires_at__lt=now
    ).values_list("pk", flat=True)[:200]
    for order_id in due:
        try:
            for provider_id in Payment.objects.filter(
                order_id=order_id, status__in=LIVE
            ).values_list("provider_id", flat=True):
                if provider_id:
                    payment_sync(provider_id, source="task")
        except GatewayError:
            continue  # asked again on the next run
        try:
            order_transition(
                order_id,
                S.EXPIRED,
                actor_label="system",
                note="Not paid in time.",
                now=now,
            )
            expired += 1
        except OrderTransitionError:
            continue  # paid (or canceled) meanwhile
    return expired


def order_payment_refresh(order: Order, *, source: str = "return") -> Order:
    """The return page: shoppers often come back before the webhook."""
    if order.status != S.AWAITING_PAYMENT:
        return order
    for provider_id in order.payments.filter(status__in=LIVE).values_list(
        "provider_id", flat=True
    ):
        if provider_id:
            try:
                payment_sync(provider_id, source=source)
            except GatewayError:
                logger.warning("Payment %s could not be refreshed", provider_id)
    order.refresh_from_db()
    return order
