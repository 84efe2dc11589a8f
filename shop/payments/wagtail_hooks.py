"""The Orders menu of the Wagtail admin (see shop.payments.backoffice)."""

from __future__ import annotations

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from shop.payments import backoffice


@hooks.register("register_admin_urls")
def orders_admin_urls():
    return [
        path("orders/", backoffice.order_index, name="orders_admin_index"),
        path("orders/<int:pk>/", backoffice.order_inspect, name="orders_admin_inspect"),
        path(
            "orders/<int:pk>/<str:action>/",
            backoffice.order_action,
            name="orders_admin_action",
        ),
    ]


class OrdersMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(backoffice.VIEW)


@hooks.register("register_admin_menu_item")
def orders_menu_item():
    return OrdersMenuItem(
        "Orders", reverse("orders_admin_index"), icon_name="list-ul", order=150
    )
