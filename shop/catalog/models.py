"""Catalog content as Wagtail pages; stock outside the page revisions.

Colors, sizes, variants and print areas are inline rows of the product page, so an
editor manages a product on one screen and changes go live on publish. Stock lives in
``StockLevel`` rows keyed by SKU: publishing an old revision rewrites the inline rows,
and must never rewrite stock.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from shop.catalog.forms import ProductPageForm
from shop.catalog.panels import VariantTablePanel
from shop.catalog.widgets import ColorPickerInput
from shop.core.models import MoneyAmountField, TimeStampedModel, currency_field
from shop.core.money import Money
from shop.core.restrictions import RestrictionsCachedMixin

SKU_VALIDATOR = RegexValidator(
    r"^[A-Z0-9][A-Z0-9-]{1,62}$",
    _("Use 2-63 capital letters, digits and dashes, starting with a letter or digit."),
)
HEX_COLOR_VALIDATOR = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Use a hex colour such as #1a2b3c.")
)


class View(models.TextChoices):
    """The sides of a product that can be shown and printed on."""

    FRONT = "front", _("Front")
    BACK = "back", _("Back")
    LEFT = "left", _("Left")
    RIGHT = "right", _("Right")


class CategoryPage(RestrictionsCachedMixin, Page):
    """A catalog category; categories nest, products sit anywhere below them."""

    # The same for every anonymous visitor: shop.core.page_cache may store it.
    anonymous_page_cache = True

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    products_per_page = models.PositiveSmallIntegerField(
        default=24, validators=[MinValueValidator(1)]
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("products_per_page"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["cms_pages.HomePage", "catalog.CategoryPage"]
    subpage_types = ["catalog.CategoryPage", "catalog.ProductPage"]
    template = "catalog/category_page.html"

    class Meta:
        verbose_name = _("category")

    def get_context(self, request, *args, **kwargs):
        from shop.catalog.params import CategoryQueryForm
        from shop.catalog.selectors import category_listing_get
        from shop.core.params import params_clean

        context = super().get_context(request, *args, **kwargs)
        params = params_clean(CategoryQueryForm, request.GET)
        context["listing"] = category_listing_get(
            category=self,
            errors=params.messages,
            **params.values,
        )
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        # The page still lists products, without the refused filters; the status
        # tells clients and crawlers that the link itself is bad.
        if response.context_data["listing"].errors:
            response.status_code = 400
        return response


@register_snippet
class SizeGuide(models.Model):
    """Measurements per size, shared by the products an editor links it to."""

    name = models.CharField(max_length=100, unique=True)
    intro = models.CharField(
        max_length=255,
        blank=True,
        help_text=_("One sentence above the table, e.g. how the garment was measured."),
    )
    table = StreamField(
        [("table", TableBlock(table_options={"startRows": 5, "startCols": 4}))],
        blank=True,
        help_text=_("One row per size; the first row names the measurements."),
    )

    panels = [FieldPanel("name"), FieldPanel("intro"), FieldPanel("table")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("size guide")

    def __str__(self) -> str:
        return self.name


class ProductPage(RestrictionsCachedMixin, Page):
    """A printable product: colors x sizes make variants, each with its SKU."""

    # The same for every anonymous visitor: shop.core.page_cache may store it.
    anonymous_page_cache = True

    summary = models.CharField(
        max_length=255,
        blank=True,
        help_text=_("One sentence under the title on the product page."),
    )
    description = RichTextField(blank=True)
    base_price_amount = MoneyAmountField(
        _("base price"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_(
            "Price incl. VAT of a variant without its own price; used when variants "
            "are generated for new color/size combinations."
        ),
    )
    currency = currency_field()
    material = models.CharField(
        max_length=255,
        blank=True,
        help_text=_(
            "Fabric and weight as on the label, e.g. “100% organic cotton, 180 g/m²”; "
            "shown under Details and found by the search."
        ),
    )
    name_price_amount = MoneyAmountField(
        _("price per printed name"),
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Team orders: added per piece that gets a name printed."),
    )
    number_price_amount = MoneyAmountField(
        _("price per printed number"),
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Team orders: added per piece that gets a number printed."),
    )
    is_featured = models.BooleanField(
        default=False,
        help_text=_(
            "Shown first on the home page while it has stock; other products fill "
            "up the remaining places, newest first."
        ),
    )
    size_guide = models.ForeignKey(
        SizeGuide,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown on the product page next to the buttons."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("base_price_amount"), FieldPanel("material")]),
        FieldPanel("is_featured"),
        FieldPanel("size_guide"),
        FieldRowPanel(
            [FieldPanel("name_price_amount"), FieldPanel("number_price_amount")],
            heading=_("Team orders (names and numbers)"),
        ),
        InlinePanel("colors", label=_("Colors"), min_num=1),
        InlinePanel(
            "sizes",
            label=_("Sizes"),
            min_num=1,
            help_text=_(
                "Smallest first: the product page and the stock grid show sizes in "
                "this order. A product in one size (e.g. “One size”) shows no size "
                "picker."
            ),
        ),
        VariantTablePanel(
            "variants",
            heading=_("Variants"),
            label=_("Variant"),
            help_text=_(
                "One cell per color (rows) and size (columns). Leave a price blank "
                "to sell at the base price. Each new combination gets its SKU when "
                "the product is saved, and keeps it: renaming a color or size renames "
                "its variants. Publishing gives new SKUs a stock row under Stock."
            ),
        ),
        InlinePanel(
            "print_areas",
            label=_("Print areas"),
            help_text=_(
                "One per printable view: a rectangle on the mockup in percent (so it "
                "fits every color's mockup), its real size in mm, and the price added "
                "per item when that view is printed."
            ),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("description"),
        index.SearchField("material"),
        index.RelatedFields(
            "colors", [index.SearchField("name"), index.FilterField("name")]
        ),
        index.RelatedFields("variants", [index.SearchField("sku")]),
        index.FilterField("base_price_amount"),
    ]

    parent_page_types = ["catalog.CategoryPage"]
    subpage_types: list[str] = []
    # SKUs are unique shop-wide: a copy starts without variants; the admin's copy
    # gives it its own right away (``product_copy_variants``), any other copy when it
    # is first saved in the editor.
    exclude_fields_in_copy = ["variants"]
    template = "catalog/product_page.html"
    base_form_class = ProductPageForm

    class Meta:
        verbose_name = _("product")

    def get_context(self, request, *args, **kwargs):
        from shop.catalog.selectors import product_detail_get
        from shop.core.content_cache import content_memo, content_version

        context = super().get_context(request, *args, **kwargs)
        if getattr(request, "is_preview", False):
            # A draft: its own colors and prices, never from the cache.
            context["detail"] = product_detail_get(product=self)
        else:
            context["detail"] = content_memo(
                f"product-detail:{self.pk}",
                content_version(),
                lambda: product_detail_get(product=self),
            )
        return context

    @property
    def base_price(self) -> Money:
        return Money(self.base_price_amount, self.currency)

    @property
    def name_price(self) -> Money:
        return Money(self.name_price_amount, self.currency)

    @property
    def number_price(self) -> Money:
        return Money(self.number_price_amount, self.currency)


MOCKUP_HELP = _(
    "PNG or JPEG, at least 1600 px wide, the product on a plain light background, "
    "framed the same way for every color so print areas fit all of them."
)


def _mockup_image(**options) -> models.ForeignKey:
    options.setdefault("blank", True)
    return models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        **options,
    )


class ProductColor(Orderable):
    page = ParentalKey(ProductPage, on_delete=models.CASCADE, related_name="colors")
    name = models.CharField(max_length=50)
    hex_code = models.CharField(
        max_length=7,
        default="#ffffff",
        validators=[HEX_COLOR_VALIDATOR],
        help_text=_("The swatch colour shoppers click, e.g. #1b2a4a."),
    )
    front_image = _mockup_image(
        blank=False,
        help_text=_("Required. %(mockup)s") % {"mockup": MOCKUP_HELP},
    )
    back_image = _mockup_image(help_text=_("Optional; made like the front mockup."))
    left_image = _mockup_image(help_text=_("Optional; made like the front mockup."))
    right_image = _mockup_image(help_text=_("Optional; made like the front mockup."))

    # Names are required even on a draft or an autosave (Wagtail defers required
    # text fields there): a nameless color or size would make nameless variants.
    panels = [
        FieldRowPanel(
            [
                FieldPanel("name", required_on_save=True),
                FieldPanel("hex_code", widget=ColorPickerInput()),
            ]
        ),
        FieldRowPanel([FieldPanel("front_image"), FieldPanel("back_image")]),
        FieldRowPanel([FieldPanel("left_image"), FieldPanel("right_image")]),
    ]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["page", "name"], name="catalog_color_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def image_for(self, view: str):
        return getattr(self, f"{view}_image", None)

    @cached_property
    def views(self) -> list[tuple[str, object]]:
        """(view, image) for each view that has a mockup, front first."""
        return [(v, self.image_for(v)) for v in View.values if self.image_for(v)]


class ProductSize(Orderable):
    page = ParentalKey(ProductPage, on_delete=models.CASCADE, related_name="sizes")
    name = models.CharField(max_length=20)

    panels = [FieldPanel("name", required_on_save=True)]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["page", "name"], name="catalog_size_unique")
        ]

    def __str__(self) -> str:
        return self.name


class ProductVariant(Orderable):
    """A color x size of a product. Carts and orders keep the SKU and a snapshot."""

    page = ParentalKey(ProductPage, on_delete=models.CASCADE, related_name="variants")
    sku = models.CharField(_("SKU"), max_length=63, validators=[SKU_VALIDATOR])
    color = models.CharField(
        max_length=50, help_text=_("A color name of this product.")
    )
    size = models.CharField(max_length=20, help_text=_("A size name of this product."))
    price_amount = MoneyAmountField(
        _("price"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Price incl. VAT."),
    )
    currency = currency_field()

    panels = [
        FieldRowPanel(
            [
                FieldPanel("color", required_on_save=True),
                FieldPanel("size", required_on_save=True),
                FieldPanel("sku"),
                FieldPanel("price_amount"),
            ]
        )
    ]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["sku"], name="catalog_variant_sku_unique"),
            models.UniqueConstraint(
                fields=["page", "color", "size"], name="catalog_variant_combo_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(price_amount__gte=0),
                name="catalog_variant_price_non_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sku} ({self.color} / {self.size})"

    @property
    def price(self) -> Money:
        return Money(self.price_amount, self.currency)


class PrintArea(Orderable):
    """Where a view can be printed: a rectangle on the mockup and its real size.

    The rectangle is in percent of the mockup image, so it holds for every color's
    mockup and for every rendition size.
    """

    page = ParentalKey(
        ProductPage, on_delete=models.CASCADE, related_name="print_areas"
    )
    view = models.CharField(
        max_length=5,
        choices=View.choices,
        help_text=_("The mockup (front, back, left, right) this area is printed on."),
    )
    left_percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        help_text=_("From the mockup's left edge, in % of its width."),
    )
    top_percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        help_text=_("From the mockup's top edge, in % of its height."),
    )
    width_percent = models.DecimalField(
        max_digits=5, decimal_places=2, help_text=_("In % of the mockup's width.")
    )
    height_percent = models.DecimalField(
        max_digits=5, decimal_places=2, help_text=_("In % of the mockup's height.")
    )
    width_mm = models.PositiveIntegerField(
        validators=[MinValueValidator(1)],
        help_text=_("Real printed width in millimetres, for the print file."),
    )
    height_mm = models.PositiveIntegerField(
        validators=[MinValueValidator(1)],
        help_text=_("Real printed height in millimetres."),
    )
    price_amount = MoneyAmountField(
        _("print price"),
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Added to the unit price (incl. VAT) when this view is printed."),
    )
    currency = currency_field()

    panels = [
        FieldPanel("view"),
        FieldRowPanel(
            [
                FieldPanel("left_percent"),
                FieldPanel("top_percent"),
                FieldPanel("width_percent"),
                FieldPanel("height_percent"),
            ],
            heading=_("Rectangle on the mockup (percent)"),
        ),
        FieldRowPanel(
            [
                FieldPanel("width_mm"),
                FieldPanel("height_mm"),
                FieldPanel("price_amount"),
            ]
        ),
    ]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["page", "view"], name="catalog_printarea_view_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(left_percent__gte=0)
                & models.Q(top_percent__gte=0)
                & models.Q(width_percent__gt=0)
                & models.Q(height_percent__gt=0)
                & models.Q(left_percent__lte=100 - models.F("width_percent"))
                & models.Q(top_percent__lte=100 - models.F("height_percent")),
                name="catalog_printarea_inside_mockup",
            ),
            models.CheckConstraint(
                condition=models.Q(price_amount__gte=0),
                name="catalog_printarea_price_non_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_view_display()} {self.width_mm}x{self.height_mm} mm"

    @property
    def price(self) -> Money:
        return Money(self.price_amount, self.currency)


# The most units of one SKU staff can count or import: a typo guard (a shop has no
# million shirts of one size), far below the column's limit.
STOCK_MAX = 1_000_000


class StockLevel(TimeStampedModel):
    """Units on hand per SKU; changed only by services with conditional updates."""

    sku = models.CharField(
        _("SKU"), max_length=63, unique=True, validators=[SKU_VALIDATOR]
    )
    quantity = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sku"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gte=0), name="catalog_stock_non_negative"
            )
        ]

    def __str__(self) -> str:
        return f"{self.sku}: {self.quantity}"
