from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin import messages as wagtail_messages
from wagtail.admin.widgets import Button

from shop.catalog.forms import editor_request_mark
from shop.catalog.models import CategoryPage, ProductPage
from shop.catalog.product_admin import ProductListingViewSet, products_listing_url
from shop.catalog.selectors import product_skus_without_stock_count
from shop.catalog.services import product_copy_variants
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
    """Tell the editor how many SKUs of a product just published have no stock.

    The page_published receiver made the stock rows already: Wagtail sends the
    signal inside the publish action, before this hook runs.
    """
    if isinstance(page, ProductPage) and page.live:
        _stock_missing_warn(request, [page])


@hooks.register("after_bulk_action")
def products_stock_missing_warning(
    request, action_type, objects, action_class_instance
):
    """The same warning after publishing products from the page listing."""
    if action_type != "publish":
        return
    products = [
        page.specific
        for page in objects
        if getattr(page, "specific_class", None) is ProductPage
    ]
    _stock_missing_warn(request, [p for p in products if p.live])


def _stock_missing_warn(request, products: list[ProductPage]) -> None:
    missing = {
        product.pk: count
        for product in products
        if (count := product_skus_without_stock_count(product=product))
    }
    if not missing:
        return
    total = sum(missing.values())
    if len(missing) == 1:
        message = ngettext(
            "%(count)s SKU of this product has no stock.",
            "%(count)s SKUs of this product have no stock.",
            total,
        ) % {"count": total}
        url = stock_grid_url(next(iter(missing)))
    else:
        message = _(
            "%(count)s SKUs of %(products)s published products have no stock."
        ) % {"count": total, "products": len(missing)}
        url = reverse("stock:index") + "?state=out"
    buttons = []
    if request.user.has_perm(CHANGE_STOCK):
        buttons.append(wagtail_messages.button(url, _("Set stock")))
    wagtail_messages.warning(request, message, buttons=buttons)


# --- Products: the flat listing with thumbnail, price and stock (product_admin) ------

product_listing_viewset = ProductListingViewSet()


@hooks.register("register_admin_viewset")
def register_product_listing_viewset():
    return product_listing_viewset


@hooks.register("register_page_header_buttons")
def category_products_header_button(page, user, view_name, next_url=None):
    """The explorer keeps Wagtail's columns (a category holds sub-categories too), so
    a category links to the Products listing filtered by it."""
    if isinstance(page, CategoryPage):
        yield Button(
            _("Product listing"),
            url=products_listing_url(category=page),
            icon_name="tag",
            priority=30,
            attrs={"data-products-listing-link": ""},
        )


# Stock rows are made when a product is published (shop.catalog.receivers), on every
# publishing path; a draft or an autosave makes none.


@hooks.register("after_copy_page")
def product_copy_gets_variants(request, page, new_page) -> None:
    """A product copied in the admin gets its own variants at the source's prices."""
    source = page.specific
    if isinstance(source, ProductPage):
        product_copy_variants(source=source, copy=new_page, user=request.user)


@hooks.register("before_edit_page")
def _mark_product_autosave_on_edit(request, page) -> None:
    if isinstance(page, ProductPage):
        editor_request_mark(request)


@hooks.register("before_create_page")
def _mark_product_autosave_on_create(request, parent_page, page_class) -> None:
    if issubclass(page_class, ProductPage):
        editor_request_mark(request)
