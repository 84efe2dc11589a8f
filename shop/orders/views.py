"""The buyer's orders in their account: the list, one order with its state and
tracking, and confirming delivery."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from shop.orders.exceptions import OrderTransitionError
from shop.orders.models import Order
from shop.orders.services import delivery_may_be_confirmed, order_confirm_delivery

NUMBER_MAX = 20


def _own_order(request: HttpRequest, number: str) -> Order:
    if len(number) > NUMBER_MAX:
        raise Http404
    order = (
        Order.objects.filter(user=request.user, number=number)
        .exclude(status=Order.Status.PENDING)
        .first()
    )
    if order is None:
        raise Http404
    return order


@never_cache
@login_required
@require_safe
def order_list(request: HttpRequest) -> HttpResponse:
    orders = (
        Order.objects.filter(user=request.user)
        .exclude(status=Order.Status.PENDING)
        .order_by("-placed_at", "-pk")[:200]
    )
    return render(request, "orders/order_list.html", {"orders": orders})


@never_cache
@login_required
@require_safe
def order_detail(request: HttpRequest, number: str) -> HttpResponse:
    order = _own_order(request, number)
    return render(
        request,
        "orders/order_detail.html",
        {
            "order": order,
            "items": order.items.all(),
            "may_confirm": delivery_may_be_confirmed(order),
        },
    )


@login_required
@require_POST
def order_delivered(request: HttpRequest, number: str) -> HttpResponse:
    order = _own_order(request, number)
    try:
        order_confirm_delivery(order_id=order.pk, user=request.user)
    except OrderTransitionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Thank you: your order is marked as delivered.")
    return redirect("orders:detail", number=order.number)
