"""Shipping methods the shopper picks at checkout (Settings > Shipping methods)."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from shop.core.countries import COUNTRY_NAMES
from shop.core.models import MoneyAmountField, currency_field
from shop.core.money import Money


class ShippingMethod(models.Model):
    name = models.CharField(max_length=80)
    delivery_time = models.CharField(
        max_length=60, blank=True, help_text=_("Such as 2-4 working days.")
    )
    price_amount = MoneyAmountField(
        _("price"),
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_(
            "Incl. VAT. Empty: the shipping cost and free-shipping threshold of "
            "Settings > Shop."
        ),
    )
    free_from_amount = MoneyAmountField(
        _("free from"),
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Orders of at least this amount ship for free by this method."),
    )
    currency = currency_field()
    countries = models.CharField(
        max_length=400,
        blank=True,
        help_text=_(
            "Country codes this method ships to, separated by commas (NL, BE, DE); "
            "empty for every country the shop sells to."
        ),
    )
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("delivery_time")]),
        FieldRowPanel([FieldPanel("price_amount"), FieldPanel("free_from_amount")]),
        FieldPanel("countries"),
        FieldRowPanel([FieldPanel("position"), FieldPanel("active")]),
    ]

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def country_codes(self) -> list[str]:
        return [c.strip().upper() for c in self.countries.split(",") if c.strip()]

    def serves(self, country: str) -> bool:
        codes = self.country_codes
        return not codes or country in codes

    def clean(self) -> None:
        unknown = [c for c in self.country_codes if c not in COUNTRY_NAMES]
        if unknown:
            raise ValidationError(
                {"countries": f"Unknown country codes: {', '.join(unknown)}."}
            )
        self.countries = ", ".join(self.country_codes)

    def costs(self, default: Money, default_free_from: Money | None):
        """(cost, free from) of this method, in the shop's currency."""
        if self.price_amount is None:
            return default, default_free_from
        free = (
            None
            if self.free_from_amount is None
            else Money(self.free_from_amount, self.currency)
        )
        return Money(self.price_amount, self.currency), free
