"""The shop's URLs plus the two reference views the benchmark compares pages with."""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from config.urls import urlpatterns as shop_urlpatterns
from shop.catalog.models import ProductPage

NAIVE = engines["django"].from_string(
    "<!doctype html><title>Products</title><ul>{% for p in products %}"
    "<li>{{ p.title }}: {{ p.base_price_amount }}</li>{% endfor %}</ul>"
)


def bare(request):
    """A bare Django view: what every page is measured against."""
    return HttpResponse("ok")


def naive(request):
    """24 product titles and prices from the database in a tiny template."""
    products = (
        ProductPage.objects.live()
        .order_by("pk")
        .values("title", "base_price_amount")[:24]
    )
    return HttpResponse(NAIVE.render({"products": products}))


urlpatterns = [
    path("bench/bare/", bare),
    path("bench/naive/", naive),
    *shop_urlpatterns,
]
