"""Payments of orders, their refunds, and the audit log of every change.

A ``Payment`` mirrors one payment at the provider; its status only moves forward
(``shop.payments.services``): a paid payment is never downgraded by a late or
replayed status.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from shop.core.models import MoneyAmountField, currency_field
from shop.core.money import Money


class Payment(models.Model):
    class Status(models.TextChoices):
        # Created here, not yet at the provider (or the provider call failed).
        NEW = "new", "New"
        OPEN = "open", "Open"
        PENDING = "pending", "Pending"
        AUTHORIZED = "authorized", "Authorized"
        PAID = "paid", "Paid"
        FAILED = "failed", "Failed"
        CANCELED = "canceled", "Canceled"
        EXPIRED = "expired", "Expired"

    order = models.ForeignKey(
        "orders.Order", on_delete=models.PROTECT, related_name="payments"
    )
    provider = models.CharField(max_length=20)
    provider_id = models.CharField(max_length=64, null=True, blank=True, unique=True)
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.NEW, db_index=True
    )
    method = models.CharField(max_length=40, blank=True)
    amount = MoneyAmountField()
    amount_refunded = MoneyAmountField(default=0)
    currency = currency_field()
    checkout_url = models.URLField(max_length=500, blank=True)
    # Sent as the provider's idempotency key: unique across databases (a restored
    # backup reuses row ids), so a retried create never returns another payment.
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.provider_id or self.pk} ({self.status})"

    @property
    def money(self) -> Money:
        return Money(self.amount, self.currency)

    @property
    def refunded(self) -> Money:
        return Money(self.amount_refunded, self.currency)

    @property
    def refundable(self) -> Money:
        return Money(self.amount - self.amount_refunded, self.currency)

    @property
    def idempotency_key(self) -> str:
        return f"atelier-payment-{self.key}"


class Refund(models.Model):
    payment = models.ForeignKey(
        Payment, on_delete=models.PROTECT, related_name="refunds"
    )
    provider_id = models.CharField(max_length=64, blank=True)
    amount = MoneyAmountField()
    currency = currency_field()
    status = models.CharField(max_length=20, blank=True)
    reason = models.CharField(max_length=255, blank=True)
    # The admin form's one-time key: a double submit makes one refund.
    request_key = models.CharField(max_length=64, unique=True, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Refund {self.provider_id or self.pk} of {self.money}"

    @property
    def money(self) -> Money:
        return Money(self.amount, self.currency)


class PaymentEvent(models.Model):
    """The payment audit log: every change (and every refused one) with the state
    before and after, who or what caused it."""

    payment = models.ForeignKey(
        Payment, on_delete=models.CASCADE, related_name="events"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    kind = models.CharField(max_length=30)
    source = models.CharField(max_length=30)  # webhook, return, checkout, admin, task
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    note = models.CharField(max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.payment_id} {self.kind}"
