"""Checkout pages: details (contact, addresses, shipping and payment method),
review (the final quote and the terms), then the provider's payment page, and the
order page the shopper returns to."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.models import Page

from shop.accounts.selectors import address_list_for_user
from shop.catalog.exceptions import OutOfStockError
from shop.checkout.forms import DetailsForm, ReviewForm
from shop.checkout.models import ShippingMethod
from shop.checkout.services import (
    CheckoutDetails,
    CheckoutError,
    PricesChanged,
    checkout_place,
    checkout_priced,
    checkout_problems,
    quote_fingerprint,
    shipping_methods_for,
)
from shop.core.address import PostalAddress
from shop.core.selectors import shop_context_for_request
from shop.orders.models import Order
from shop.orders.services import order_by_checkout_key
from shop.payments.gateway import GatewayError, payment_methods_get
from shop.payments.services import PaymentError, order_payment_refresh, payment_start
from shop.pricing.exceptions import DiscountCodeError

SESSION_KEY = "checkout"


def _payment_urls(order: Order) -> dict:
    """Where the provider sends the shopper back and calls the webhook: the shop's
    public address, never the request's Host header."""
    base = settings.SHOP_BASE_URL
    return {
        "redirect_url": base + reverse("checkout:order", args=[order.token]),
        "webhook_url": base + reverse("payments:webhook"),
    }


def _legal_links() -> dict[str, str]:
    pages = Page.objects.live().filter(slug__in=["terms", "privacy"])
    return {page.slug: page.url for page in pages}


def _details_initial(request: HttpRequest, addresses) -> dict:
    saved = request.session.get(SESSION_KEY) or {}
    initial = {
        "email": saved.get("email")
        or (request.user.email if request.user.is_authenticated else ""),
        "ship_to_billing": saved.get("ship_to_billing", True),
        "shipping_method": saved.get("shipping_method", ""),
        "payment_method": saved.get("payment_method", ""),
        "billing": saved.get("billing_typed"),
        "shipping": saved.get("shipping_typed"),
    }
    billing = next((a for a in addresses if a.is_default_billing), None)
    shipping = next((a for a in addresses if a.is_default_shipping), None)
    if billing is not None:
        initial["billing_choice"] = str(billing.pk)
    if shipping is not None:
        initial["shipping_choice"] = str(shipping.pk)
        if billing is not None and shipping.pk != billing.pk:
            initial["ship_to_billing"] = saved.get("ship_to_billing", False)
    return initial


@never_cache
@require_http_methods(["GET", "POST"])
def checkout_details(request: HttpRequest) -> HttpResponse:
    shop = shop_context_for_request(request)
    methods = shipping_methods_for()
    if not methods:
        messages.error(request, "Checkout is closed: no shipping method is set up.")
        return redirect("cart:detail")
    priced = checkout_priced(request, shop=shop, method=methods[0])
    problems = checkout_problems(priced)
    if problems:
        for problem in problems:
            messages.error(request, problem)
        return redirect("cart:detail")
    addresses = (
        list(address_list_for_user(user=request.user))
        if request.user.is_authenticated
        else []
    )
    form_kwargs = {
        "addresses": addresses,
        "shipping_methods": methods,
        "payment_methods": payment_methods_get(priced.quote.total.gross),
    }
    if request.method == "POST":
        form = DetailsForm(request.POST, **form_kwargs)
        if form.is_valid():
            request.session[SESSION_KEY] = {
                "email": form.cleaned_data["email"],
                "billing": form.billing_address.as_dict(),
                "shipping": form.shipping_address.as_dict(),
                "ship_to_billing": form.cleaned_data["ship_to_billing"],
                "shipping_method": form.cleaned_data["shipping_method"],
                "payment_method": form.cleaned_data["payment_method"],
                "billing_typed": form.billing.cleaned_data
                if form.billing.is_bound and form.billing.is_valid()
                else None,
                "shipping_typed": form.shipping.cleaned_data
                if form.shipping.is_bound and form.shipping.is_valid()
                else None,
                "key": str(uuid.uuid4()),
            }
            return redirect("checkout:review")
    else:
        form = DetailsForm(initial=_details_initial(request, addresses), **form_kwargs)
    return render(
        request,
        "checkout/details.html",
        {"form": form, "cart": priced, "step": "details"},
    )


def _details_from_session(request: HttpRequest) -> CheckoutDetails | None:
    saved = request.session.get(SESSION_KEY)
    if not isinstance(saved, dict) or "key" not in saved:
        return None
    method = ShippingMethod.objects.filter(
        pk=saved.get("shipping_method") or 0, active=True
    ).first()
    if method is None:
        return None
    try:
        return CheckoutDetails(
            email=saved["email"],
            billing=PostalAddress(**saved["billing"]),
            shipping=PostalAddress(**saved["shipping"]),
            shipping_method=method,
            payment_method=saved["payment_method"],
        )
    except (KeyError, TypeError):
        return None


@never_cache
@require_http_methods(["GET", "POST"])
def checkout_review(request: HttpRequest) -> HttpResponse:
    shop = shop_context_for_request(request)
    if request.method == "POST":
        # A double submit or a retry after the order was placed: its payment.
        placed = _placed_order(request.POST.get("checkout_key", ""))
        if placed is not None:
            return _to_payment(request, placed)
    details = _details_from_session(request)
    if details is None:
        return redirect("checkout:details")
    key = request.session[SESSION_KEY]["key"]
    error = ""
    form = None
    if request.method == "POST":
        form = ReviewForm(request.POST)
        if form.is_valid():
            try:
                order = checkout_place(
                    request,
                    details=details,
                    checkout_key=form.cleaned_data["checkout_key"],
                    fingerprint=form.cleaned_data["fingerprint"],
                    shop=shop,
                )
            except PricesChanged as changed:
                error = changed.message
                form = None
            except (CheckoutError, OutOfStockError, DiscountCodeError) as problem:
                messages.error(request, problem.message)
                return redirect("cart:detail")
            else:
                request.session.pop(SESSION_KEY, None)
                return _to_payment(request, order)
    priced = checkout_priced(request, shop=shop, method=details.shipping_method)
    if not priced.cart.lines:
        return redirect("cart:detail")
    fingerprint = quote_fingerprint(priced)
    if form is None:
        form = ReviewForm(initial={"checkout_key": key, "fingerprint": fingerprint})
    else:
        # Errors re-render with the current quote (the key stays the same).
        form.data = form.data.copy()
        form.data["fingerprint"] = fingerprint
    methods = {
        m.id: m.description for m in payment_methods_get(priced.quote.total.gross)
    }
    return render(
        request,
        "checkout/review.html",
        {
            "form": form,
            "cart": priced,
            "details": details,
            "payment_label": methods.get(
                details.payment_method, details.payment_method
            ),
            "price_error": error,
            "legal": _legal_links(),
            "step": "review",
        },
        status=409 if error else 200,
    )


def _placed_order(key: str) -> Order | None:
    try:
        return order_by_checkout_key(uuid.UUID(key))
    except ValueError:
        return None


def _to_payment(request: HttpRequest, order: Order) -> HttpResponse:
    try:
        payment = payment_start(order.pk, **_payment_urls(order))
    except (GatewayError, PaymentError) as problem:
        messages.error(request, problem.message)
        return redirect("checkout:order", token=order.token)
    return redirect(payment.checkout_url)


@never_cache
def checkout_order(request: HttpRequest, token: uuid.UUID) -> HttpResponse:
    """Where the provider sends the shopper back: the order and its payment state
    (asked from the provider, since the webhook may not have arrived yet)."""
    order = get_object_or_404(Order.objects.exclude(status="pending"), token=token)
    order = order_payment_refresh(order)
    latest = order.payments.order_by("-pk").first()
    return render(
        request,
        "checkout/order.html",
        {
            "order": order,
            "items": order.items.all(),
            "payment": latest,
            "may_pay": order.status == Order.Status.AWAITING_PAYMENT,
        },
    )


@require_POST
def checkout_pay(request: HttpRequest, token: uuid.UUID) -> HttpResponse:
    """Pay (again) for an order awaiting payment: after a failed or canceled
    payment, or when the provider could not be reached before."""
    order = get_object_or_404(Order, token=token)
    if order.status != Order.Status.AWAITING_PAYMENT:
        messages.info(request, "This order does not wait for a payment any more.")
        return redirect("checkout:order", token=order.token)
    return _to_payment(request, order)
