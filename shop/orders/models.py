"""Orders and their lines. A logged-in shopper's cart is their ``pending`` order.

Lines keep snapshots of what the shopper saw (title, color, size, unit price
breakdown, thumbnail) and reference the variant by SKU only: later catalog edits
never change a line. Checkout (a later issue) adds the states after ``pending``.
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

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status="pending"),
                name="orders_one_cart_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"Order {self.token} ({self.status})"


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
