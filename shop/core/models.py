from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


def default_currency() -> str:
    return settings.SHOP_CURRENCY


@register_setting(icon="cog")
class ShopSettings(BaseSiteSetting):
    """Shop-wide business values that editors own; read through shop.core.selectors."""

    class Currency(models.TextChoices):
        EUR = "EUR", "Euro (EUR)"
        CHF = "CHF", "Swiss franc (CHF)"
        GBP = "GBP", "Pound sterling (GBP)"
        USD = "USD", "US dollar (USD)"

    shop_name = models.CharField(max_length=100, default="Atelier")
    currency = models.CharField(
        max_length=3, choices=Currency.choices, default=default_currency
    )
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
    country = models.CharField(max_length=100, blank=True)
    vat_number = models.CharField(_("VAT number"), max_length=40, blank=True)
    chamber_of_commerce = models.CharField(
        _("Company registration number"), max_length=40, blank=True
    )

    panels = [
        FieldPanel("shop_name"),
        MultiFieldPanel([FieldPanel("currency"), FieldPanel("vat_rate")], _("Pricing")),
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
