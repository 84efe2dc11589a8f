"""The public API alone: what the OpenAPI schema describes (not Wagtail's admin API)."""

from django.urls import include, path

urlpatterns = [
    path("api/v1/cart/", include(("shop.cart.api_urls", "cart-api"))),
    path("api/v1/designer/", include(("shop.designer.api_urls", "designer-api"))),
    path("api/v1/", include("shop.catalog.api.urls")),
]
