from django.urls import path

from shop.cart import api

urlpatterns = [
    path("", api.CartView.as_view(), name="cart"),
    path("lines/", api.CartLinesView.as_view(), name="cart-lines"),
    path("designs/", api.CartDesignsView.as_view(), name="cart-designs"),
    path("lines/<str:line_id>/", api.CartLineView.as_view(), name="cart-line"),
    path(
        "lines/<str:line_id>/roster/", api.CartRosterView.as_view(), name="cart-roster"
    ),
    path("codes/", api.CartCodesView.as_view(), name="cart-codes"),
    path("codes/<str:code>/", api.CartCodeView.as_view(), name="cart-code"),
    path("quote/", api.QuoteView.as_view(), name="cart-quote"),
]
