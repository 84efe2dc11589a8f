"""The cart page and its forms. Every change is a POST that redirects back (so the
cart works without JavaScript); a script may send the same forms with fetch and ask
for JSON (``Accept: application/json``), as the product page's add to cart does."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shop.cart import services
from shop.cart.exceptions import CartError
from shop.cart.forms import (
    AddToCartForm,
    AddToCartQuery,
    CodeForm,
    QuantityForm,
    RosterUploadError,
    roster_rows_from_csv,
    roster_rows_from_post,
)
from shop.cart.fragments import visitor_cart_count
from shop.core.params import params_clean
from shop.core.selectors import shop_context_for_request
from shop.pricing.exceptions import DiscountCodeError
from shop.pricing.schema import MAX_ROSTER
from shop.pricing.selectors import products_pricing_get

LINE_ID_MAX = 32
BLANK_ROSTER_ROWS = 5


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _first_error(form) -> str:
    for errors in form.errors.values():
        return str(errors[0])
    return "Check the form."


def _answer(
    request: HttpRequest, *, ok: bool, message: str, status: int = 400, to: str = ""
):
    """JSON for fetch, else a message and a redirect back to the cart (or ``to``)."""
    if _wants_json(request):
        request._cart_count = None
        count = visitor_cart_count(request)
        return JsonResponse(
            {"ok": ok, "message": message, "count": count},
            status=200 if ok else status,
        )
    (messages.success if ok else messages.error)(request, message)
    return redirect(to or reverse("cart:detail"))


@never_cache
@require_GET
def cart_detail(request: HttpRequest) -> HttpResponse:
    shop = shop_context_for_request(request)
    cart = services.cart_priced(request, shop=shop)
    return render(
        request,
        "cart/cart.html",
        {"cart": cart, "code_form": CodeForm(), "max_quantity": services.line_max()},
    )


def _back(url: str) -> str:
    """A path on this site to go back to (never another host)."""
    return url if url.startswith("/") and not url.startswith("//") else ""


@never_cache
@require_GET
def cart_add_confirm(request: HttpRequest) -> HttpResponse:
    """The product page's form without JavaScript: the page is stored whole for every
    visitor and so carries no CSRF token; this page shows the choice with its price
    and posts it with one."""
    params = params_clean(AddToCartQuery, request.GET)
    back = _back(request.GET.get("back", "")[:500])
    if params.errors:
        return _answer(request, ok=False, message=params.messages[0], to=back)
    product = products_pricing_get([params["product"] or 0]).get(params["product"] or 0)
    if product is None:
        return _answer(
            request, ok=False, message="This product is not available.", to=back
        )
    try:
        sku = services.variant_sku(
            product, sku="", color=params["color"], size=params["size"]
        )
    except CartError as error:
        return _answer(request, ok=False, message=error.message, to=back)
    quantity = min(params["quantity"] or 1, services.line_max())
    return render(
        request,
        "cart/add_confirm.html",
        {
            "product": product,
            "variant": product.variants[sku],
            "quantity": quantity,
            "back": back or product.url,
            "max_quantity": services.line_max(),
        },
    )


@never_cache
@require_POST
def cart_add(request: HttpRequest) -> HttpResponse:
    form = AddToCartForm(request.POST)
    back = _back(request.POST.get("back", ""))
    if not form.is_valid():
        return _answer(request, ok=False, message=_first_error(form), to=back)
    data = form.cleaned_data
    try:
        line = services.cart_add(
            request,
            product_id=data["product"],
            color=data["color"],
            size=data["size"],
            quantity=data["quantity"],
        )
    except CartError as error:
        return _answer(
            request, ok=False, message=error.message, status=error.http_status, to=back
        )
    snapshot = line.snapshot
    return _answer(
        request,
        ok=True,
        message=f"Added {data['quantity']} \u00d7 {snapshot['title']} ({snapshot['color']}, {snapshot['size']}) to your cart.",
    )


def _line_id(line_id: str) -> str:
    return line_id[:LINE_ID_MAX]


@never_cache
@require_POST
def cart_line_update(request: HttpRequest, line_id: str) -> HttpResponse:
    form = QuantityForm(request.POST)
    if not form.is_valid():
        return _answer(request, ok=False, message=_first_error(form))
    quantity = form.cleaned_data["quantity"]
    try:
        if quantity == 0:
            services.cart_line_remove(request, line_id=_line_id(line_id))
            return _answer(request, ok=True, message="The line was removed.")
        services.cart_line_quantity_set(
            request, line_id=_line_id(line_id), quantity=quantity
        )
    except CartError as error:
        return _answer(
            request, ok=False, message=error.message, status=error.http_status
        )
    return _answer(request, ok=True, message="The quantity was updated.")


@never_cache
@require_POST
def cart_line_remove(request: HttpRequest, line_id: str) -> HttpResponse:
    try:
        services.cart_line_remove(request, line_id=_line_id(line_id))
    except CartError as error:
        return _answer(
            request, ok=False, message=error.message, status=error.http_status
        )
    return _answer(request, ok=True, message="The line was removed.")


@never_cache
@require_POST
def cart_code_apply(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST)
    if not form.is_valid():
        return _answer(request, ok=False, message=_first_error(form))
    try:
        code = services.cart_code_apply(
            request,
            code=form.cleaned_data["code"],
            shop=shop_context_for_request(request),
        )
    except (DiscountCodeError, CartError) as error:
        return _answer(
            request, ok=False, message=error.message, status=error.http_status
        )
    return _answer(request, ok=True, message=f"The code {code} was applied.")


@never_cache
@require_POST
def cart_code_remove(request: HttpRequest) -> HttpResponse:
    code = request.POST.get("code", "")[:32]
    services.cart_code_remove(request, code=code)
    return _answer(
        request, ok=True, message=f"The code {code.strip().upper()} was removed."
    )


@never_cache
@require_http_methods(["GET", "POST"])
def cart_roster(request: HttpRequest, line_id: str) -> HttpResponse:
    """The roster of a line's design: one row per piece (size, name, number), typed
    or uploaded as CSV. Saving makes one line per size."""
    shop = shop_context_for_request(request)
    cart = services.cart_priced(request, shop=shop)
    line = cart.cart.line(_line_id(line_id))
    if line is None:
        messages.error(request, "That line is no longer in your cart.")
        return redirect("cart:detail")
    product = products_pricing_get([line.product_id or 0]).get(line.product_id or 0)
    if product is None:
        messages.error(request, "This product is no longer available.")
        return redirect("cart:detail")
    color = line.snapshot.get("color", "")
    sizes = [v.size for v in product.variants.values() if v.color == color]
    # The line's design: same product, color and print configuration.
    group_lines = [
        other
        for other in cart.cart.lines
        if other.product_id == line.product_id
        and other.snapshot.get("color") == color
        and other.configuration == line.configuration
    ]
    rows: list[dict] = []
    for other in group_lines:
        pieces = other.roster or [{"name": "", "number": ""}] * other.quantity
        rows.extend(
            {"size": other.snapshot.get("size", ""), **piece} for piece in pieces
        )
    row_errors: dict[int, str] = {}
    problem = ""
    if request.method == "POST":
        try:
            upload = request.FILES.get("csv")
            posted = (
                roster_rows_from_csv(upload)
                if upload
                else roster_rows_from_post(request.POST)
            )
        except RosterUploadError as error:
            posted, problem = None, str(error)
        if posted is not None:
            if "more" in request.POST:
                rows = posted + [{"size": "", "name": "", "number": ""}] * 10
                rows = rows[:MAX_ROSTER]
            else:
                try:
                    services.cart_roster_set(request, line_id=line.id, rows=posted)
                except services.RosterInvalid as error:
                    rows = posted
                    row_errors = {e.row: e.message for e in error.errors}
                    problem = f"{len(error.errors)} row{'s' if len(error.errors) != 1 else ''} need{'s' if len(error.errors) == 1 else ''} a change; nothing was saved."
                except CartError as error:
                    rows, problem = posted, error.message
                else:
                    messages.success(
                        request,
                        f"The roster of {product.title} has {len(posted)} pieces.",
                    )
                    return redirect("cart:detail")
    table = [
        {"index": i, **row, "error": row_errors.get(i, "")}
        for i, row in enumerate(rows, start=1)
    ]
    blanks = [
        {"index": len(table) + i, "size": "", "name": "", "number": "", "error": ""}
        for i in range(1, BLANK_ROSTER_ROWS + 1)
    ]
    return render(
        request,
        "cart/roster.html",
        {
            "line": line,
            "product": product,
            "color": color,
            "sizes": sizes,
            "rows": table + blanks,
            "problem": problem,
            "max_roster": MAX_ROSTER,
        },
        status=400 if problem else 200,
    )
