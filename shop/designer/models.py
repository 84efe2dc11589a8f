"""The designer's data: library content editors own (clipart, fonts, templates, the
word list), what shoppers make (uploads, designs) and what carts and orders keep
(frozen snapshots and their review).

The rules live in ``schema.py`` (what a design may contain), ``assets.py``
(uploads and clipart files), ``services.py`` and ``render.py``.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from mptt.models import MPTTModel, TreeForeignKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.search import index

from shop.core.models import TimeStampedModel
from shop.core.schema import SchemaError


class ClipartCategory(MPTTModel):
    name = models.CharField(max_length=60)
    slug = models.SlugField(max_length=60, unique=True)
    parent = TreeForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("slug")]), "parent"]

    class MPTTMeta:
        order_insertion_by = ["name"]

    class Meta:
        verbose_name = _("clipart category")
        verbose_name_plural = _("clipart categories")

    def __str__(self) -> str:
        return self.name


def _clipart_path(instance: Clipart, filename: str) -> str:
    return f"designer/clipart/{uuid.uuid4().hex}.svg"


class Clipart(index.Indexed, TimeStampedModel):
    """One sanitized SVG of the library (``assets.svg_sanitize`` ran on upload)."""

    name = models.CharField(max_length=80)
    category = TreeForeignKey(
        ClipartCategory, on_delete=models.PROTECT, related_name="cliparts"
    )
    keywords = models.CharField(max_length=200, blank=True)
    svg = models.FileField(upload_to=_clipart_path, max_length=200)
    width = models.PositiveIntegerField(editable=False)
    height = models.PositiveIntegerField(editable=False)
    is_active = models.BooleanField(default=True)

    search_fields = [
        index.SearchField("name"),
        index.SearchField("keywords"),
        index.AutocompleteField("name"),
        index.FilterField("is_active"),
        index.FilterField("category_id"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def _font_path(instance: Font, filename: str) -> str:
    return f"designer/fonts/{uuid.uuid4().hex}.{instance.file_format}"


class Font(TimeStampedModel):
    """A font an editor uploaded (checked with fontTools); the project's own open
    fonts are listed in ``fonts.BUILTIN_FONTS``."""

    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=40, unique=True)
    file = models.FileField(upload_to=_font_path, max_length=200)
    file_format = models.CharField(max_length=5, editable=False)
    family = models.CharField(max_length=100, editable=False)
    licence = models.CharField(
        max_length=120,
        help_text=_("The font's licence, e.g. SIL Open Font License 1.1."),
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DesignTemplate(TimeStampedModel):
    """A starting point shoppers can pick: a validated design document."""

    name = models.CharField(max_length=80, unique=True)
    document = models.JSONField(
        help_text=_(
            "The design in the designer's format. The easiest way to make one: "
            "design it in the designer and press “Save as template” (editors see "
            "that button)."
        )
    )
    sort_order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        from shop.designer.schema import document_parse

        try:
            document_parse(self.document if isinstance(self.document, dict) else [])
        except SchemaError as error:
            raise ValidationError({"document": str(error)}) from None


def _upload_path(instance: Upload, filename: str) -> str:
    return f"designer/uploads/{uuid.uuid4().hex}.{instance.file_format}"


class Upload(TimeStampedModel):
    """An image a shopper uploaded: re-encoded (no metadata), under an unguessable
    name. Only its owner, or the session that uploaded it, may place it."""

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="design_uploads",
    )
    session_key = models.CharField(max_length=40, blank=True, db_index=True)
    file = models.FileField(upload_to=_upload_path, max_length=200)
    file_format = models.CharField(max_length=4)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    original_name = models.CharField(max_length=120, blank=True)
    sha256 = models.CharField(max_length=64)

    def __str__(self) -> str:
        return self.original_name or str(self.token)


class Design(TimeStampedModel):
    """A shopper's editable design: one document for a product, kept per user or
    per session. Adding it to the cart freezes it (``DesignSnapshot``)."""

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="designs",
    )
    session_key = models.CharField(max_length=40, blank=True, db_index=True)
    name = models.CharField(max_length=80)
    product = models.ForeignKey(
        "catalog.ProductPage",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    color = models.CharField(max_length=50)
    document = models.JSONField()

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.name


def _snapshot_path(instance: DesignSnapshot, filename: str) -> str:
    return f"designer/previews/{instance.digest}.png"


class DesignSnapshot(models.Model):
    """A frozen design: the document with every asset copied under its content hash.
    ``digest`` is the SHA-256 of the canonical document, product and color, so the
    same design freezes to the same row; nothing ever changes one."""

    digest = models.CharField(max_length=64, primary_key=True)
    product = models.ForeignKey(
        "catalog.ProductPage",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    product_title = models.CharField(max_length=255)
    color = models.CharField(max_length=50)
    document = models.JSONField()
    # The print areas it decorates, as shop.pricing.schema.Configuration data.
    configuration = models.JSONField(default=dict)
    preview = models.FileField(upload_to=_snapshot_path, max_length=200, blank=True)
    texts = models.TextField(blank=True, help_text=_("Every text of the design."))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("frozen design")

    def __str__(self) -> str:
        return f"{self.product_title} ({self.color}) {self.digest[:10]}"


class FrozenAsset(models.Model):
    """An image a frozen design uses, stored under its content hash."""

    digest = models.CharField(max_length=64, primary_key=True)
    file = models.FileField(max_length=200)
    file_format = models.CharField(max_length=4)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()

    def __str__(self) -> str:
        return self.digest


class DesignReview(TimeStampedModel):
    """The moderation verdict on a frozen design whose text matched the word list."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    snapshot = models.OneToOneField(
        DesignSnapshot, on_delete=models.CASCADE, related_name="review"
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    matched_words = models.CharField(max_length=255)
    message = models.TextField(
        blank=True, help_text=_("Told to the shopper when the design is rejected.")
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        permissions = [("review_design", "Can approve or reject flagged designs")]

    def __str__(self) -> str:
        return f"{self.snapshot} ({self.get_status_display()})"


@register_setting(icon="doc-full")
class DesignerSettings(BaseGenericSetting):
    """Shop-wide designer rules editors own."""

    moderation_words = models.TextField(
        blank=True,
        help_text=_(
            "One word or phrase per line. A design whose text contains one still "
            "goes into the cart, but waits for a review before it is produced."
        ),
    )
    max_upload_megabytes = models.PositiveSmallIntegerField(
        default=15, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )

    panels = [FieldPanel("moderation_words"), FieldPanel("max_upload_megabytes")]

    class Meta:
        verbose_name = _("designer")
