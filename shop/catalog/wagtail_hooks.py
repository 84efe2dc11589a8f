from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.viewsets.model import ModelViewSet

from shop.catalog.forms import editor_request_mark
from shop.catalog.models import ProductPage, StockLevel


class StockLevelViewSet(ModelViewSet):
    model = StockLevel
    icon = "list-ol"
    menu_label = _("Stock")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["sku", "quantity", "updated_at"]
    list_filter = []
    search_fields = ["sku"]
    ordering = ["sku"]
    panels = [FieldPanel("sku"), FieldPanel("quantity")]
    list_per_page = 100


stock_viewset = StockLevelViewSet("stock")


@hooks.register("register_admin_viewset")
def register_stock_viewset():
    return stock_viewset


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
