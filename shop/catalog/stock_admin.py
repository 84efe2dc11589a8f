"""Stock in the Wagtail admin: a color x size grid per product and a Stock list.

Every write goes through ``product_stock_set`` (and so ``stock_set``); there is no
free-form stock row editor. The list shows one row per SKU a product offers and
links each row to its product's grid.
"""

from __future__ import annotations

import re

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from shop.catalog.exceptions import StockError
from shop.catalog.models import ProductPage, ProductVariant, StockLevel
from shop.catalog.selectors import (
    LOW_STOCK,
    StockGrid,
    StockState,
    product_stock_grid_get,
    stock_rows_filter,
    stock_rows_queryset,
)
from shop.catalog.services import STOCK_MAX, product_stock_set
from shop.core.params import ID_MAX

CHANGE_STOCK = "catalog.change_stocklevel"
VIEW_STOCK = "catalog.view_stocklevel"
_DIGITS = re.compile(r"[0-9]{1,7}", re.ASCII)


def stock_grid_url(product_id: int) -> str:
    return reverse("stock:product", args=(product_id,))


class StockQuantityField(forms.Field):
    """Units on hand typed in a grid cell: empty (left as it is) or 0 to STOCK_MAX."""

    widget = forms.TextInput(
        attrs={
            "inputmode": "numeric",
            "autocomplete": "off",
            "spellcheck": "false",
            "class": "stock-grid__input",
            "maxlength": "9",
        }
    )

    def to_python(self, value) -> int | None:
        text = (value or "").strip()
        if not text:
            return None
        if not _DIGITS.fullmatch(text) or int(text) > STOCK_MAX:
            raise ValidationError(
                _("Enter a whole number from 0 to %(max)s.") % {"max": STOCK_MAX},
                code="invalid",
            )
        return int(text)


class StockGridForm(forms.Form):
    """One quantity input per SKU of the grid, plus the value each showed.

    Only cells whose typed value differs from what the page showed count as
    changed: a sale made while the editor had the grid open is not undone by
    saving an untouched cell.
    """

    def __init__(self, *args, grid: StockGrid, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.grid = grid
        for cell in grid.skus:
            self.fields[f"stock-{cell.sku}"] = StockQuantityField(
                required=False, label=cell.sku, initial=cell.quantity
            )
            self.fields[f"shown-{cell.sku}"] = forms.CharField(
                required=False,
                widget=forms.HiddenInput,
                initial="" if cell.quantity is None else str(cell.quantity),
            )

    def quantities(self) -> dict[str, int]:
        """The cells the editor changed, as SKU -> units (after ``is_valid``)."""
        changed = {}
        for cell in self.grid.skus:
            typed = self.cleaned_data[f"stock-{cell.sku}"]
            shown = self.cleaned_data[f"shown-{cell.sku}"].strip()
            if typed is not None and str(typed) != shown:
                changed[cell.sku] = typed
        return changed


class StockGridView(WagtailAdminTemplateMixin, View):
    """The grid of one product: GET shows it, one POST saves every changed cell."""

    template_name = "catalog/admin/stock_grid.html"
    header_icon = "list-ol"

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.has_perm(CHANGE_STOCK):
            raise PermissionDenied
        page_id = kwargs["page_id"]
        product = (
            ProductPage.objects.filter(pk=page_id).first()
            if page_id <= ID_MAX
            else None
        )
        if product is None:
            raise Http404(_("There is no product with this id."))
        self.product = product
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return _("Stock of %(product)s") % {"product": self.product.title}

    def get_breadcrumbs_items(self) -> list[dict]:
        return [
            *self.breadcrumbs_items,
            {"url": reverse("stock:index"), "label": _("Stock")},
            {"url": "", "label": self.product.title},
        ]

    def render(self, form: StockGridForm, *, status: int = 200) -> HttpResponse:
        grid = form.grid
        for name in form.errors:
            if name in form.fields:
                form.fields[name].widget.attrs.update(
                    {
                        "aria-invalid": "true",
                        "aria-describedby": f"{form[name].auto_id}-error",
                    }
                )
        rows = [
            (
                color,
                [
                    (form[f"stock-{cell.sku}"], form[f"shown-{cell.sku}"], cell)
                    if cell
                    else None
                    for cell in row
                ],
            )
            for color, row in zip(grid.colors, grid.cells, strict=True)
        ]
        context = self.get_context_data(
            form=form,
            grid=grid,
            rows=rows,
            product=self.product,
            edit_url=reverse("wagtailadmin_pages:edit", args=(self.product.pk,)),
            stock_max=STOCK_MAX,
        )
        return TemplateResponse(
            self.request, self.template_name, context, status=status
        )

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        grid = product_stock_grid_get(product=self.product)
        return self.render(StockGridForm(grid=grid))

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        grid = product_stock_grid_get(product=self.product)
        form = StockGridForm(request.POST, grid=grid)
        if not form.is_valid():
            messages.error(
                request,
                _("Nothing was saved: correct the marked cells and save again."),
            )
            return self.render(form, status=400)
        try:
            changed = product_stock_set(
                product=self.product, quantities=form.quantities()
            )
        except StockError as error:
            messages.error(request, str(error))
            return self.render(form, status=400)
        messages.success(
            request,
            _("Stock of %(product)s saved: %(count)s SKUs changed.")
            % {"product": self.product.title, "count": changed},
        )
        return redirect(stock_grid_url(self.product.pk))


STOCK_STATES = (
    (StockState.OUT, gettext_lazy("Out of stock")),
    (StockState.LOW, gettext_lazy("Low (1 to %(low)s)") % {"low": LOW_STOCK}),
    (StockState.IN, gettext_lazy("In stock")),
)


class StockRowFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(
        label=gettext_lazy("Stock"),
        choices=STOCK_STATES,
        method="filter_state",
        empty_label=gettext_lazy("Any"),
    )

    class Meta:
        model = ProductVariant
        fields: list[str] = []

    def filter_state(self, queryset, name, value):
        return stock_rows_filter(rows=queryset, state=value)


class QuantityColumn(Column):
    cell_template_name = "catalog/admin/stock_quantity_cell.html"


class GroupedProductColumn(Column):
    """The product's title on the first row of its group only."""

    def get_value(self, instance):
        if getattr(instance, "continues_product", False):
            return ""
        return super().get_value(instance)


class StockIndexView(IndexView):
    """The Stock list: one row per offered SKU, grouped by product."""

    model = ProductVariant
    permission_policy = ModelPermissionPolicy(StockLevel)
    any_permission_required = ["view", "change"]
    page_title = gettext_lazy("Stock")
    verbose_name = gettext_lazy("SKU")
    verbose_name_plural = gettext_lazy("SKUs")
    header_icon = "list-ol"
    index_url_name = "stock:index"
    index_results_url_name = "stock:index_results"
    search_fields = ["sku", "page__title"]
    search_backend_name = None
    filterset_class = StockRowFilterSet
    paginate_by = 100
    default_ordering = None

    def get_base_queryset(self):
        return stock_rows_queryset()

    def order_queryset(self, queryset):
        return queryset

    @property
    def columns(self):
        return [
            GroupedProductColumn("product_title", label=_("Product")),
            Column("color", label=_("Color")),
            Column("size", label=_("Size")),
            TitleColumn(
                "sku",
                label=_("SKU"),
                get_url=lambda row: stock_grid_url(row.page_id),
            ),
            QuantityColumn("quantity", label=_("Units")),
            DateColumn("stock_updated_at", label=_("Updated")),
        ]

    def get_breadcrumbs_items(self) -> list[dict]:
        return [*self.breadcrumbs_items, {"url": "", "label": _("Stock")}]

    def get_table(self, object_list):
        previous = None
        for row in object_list:
            row.continues_product = row.page_id == previous
            previous = row.page_id
        return super().get_table(object_list)


class StockMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return request.user.has_perm(VIEW_STOCK) or request.user.has_perm(CHANGE_STOCK)


class StockViewSet(ViewSet):
    name = "stock"
    icon = "list-ol"
    menu_label = gettext_lazy("Stock")
    menu_order = 300
    add_to_admin_menu = True
    menu_item_class = StockMenuItem

    @property
    def menu_url(self) -> str:
        return reverse("stock:index")

    def get_urlpatterns(self):
        index = StockIndexView.as_view()
        return [
            path("", index, name="index"),
            path(
                "results/",
                StockIndexView.as_view(results_only=True),
                name="index_results",
            ),
            path("product/<int:page_id>/", StockGridView.as_view(), name="product"),
        ]
