from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.viewsets.model import ModelViewSet

from shop.catalog.models import ProductPage, StockLevel
from shop.catalog.services import stock_ensure_rows


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


def _ensure_stock_rows(request, page) -> None:
    page = page.specific
    if isinstance(page, ProductPage):
        stock_ensure_rows(skus=[v.sku for v in page.variants.all()])


# Every SKU gets a stock row (zero units) as soon as its variant exists, so staff
# find it under Stock and fill in the count.
hooks.register("after_create_page", _ensure_stock_rows)
hooks.register("after_edit_page", _ensure_stock_rows)
