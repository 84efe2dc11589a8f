"""The Products listing in the Wagtail admin: one row per product with its thumbnail,
category, price and stock.

A ``PageListingViewSet`` (Wagtail's flat listing of one page type): the title, status,
bulk actions and permissions are Wagtail's own, the rest comes from
``product_admin_listing_annotate`` in a fixed number of queries. The page explorer
keeps Wagtail's columns (a category also holds sub-categories); a category's header
links here instead (``wagtail_hooks.category_products_header_button``).
"""

from __future__ import annotations

import re

import django_filters
from django.core.exceptions import ValidationError
from django.forms import RadioSelect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django_filters.filters import QuerySetRequestMixin
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import BaseColumn, Column, DateColumn
from wagtail.admin.ui.tables.pages import (
    BulkActionsColumn,
    PageStatusColumn,
    PageTitleColumn,
    ParentPageColumn,
)
from wagtail.admin.views.pages.listing import IndexView, PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.images.shortcuts import get_rendition_or_not_found
from wagtail.permission_policies.pages import PagePermissionPolicy

from shop.catalog.models import CategoryPage, ProductPage
from shop.catalog.selectors import (
    THUMB_RENDITIONS,
    product_admin_listing_annotate,
    product_admin_summary,
)
from shop.catalog.stock_admin import CHANGE_STOCK, stock_grid_url
from shop.core.params import ID_MAX, QUOTE_MAX
from shop.core.text import text_clean

# What Wagtail's page listings ask of a user: any of these on some page.
PAGE_ACTIONS = tuple(IndexView.any_permission_required)
THUMBNAIL = THUMB_RENDITIONS[0]
_ID = re.compile(r"[0-9]{1,10}", re.ASCII)


def products_listing_url(*, category: CategoryPage | None = None) -> str:
    url = reverse("products:index")
    if category is not None:
        url += "?" + urlencode({"category": category.pk})
    return url


def _is_id(value) -> bool:
    return bool(_ID.fullmatch(str(value))) and 0 < int(value) <= ID_MAX


class IdChoiceMixin:
    """Refuses a choice that is no row id before it reaches the database: SQLite
    overflows (a server error) on a number beyond 64 bits."""

    def to_python(self, value):
        single = not isinstance(value, list | tuple)
        if single and value not in self.empty_values and not _is_id(value):
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)

    def _check_values(self, value):
        for pk in value:
            if not _is_id(pk):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": text_clean(str(pk), max_length=QUOTE_MAX)},
                )
        return super()._check_values(value)


class CategoryChoiceField(IdChoiceMixin, django_filters.fields.ModelChoiceField):
    """Categories named with their ancestors, as in "T-shirts \u203a Organic": two
    categories may share a title under different parents."""

    @cached_property
    def _titles(self) -> dict[str, str]:
        return dict(CategoryPage.objects.values_list("path", "title"))

    def label_from_instance(self, obj: CategoryPage) -> str:
        step = CategoryPage.steplen
        prefixes = (obj.path[:end] for end in range(step, len(obj.path) + 1, step))
        return " \u203a ".join(self._titles[p] for p in prefixes if p in self._titles)


class CategoryFilter(django_filters.ModelChoiceFilter):
    field_class = CategoryChoiceField


class ProductFilterSet(PageFilterSet):
    category = CategoryFilter(
        label=_("Category"),
        queryset=CategoryPage.objects.order_by("path"),
        method="filter_category",
        empty_label=_("Any"),
        help_text=_("Its sub-categories included."),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[("live", _("Live")), ("draft", _("Draft"))],
        method="filter_status",
        empty_label=_("Any"),
        widget=RadioSelect,
    )
    # A product has no child pages.
    has_child_pages = None

    class Meta:
        model = ProductPage
        fields: list[str] = []

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Wagtail's own choice filters (owner, edited by, site) take ids too.
        for choice_filter in self.filters.values():
            if isinstance(choice_filter, QuerySetRequestMixin) and not issubclass(
                choice_filter.field_class, IdChoiceMixin
            ):
                choice_filter.field_class = type(
                    f"Id{choice_filter.field_class.__name__}",
                    (IdChoiceMixin, choice_filter.field_class),
                    {},
                )

    def filter_category(self, queryset, name, value):
        return queryset.descendant_of(value)

    def filter_status(self, queryset, name, value):
        return queryset.filter(live=value == "live")


class ThumbnailColumn(BaseColumn):
    """The front mockup of the product's first color, or a neutral placeholder."""

    cell_template_name = "catalog/admin/product_thumbnail_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        summary = instance.admin_summary
        if summary.image is not None:
            # A missing original file gives an empty image, not a server error.
            rendition = get_rendition_or_not_found(summary.image, THUMBNAIL)
            context["img"] = rendition.img_tag(
                {
                    "alt": _("%(product)s in %(color)s")
                    % {"product": instance.title, "color": summary.color.name},
                    "width": 48,
                    "height": 48,
                    "loading": "lazy",
                }
            )
        return context

    class Media:
        css = {"all": ["css/admin_products.css"]}


class SearchSafeSortMixin:
    """Sorting by an annotation works on the database, not on search results."""

    def get_header_context_data(self, parent_context):
        context = super().get_header_context_data(parent_context)
        if parent_context.get("is_searching"):
            context["is_orderable"] = False
        return context


class PriceColumn(SearchSafeSortMixin, Column):
    cell_template_name = "catalog/admin/product_price_cell.html"

    def get_value(self, instance):
        return instance.admin_summary


class StockColumn(SearchSafeSortMixin, Column):
    cell_template_name = "catalog/admin/product_stock_cell.html"

    def get_value(self, instance):
        return instance.admin_summary

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        user = parent_context["request"].user
        if user.has_perm(CHANGE_STOCK):
            context["grid_url"] = stock_grid_url(instance.pk)
        return context


# Sorting keys that are annotations, refused while searching (see SearchSafeSortMixin).
ANNOTATION_SORTS = ("admin_price_low", "admin_units")


class ProductIndexView(IndexView):
    results_template_name = "catalog/admin/product_listing_results.html"
    page_title = _("Products")

    def annotate_queryset(self, pages):
        return product_admin_listing_annotate(products=super().annotate_queryset(pages))

    def get_valid_orderings(self):
        orderings = super().get_valid_orderings()
        if self.is_searching:
            orderings = [
                o for o in orderings if o.removeprefix("-") not in ANNOTATION_SORTS
            ]
        return orderings

    def get_table(self, object_list):
        for product in object_list:
            product.admin_summary = product_admin_summary(product=product)
        return super().get_table(object_list)


class ProductsMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return PagePermissionPolicy().user_has_any_permission(
            request.user, PAGE_ACTIONS
        )


class ProductListingViewSet(PageListingViewSet):
    name = "products"
    model = ProductPage
    index_view_class = ProductIndexView
    filterset_class = ProductFilterSet
    icon = "tag"
    menu_label = _("Products")
    menu_order = 250
    add_to_admin_menu = True
    menu_item_class = ProductsMenuItem
    columns = [
        BulkActionsColumn("bulk_actions"),
        ThumbnailColumn("thumbnail", label=_("Image"), width="72px"),
        PageTitleColumn("title", label=_("Title"), sort_key="title", classname="title"),
        ParentPageColumn("parent", label=_("Category")),
        PriceColumn("price", label=_("Price"), sort_key="admin_price_low"),
        StockColumn("stock", label=_("Stock"), sort_key="admin_units"),
        DateColumn(
            "latest_revision_created_at",
            label=_("Updated"),
            sort_key="latest_revision_created_at",
        ),
        PageStatusColumn("status", label=_("Status"), sort_key="live"),
    ]
