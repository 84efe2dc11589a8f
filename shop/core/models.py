from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from shop.core.countries import COUNTRY_CHOICES
from shop.core.forms import PriceField
from shop.core.money import Money


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


def default_currency() -> str:
    """The currency of every new priced row: the deployment's ``SHOP_CURRENCY``."""
    return settings.SHOP_CURRENCY


def currency_field() -> models.CharField:
    """The ``currency`` column of a priced row (next to its ``*_amount`` columns).

    Not editable: a row takes the deployment's currency when it is created, and the
    system check ``shop.E001`` refuses to start when stored rows are in another one.
    """
    return models.CharField(
        _("currency"), max_length=3, default=default_currency, editable=False
    )


class MoneyAmountField(models.DecimalField):
    """An amount of money (12 digits, 2 decimals), typed in forms through PriceField.

    Every price input of the admin comes from here, inline rows included, so none
    of them is a ``type=number`` input that reads "24,90" as 2490.
    """

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PriceField, **kwargs})


@register_setting(icon="cog")
class ShopSettings(BaseSiteSetting):
    """Shop-wide business values that editors own; read through shop.core.selectors."""

    shop_name = models.CharField(max_length=100, default="Atelier")
    # Set by SHOP_CURRENCY at deployment; the shipping amounts below are in it.
    currency = currency_field()
    vat_rate = models.DecimalField(
        _("VAT rate (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("21.00"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_("Catalog prices include VAT at this rate."),
    )
    contact_email = models.EmailField(default="hello@atelier.test")
    contact_phone = models.CharField(max_length=40, blank=True)
    legal_name = models.CharField(max_length=200, default="Atelier Print Shop B.V.")
    street = models.CharField(max_length=200, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    city = models.CharField(max_length=100, blank=True)
    country = models.CharField(
        _("country"), max_length=2, choices=COUNTRY_CHOICES, blank=True
    )
    vat_number = models.CharField(_("VAT number"), max_length=40, blank=True)
    chamber_of_commerce = models.CharField(
        _("Company registration number"), max_length=40, blank=True
    )
    delivery_time = models.CharField(
        _("delivery time"),
        max_length=60,
        default="2\u20134 working days",
        help_text=_("Shown on every product page, such as 2-4 working days."),
    )
    shipping_amount = MoneyAmountField(
        _("shipping cost"),
        default=Decimal("4.95"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Shipping cost of an order, incl. VAT."),
    )
    free_shipping_from_amount = MoneyAmountField(
        _("free shipping from"),
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_(
            "Orders of at least this amount ship for free; leave empty for never."
        ),
    )

    panels = [
        FieldPanel("shop_name"),
        MultiFieldPanel(
            [
                HelpPanel(template="core/currency_help_panel.html"),
                FieldPanel("vat_rate"),
            ],
            _("Pricing"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("delivery_time"),
                FieldPanel("shipping_amount"),
                FieldPanel("free_shipping_from_amount"),
            ],
            _("Delivery"),
        ),
        MultiFieldPanel(
            [FieldPanel("contact_email"), FieldPanel("contact_phone")], _("Contact")
        ),
        MultiFieldPanel(
            [
                FieldPanel("legal_name"),
                FieldPanel("street"),
                FieldPanel("postal_code"),
                FieldPanel("city"),
                FieldPanel("country"),
                FieldPanel("vat_number"),
                FieldPanel("chamber_of_commerce"),
            ],
            _("Legal address"),
        ),
    ]

    class Meta:
        verbose_name = _("Shop")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(vat_rate__gte=0) & models.Q(vat_rate__lte=100),
                name="shopsettings_vat_rate_range",
            )
        ]

    def __str__(self) -> str:
        return self.shop_name

    @property
    def shipping_cost(self) -> Money:
        return Money(self.shipping_amount, self.currency)

    @property
    def free_shipping_from(self) -> Money | None:
        if self.free_shipping_from_amount is None:
            return None
        return Money(self.free_shipping_from_amount, self.currency)
