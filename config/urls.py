from django.conf import settings
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from shop.catalog import views as catalog_views
from shop.core import serving
from shop.core.api import api_not_found

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("account/orders/", include("shop.orders.urls")),
    path("account/", include("shop.accounts.urls")),
    path("cart/", include("shop.cart.urls")),
    path("design/", include("shop.designer.urls")),
    path("checkout/", include("shop.checkout.urls")),
    path("payments/", include("shop.payments.urls")),
    path("search/", catalog_views.product_search, name="search"),
    path("", include("config.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    re_path(r"^api/", api_not_found),
    path("sitemap.xml", sitemap),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Every other path is a page of the tree; it must come last. Wagtail's own serve view
# is replaced by one that reads the site and the route from the cache (same name, so
# page URLs reverse as before); its other views stay.
urlpatterns += [
    *[p for p in wagtail_urls.urlpatterns if getattr(p, "name", "") != "wagtail_serve"],
    re_path(wagtail_urls.serve_pattern, serving.serve, name="wagtail_serve"),
]
