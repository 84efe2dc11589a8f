from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin import messages as wagtail_messages
from wagtail.admin.widgets import Button

from shop.catalog.forms import editor_request_mark
from shop.catalog.models import ProductPage
from shop.catalog.selectors import product_skus_without_stock_count
from shop.catalog.stock_admin import CHANGE_STOCK, StockViewSet, stock_grid_url

# --- Stock: the grid per product and the Stock list (shop.catalog.stock_admin) ------

stock_viewset = StockViewSet()


@hooks.register("register_admin_viewset")
def register_stock_viewset():
    return stock_viewset


@hooks.register("register_page_header_buttons")
def product_stock_header_button(page, user, view_name, next_url=None):
    if isinstance(page, ProductPage) and user.has_perm(CHANGE_STOCK):
        yield Button(
            _("Stock"),
            url=stock_grid_url(page.pk),
            icon_name="list-ol",
            priority=40,
            attrs={"data-stock-grid-link": ""},
        )


@hooks.register("after_publish_page")
def product_stock_missing_warning(request, page) -> None:
    """Tell the editor which SKUs of a product just published have no stock.

    The page_published receiver made the stock rows already: Wagtail sends the
    signal inside the publish action, before this hook runs.
    """
    if not isinstance(page, ProductPage) or not page.live:
        return
    missing = product_skus_without_stock_count(product=page)
    if not missing:
        return
    message = ngettext(
        "%(count)s SKU of this product has no stock.",
        "%(count)s SKUs of this product have no stock.",
        missing,
    ) % {"count": missing}
    buttons = []
    if request.user.has_perm(CHANGE_STOCK):
        buttons.append(wagtail_messages.button(stock_grid_url(page.pk), _("Set stock")))
    wagtail_messages.warning(request, message, buttons=buttons)


# Stock rows are made when a product is published (shop.catalog.receivers), on every
# publishing path; a draft or an autosave makes none.


@hooks.register("before_edit_page")
def _mark_product_autosave_on_edit(request, page) -> None:
    if isinstance(page, ProductPage):
        editor_request_mark(request)


@hooks.register("before_create_page")
def _mark_product_autosave_on_create(request, parent_page, page_class) -> None:
    if issubclass(page_class, ProductPage):
        editor_request_mark(request)
