from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from shop.catalog.selectors import product_search as search_products
from shop.core.models import ShopSettings

MAX_QUERY_LENGTH = 100


def product_search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    if len(query) > MAX_QUERY_LENGTH:
        return render(
            request,
            "catalog/search.html",
            {
                "query": query[:MAX_QUERY_LENGTH],
                "cards": [],
                "error": f"Search terms can be at most {MAX_QUERY_LENGTH} characters.",
            },
            status=400,
        )
    cards = search_products(
        query=query, currency=ShopSettings.for_request(request).currency
    )
    return render(request, "catalog/search.html", {"query": query, "cards": cards})
