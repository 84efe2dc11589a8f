"""Shipping methods in the admin (Settings > Shipping methods; Marketing edits them)."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from shop.checkout.models import ShippingMethod


class ShippingMethodViewSet(SnippetViewSet):
    model = ShippingMethod
    icon = "site"
    menu_label = "Shipping methods"
    add_to_settings_menu = True
    list_display = ["name", "price_amount", "free_from_amount", "countries", "active"]


register_snippet(ShippingMethodViewSet)
