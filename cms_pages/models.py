from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms_pages.blocks import BodyBlock, PointsBlock
from shop.core.restrictions import RestrictionsCachedMixin

# Shown while the editor has not written their own (a fresh shop reads well at once).
DEFAULT_STEPS = (
    ("Pick a product", "Choose the shirt, hoodie or mug and its color."),
    ("Design it", "Add text, clipart or your own image, on your phone or computer."),
    ("Order", "Any quantity, from one piece; team names and numbers included."),
    ("We print and ship", "Printed in our workshop and on its way within days."),
)
DEFAULT_SELLING_POINTS = (
    (
        "No minimum order",
        "Order one piece or a hundred, with no setup fee for digital print.",
    ),
    ("Fast delivery", "Printed and shipped in {delivery_time}."),
    (
        "Print that lasts",
        "Digital print, screen print or embroidery, washed and tested.",
    ),
    (
        "Happy returns",
        "A misprint or a flaw is reprinted or refunded, no questions asked.",
    ),
)
LOCAL_OR_WEB_URL = RegexValidator(
    r"^(/(?!/)[^\s]*|https://[^\s]+)$",
    _("A path on this site such as /design/, or an https:// address."),
)


class HomePage(RestrictionsCachedMixin, Page):
    # The same for every anonymous visitor: shop.core.page_cache may store it.
    anonymous_page_cache = True

    hero_title = models.CharField(max_length=120, default="Make it yours")
    hero_text = models.TextField(blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    designer_cta_label = models.CharField(
        _("designer button"), max_length=40, default="Design your own"
    )
    designer_cta_url = models.CharField(
        _("designer button link"),
        max_length=200,
        default="/design/",
        validators=[LOCAL_OR_WEB_URL],
        help_text=_("/design/ opens the designer on the first featured product."),
    )
    steps = StreamField(
        PointsBlock(),
        blank=True,
        verbose_name=_("how it works"),
        help_text=_(
            "The steps from product to parcel; empty shows four standard steps."
        ),
    )
    selling_points = StreamField(
        PointsBlock(),
        blank=True,
        help_text=_(
            "Minimum order, delivery time, print method, returns; empty shows the "
            "standard four with the delivery time from Settings > Shop."
        ),
    )
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("hero_title"),
        FieldPanel("hero_text"),
        FieldPanel("hero_image"),
        MultiFieldPanel(
            [FieldPanel("designer_cta_label"), FieldPanel("designer_cta_url")],
            heading=_("Design your own"),
        ),
        FieldPanel("steps"),
        FieldPanel("selling_points"),
        FieldPanel("body"),
        InlinePanel("footer_links", label=_("Footer links")),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["catalog.CategoryPage", "cms_pages.ContentPage"]
    max_count = 1
    template = "cms_pages/home_page.html"

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from shop.catalog.selectors import featured_products_get
        from shop.core.selectors import shop_context_for_request

        context = super().get_context(request, *args, **kwargs)
        context["featured"] = featured_products_get()
        context["steps"] = self._points(self.steps, DEFAULT_STEPS)
        context["selling_points"] = self._points(
            self.selling_points,
            DEFAULT_SELLING_POINTS,
            shop_context_for_request(request),
        )
        return context

    @staticmethod
    def _points(stream, defaults, shop=None) -> list[tuple[str, str]]:
        if stream:
            return [(b.value["title"], b.value["text"]) for b in stream]
        delivery = getattr(shop, "delivery_time", "") or "a few working days"
        return [(t, text.format(delivery_time=delivery)) for t, text in defaults]


class ContentPage(RestrictionsCachedMixin, Page):
    """Terms, privacy, FAQ, shipping and other editorial pages."""

    # The same for every anonymous visitor: shop.core.page_cache may store it.
    anonymous_page_cache = True

    intro = models.TextField(blank=True)
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]

    parent_page_types = ["cms_pages.HomePage", "cms_pages.ContentPage"]
    subpage_types = ["cms_pages.ContentPage"]
    template = "cms_pages/content_page.html"

    class Meta:
        verbose_name = _("content page")


class FooterLink(Orderable):
    """Links in the footer (terms, privacy...), ordered by editors on the home page."""

    home = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="footer_links")
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+"
    )
    label = models.CharField(max_length=60, blank=True)

    panels = [FieldPanel("page"), FieldPanel("label")]

    def __str__(self) -> str:
        return self.label or self.page.title
