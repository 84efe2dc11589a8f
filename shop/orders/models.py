"""Orders and their lines. A logged-in shopper's cart is their ``pending`` order.

Lines keep snapshots of what the shopper saw (title, color, size, unit price
breakdown, thumbnail) and reference the variant by SKU only: later catalog edits
never change a line. Checkout places an order (``awaiting_payment``) with its
addresses, shipping, quote and VAT frozen; ``shop.orders.services.order_transition``
moves it on and records every step in ``OrderEvent``.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shop.core.models import MoneyAmountField, TimeStampedModel, currency_field
from shop.core.money import Money


class Order(TimeStampedModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("Cart")
        AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment")
        PAID = "paid", _("Paid")
        IN_PRODUCTION = "in_production", _("In production")
        SHIPPED = "shipped", _("Shipped")
        DELIVERED = "delivered", _("Delivered")
        CANCELED = "canceled", _("Canceled")
        EXPIRED = "expired", _("Expired")
        REFUNDED = "refunded", _("Refunded")
        PARTIALLY_REFUNDED = "partially_refunded", _("Partially refunded")

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="orders",
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    currency = currency_field()
    # Discount codes the shopper applied, in the order they were applied (capitals).
    discount_codes = models.JSONField(default=list, blank=True)

    # --- set when checkout places the order -------------------------------------
    # The shopper-facing reference ("2026-000042"); empty for carts.
    number = models.CharField(max_length=20, blank=True, db_index=True)
    # One per checkout attempt: a double submit or a retried request finds the
    # order it already made.
    checkout_key = models.UUIDField(null=True, blank=True, unique=True)
    email = models.EmailField(blank=True, db_index=True)
    billing_address = models.JSONField(default=dict, blank=True)
    shipping_address = models.JSONField(default=dict, blank=True)
    shipping_method = models.CharField(max_length=80, blank=True)
    payment_method = models.CharField(max_length=40, blank=True, db_index=True)
    # The final quote as the shopper accepted it: charges (codes, shipping, rules)
    # with net/VAT/gross, the VAT rate and the totals.
    quote = models.JSONField(default=dict, blank=True)
    vat_rate = models.DecimalField(max_digits=5, decimal_places=2, default=0)
    total_net_amount = MoneyAmountField(default=0)
    total_vat_amount = MoneyAmountField(default=0)
    total_gross_amount = MoneyAmountField(default=0)
    placed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    terms_accepted_at = models.DateTimeField(null=True, blank=True)
    # An unpaid order expires then and gives its stock back.
    expires_at = models.DateTimeField(null=True, blank=True)
    # True while the order holds its lines' units (placed, not yet expired or
    # canceled); the flag makes releasing the stock happen once.
    stock_reserved = models.BooleanField(default=False)
    paid_at = models.DateTimeField(null=True, blank=True)
    carrier = models.CharField(max_length=60, blank=True)
    tracking_number = models.CharField(max_length=80, blank=True)
    shipped_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status="pending"),
                name="orders_one_cart_per_user",
            ),
            models.UniqueConstraint(
                fields=["number"],
                condition=~models.Q(number=""),
                name="orders_number_unique",
            ),
        ]
        indexes = [models.Index(fields=["status", "placed_at"])]
        permissions = [("fulfil_order", "Can move orders through fulfilment")]

    def __str__(self) -> str:
        return f"Order {self.number or self.token} ({self.status})"

    @property
    def total(self) -> Money:
        return Money(self.total_gross_amount, self.currency)

    @property
    def total_vat(self) -> Money:
        return Money(self.total_vat_amount, self.currency)


class OrderItem(TimeStampedModel):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="items")
    # Which line this is to the shopper's browser and the API (stable across edits).
    line_id = models.CharField(max_length=32)
    product = models.ForeignKey(
        "catalog.ProductPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sku = models.CharField(max_length=63)
    quantity = models.PositiveIntegerField()
    # Print areas used ({"areas": [{"view", "technique", "colors"}]}); the designer
    # will add a frozen design reference here.
    configuration = models.JSONField(default=dict, blank=True)
    # Team orders: one {"name", "number"} per piece of this line.
    roster = models.JSONField(default=list, blank=True)
    # Title, color, size, thumbnail and the unit price breakdown as they were.
    snapshot = models.JSONField(default=dict)
    unit_price_amount = MoneyAmountField()
    currency = currency_field()
    position = models.PositiveIntegerField(default=0)
    # Set when the order is placed: the line after its adjustments, with its VAT.
    net_amount = MoneyAmountField(default=0)
    vat_amount = MoneyAmountField(default=0)
    gross_amount = MoneyAmountField(default=0)
    # [{"kind", "label", "amount"}]: tier, offer and code reductions of this line.
    adjustments = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["order", "line_id"], name="orders_item_line_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(quantity__gte=1),
                name="orders_item_quantity_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.sku}"

    @property
    def unit_price(self) -> Money:
        return Money(self.unit_price_amount, self.currency)

    @property
    def gross(self) -> Money:
        return Money(self.gross_amount, self.currency)


class OrderEvent(models.Model):
    """One step of an order's history: who, when, the state before and after."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Who acted when no staff user did: "shopper", "payment provider", "system".
    actor_label = models.CharField(max_length=40, blank=True)
    note = models.CharField(max_length=500, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.from_status} -> {self.to_status}"

    @property
    def who(self) -> str:
        if self.actor_id:
            return self.actor.get_full_name() or self.actor.email
        return self.actor_label or "system"


class OrderEmail(models.Model):
    """The sent-once guard of an order's customer e-mails: one row per kind."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="emails")
    kind = models.CharField(max_length=30)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["order", "kind"], name="orders_email_once")
        ]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.kind}"
