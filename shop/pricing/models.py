"""Pricing data that marketing and editors own: techniques, tiers, offers, rules, codes.

Everything here is read by one engine (``shop.pricing.engine``) through
``shop.pricing.selectors``; the models hold no pricing logic of their own beyond
small, named properties. Precedence of the reductions is documented in
docs/ARCHITECTURE.md ("Pricing").
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
    PublishingPanel,
)
from wagtail.models import DraftStateMixin, Orderable, RevisionMixin
from wagtail.search import index

from shop.core.models import MoneyAmountField, TimeStampedModel, currency_field
from shop.core.money import Money
from shop.pricing.schema import HEX_COLOR

PERCENT_VALIDATORS = [
    MinValueValidator(Decimal("0.01")),
    MaxValueValidator(Decimal("100")),
]
SCOPE_PAGE_TYPES = ["catalog.ProductPage", "catalog.CategoryPage"]
CODE_VALIDATOR = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9_-]{2,31}$",
    _("3 to 32 letters, digits, “-” or “_”, starting with a letter or digit."),
)


def _scope_field(*, required: bool, help_text: str) -> models.ForeignKey:
    return models.ForeignKey(
        "wagtailcore.Page",
        null=not required,
        blank=not required,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=help_text,
    )


class PrintTechnique(models.Model):
    """How a print area is decorated (DTG, screen print, embroidery...).

    Its price is added per decorated area and piece: a flat surcharge plus a price
    per ink color beyond the first (screen printing needs a screen per color).
    """

    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=40, unique=True)
    surcharge_amount = MoneyAmountField(
        _("surcharge per area"),
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Added per piece for each print area decorated this way."),
    )
    extra_color_amount = MoneyAmountField(
        _("price per extra color"),
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Added per piece and area for each ink color beyond the first."),
    )
    max_colors = models.PositiveSmallIntegerField(
        default=12, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    is_default = models.BooleanField(
        default=False, help_text=_("Used when a configuration names no technique.")
    )
    ppi_warning = models.PositiveSmallIntegerField(
        _("warn below (PPI)"),
        default=150,
        validators=[MinValueValidator(1), MaxValueValidator(1200)],
        help_text=_(
            "A placed image printing at fewer pixels per inch than this gets a "
            "warning in the designer."
        ),
    )
    ppi_minimum = models.PositiveSmallIntegerField(
        _("refuse below (PPI)"),
        default=72,
        validators=[MinValueValidator(1), MaxValueValidator(1200)],
        help_text=_(
            "A design with an image printing at fewer pixels per inch than this "
            "cannot go into the cart."
        ),
    )
    currency = currency_field()

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("slug")]),
        FieldRowPanel(
            [FieldPanel("surcharge_amount"), FieldPanel("extra_color_amount")]
        ),
        FieldRowPanel([FieldPanel("max_colors"), FieldPanel("is_default")]),
        FieldRowPanel(
            [FieldPanel("ppi_warning"), FieldPanel("ppi_minimum")],
            heading=_("Print quality of placed images"),
        ),
    ]

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="pricing_one_default_technique",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if (
            self.ppi_minimum
            and self.ppi_warning
            and self.ppi_minimum > self.ppi_warning
        ):
            raise ValidationError(
                {"ppi_minimum": _("Must not be above the warning threshold.")}
            )

    @property
    def surcharge(self) -> Money:
        return Money(self.surcharge_amount, self.currency)

    @property
    def extra_color_price(self) -> Money:
        return Money(self.extra_color_amount, self.currency)


class TextColor(models.Model):
    """A color the designer offers for text and outlines; special inks (gold,
    neon, glow) carry a surcharge per decorated area that uses them."""

    name = models.CharField(max_length=40, unique=True)
    hex_code = models.CharField(
        max_length=7,
        unique=True,
        validators=[
            RegexValidator(HEX_COLOR, _("A lowercase hex color like #1a2b3c."))
        ],
    )
    surcharge_amount = MoneyAmountField(
        _("surcharge per area"),
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Added per piece to each print area whose text uses this color."),
    )
    currency = currency_field()
    sort_order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("hex_code")]),
        FieldRowPanel([FieldPanel("surcharge_amount"), FieldPanel("sort_order")]),
        FieldPanel("active"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def surcharge(self) -> Money:
        return Money(self.surcharge_amount, self.currency)


class VolumeTierTable(ClusterableModel):
    """Quantity reductions for a product, a category (and its sub-categories) or,
    with no scope, the whole shop. The nearest table wins: product, then the
    closest category, then the shop-wide one."""

    name = models.CharField(max_length=80)
    scope = models.OneToOneField(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_(
            "A product or a category; empty for the whole shop. One table per scope."
        ),
    )

    panels = [
        FieldPanel("name"),
        PageChooserPanel("scope", SCOPE_PAGE_TYPES),
        InlinePanel(
            "tiers",
            label=_("Tier"),
            min_num=1,
            help_text=_(
                "From this many pieces of one design (sizes and roster pieces "
                "count together), this percentage off the unit price."
            ),
        ),
    ]

    class Meta:
        verbose_name = _("volume tier table")
        constraints = [
            models.UniqueConstraint(
                fields=["name"], name="pricing_tier_table_name_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.scope_id is None and (
            VolumeTierTable.objects.filter(scope__isnull=True)
            .exclude(pk=self.pk)
            .exists()
        ):
            raise ValidationError(
                {"scope": _("There is already a shop-wide table; choose a scope.")}
            )


class VolumeTier(Orderable):
    table = ParentalKey(VolumeTierTable, on_delete=models.CASCADE, related_name="tiers")
    min_quantity = models.PositiveIntegerField(
        validators=[MinValueValidator(2), MaxValueValidator(100_000)]
    )
    percent_off = models.DecimalField(
        max_digits=5, decimal_places=2, validators=PERCENT_VALIDATORS
    )

    panels = [FieldRowPanel([FieldPanel("min_quantity"), FieldPanel("percent_off")])]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["table", "min_quantity"], name="pricing_tier_quantity_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.min_quantity}+ -{self.percent_off} %"


class SpecialOffer(DraftStateMixin, RevisionMixin, models.Model):
    """A time-limited reduction on a product or a category, drafted and scheduled
    in the admin (go-live and expiry times come from Wagtail's scheduling)."""

    name = models.CharField(
        max_length=80, help_text=_("Shown to shoppers, e.g. “Summer sale”.")
    )
    scope = _scope_field(
        required=True, help_text=_("The product or category (with sub-categories).")
    )
    percent_off = models.DecimalField(
        max_digits=5, decimal_places=2, validators=PERCENT_VALIDATORS
    )
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="offer")

    panels = [
        FieldPanel("name"),
        PageChooserPanel("scope", SCOPE_PAGE_TYPES),
        FieldPanel("percent_off"),
        PublishingPanel(),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("special offer")
        ordering = ["-go_live_at", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def revisions(self):
        # Deleting an offer deletes its revisions too (Wagtail's documented pattern).
        return self._revisions

    def is_running(self, now=None) -> bool:
        """Live and inside its window (the engine checks both: a beat that runs
        late never shows an expired offer)."""
        now = now or timezone.now()
        return (
            self.live
            and (self.go_live_at is None or self.go_live_at <= now)
            and (self.expire_at is None or now < self.expire_at)
        )


class MultiBuyRule(models.Model):
    """“Buy N, pay M” on a product or category: for every N pieces in scope the
    cheapest N - M are free."""

    name = models.CharField(
        max_length=80, help_text=_("Shown, e.g. “3 for 2 on mugs”.")
    )
    scope = _scope_field(required=True, help_text=_("A product or a category."))
    buy = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(2), MaxValueValidator(100)]
    )
    pay = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(99)]
    )
    active = models.BooleanField(default=True)
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)

    panels = [
        FieldPanel("name"),
        PageChooserPanel("scope", SCOPE_PAGE_TYPES),
        FieldRowPanel([FieldPanel("buy"), FieldPanel("pay")]),
        FieldRowPanel(
            [FieldPanel("active"), FieldPanel("starts_at"), FieldPanel("ends_at")]
        ),
    ]

    class Meta:
        verbose_name = _("multi-buy rule")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pay__lt=models.F("buy")),
                name="pricing_multibuy_pay_below_buy",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.buy and self.pay and self.pay >= self.buy:
            raise ValidationError({"pay": _("Pay fewer pieces than are bought.")})
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("End after the start.")})


class DiscountCode(TimeStampedModel):
    class Kind(models.TextChoices):
        PERCENT = "percent", _("Percentage")
        FIXED = "fixed", _("Fixed amount")

    code = models.CharField(
        max_length=32,
        unique=True,
        validators=[CODE_VALIDATOR],
        help_text=_("What shoppers type; letters are stored in capitals."),
    )
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.PERCENT)
    value = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("Percent (1 to 100) or an amount incl. VAT."),
    )
    currency = currency_field()
    minimum_order_amount = MoneyAmountField(
        _("minimum order"),
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Goods total (after offers and tiers) needed for the code."),
    )
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    max_uses = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("Total redemptions; empty for no limit.")
    )
    max_uses_per_customer = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("Per e-mail address; empty for no limit.")
    )
    used_count = models.PositiveIntegerField(default=0, editable=False)
    scope = _scope_field(
        required=False,
        help_text=_("Only for this product or category; empty for every product."),
    )
    stackable = models.BooleanField(
        default=False, help_text=_("May be combined with other codes.")
    )
    active = models.BooleanField(default=True)

    panels = [
        FieldRowPanel([FieldPanel("code"), FieldPanel("active")]),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("value")]),
        FieldPanel("minimum_order_amount"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldRowPanel([FieldPanel("max_uses"), FieldPanel("max_uses_per_customer")]),
        MultiFieldPanel(
            [PageChooserPanel("scope", SCOPE_PAGE_TYPES), FieldPanel("stackable")],
            heading=_("Scope"),
        ),
    ]
    search_fields = [index.SearchField("code"), index.AutocompleteField("code")]

    class Meta:
        verbose_name = _("discount code")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="fixed") | models.Q(value__lte=100),
                name="pricing_code_percent_at_most_100",
            ),
            models.CheckConstraint(
                condition=models.Q(max_uses__isnull=True)
                | models.Q(used_count__lte=models.F("max_uses")),
                name="pricing_code_uses_within_limit",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def clean(self) -> None:
        self.code = (self.code or "").strip().upper()
        if self.kind == self.Kind.PERCENT and self.value and self.value > 100:
            raise ValidationError({"value": _("A percentage is at most 100.")})
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("End after the start.")})

    def save(self, *args, **kwargs) -> None:
        self.code = (self.code or "").strip().upper()
        super().save(*args, **kwargs)

    @property
    def minimum_order(self) -> Money | None:
        if self.minimum_order_amount is None:
            return None
        return Money(self.minimum_order_amount, self.currency)


class CodeRedemption(models.Model):
    """One use of a code, written by ``discount_code_redeem`` at payment."""

    code = models.ForeignKey(
        DiscountCode, on_delete=models.PROTECT, related_name="redemptions"
    )
    customer_email = models.EmailField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    order_reference = models.CharField(max_length=64)
    amount = MoneyAmountField()
    currency = currency_field()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["code", "order_reference"],
                name="pricing_redemption_once_per_order",
            )
        ]
        indexes = [models.Index(fields=["code", "customer_email"])]

    def __str__(self) -> str:
        return f"{self.code} for {self.order_reference}"
