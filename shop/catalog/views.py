from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from shop.catalog.params import SEARCH_MAX_LENGTH, SearchQueryForm
from shop.catalog.selectors import product_search as search_products
from shop.core.params import params_clean
from shop.core.text import text_clean


def product_search(request: HttpRequest) -> HttpResponse:
    params = params_clean(SearchQueryForm, request.GET)
    if params.errors:
        # Shown back in the search field: cut and without control characters.
        shown = text_clean(
            request.GET.get("q", "").strip(), max_length=SEARCH_MAX_LENGTH
        )
        return render(
            request,
            "catalog/search.html",
            {"query": shown, "cards": [], "error": params.errors["q"]},
            status=400,
        )
    query = params["q"]
    cards = search_products(query=query)
    return render(request, "catalog/search.html", {"query": query, "cards": cards})
