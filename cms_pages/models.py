from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms_pages.blocks import BodyBlock
from shop.core.restrictions import RestrictionsCachedMixin


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
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("hero_title"),
        FieldPanel("hero_text"),
        FieldPanel("hero_image"),
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

        context = super().get_context(request, *args, **kwargs)
        context["featured"] = featured_products_get()
        return context


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
