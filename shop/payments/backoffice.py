"""The orders backoffice in the Wagtail admin (Fulfilment): the order list with
filters and search, one order with everything about it, and the actions, each
through the services (``shop.orders.services``, ``shop.payments.services``).

It lives with payments because refunds and cancellations of paid orders go through
the gateway; the order states themselves belong to ``shop.orders``.
"""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from shop.core.forms import PriceField
from shop.core.money import Money
from shop.core.text import validate_safe_text
from shop.orders.exceptions import OrderError
from shop.orders.models import Order
from shop.orders.services import order_production_start, order_transition
from shop.payments.gateway import GatewayError
from shop.payments.models import Payment, PaymentEvent
from shop.payments.services import PaymentError, order_cancel, refund_create

VIEW = "orders.view_order"
FULFIL = "orders.fulfil_order"
REFUND = "payments.add_refund"
PER_PAGE = 50
S = Order.Status


class OrderFilterForm(forms.Form):
    q = forms.CharField(
        label="Search",
        required=False,
        max_length=100,
        validators=[validate_safe_text],
        help_text="Order number, e-mail or name",
    )
    status = forms.ChoiceField(
        required=False,
        choices=[("", "Every state"), *[c for c in S.choices if c[0] != S.PENDING]],
    )
    method = forms.CharField(
        label="Payment method",
        required=False,
        max_length=40,
        validators=[validate_safe_text],
    )
    placed_from = forms.DateField(
        label="Placed from",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    placed_to = forms.DateField(
        label="Placed until",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=100_000)


def _orders(form: OrderFilterForm):
    orders = Order.objects.exclude(status=S.PENDING).order_by("-placed_at", "-pk")
    if not form.is_valid():
        return orders.none()
    data = form.cleaned_data
    if data["q"]:
        q = data["q"].strip()
        orders = orders.filter(
            Q(number__icontains=q)
            | Q(email__icontains=q)
            | Q(shipping_address__full_name__icontains=q)
            | Q(billing_address__full_name__icontains=q)
        )
    if data["status"]:
        orders = orders.filter(status=data["status"])
    if data["method"]:
        orders = orders.filter(payment_method=data["method"])
    if data["placed_from"]:
        orders = orders.filter(placed_at__date__gte=data["placed_from"])
    if data["placed_to"]:
        orders = orders.filter(placed_at__date__lte=data["placed_to"])
    return orders


def order_index(request):
    if not request.user.has_perm(VIEW):
        raise PermissionDenied
    form = OrderFilterForm(request.GET or None)
    orders = _orders(form) if request.GET else _orders(OrderFilterForm({}))
    page_number = (
        form.cleaned_data.get("page") if form.is_bound and form.is_valid() else None
    )
    page = Paginator(orders, PER_PAGE).get_page(page_number or 1)
    methods = (
        Order.objects.exclude(payment_method="")
        .values_list("payment_method", flat=True)
        .distinct()
        .order_by("payment_method")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return TemplateResponse(
        request,
        "payments/admin/order_index.html",
        {
            "form": form,
            "page": page,
            "methods": list(methods),
            "query": query.urlencode(),
            "page_title": "Orders",
            "header_icon": "list-ul",
        },
    )


class ShipForm(forms.Form):
    carrier = forms.CharField(
        required=False, max_length=60, validators=[validate_safe_text]
    )
    tracking_number = forms.CharField(
        required=False, max_length=80, validators=[validate_safe_text]
    )


class RefundForm(forms.Form):
    amount = PriceField()
    reason = forms.CharField(
        required=False, max_length=255, validators=[validate_safe_text]
    )
    request_key = forms.UUIDField(widget=forms.HiddenInput)


class NoteForm(forms.Form):
    note = forms.CharField(
        required=False, max_length=500, validators=[validate_safe_text]
    )
    request_key = forms.UUIDField(required=False, widget=forms.HiddenInput)


def order_inspect(request, pk: int):
    if not request.user.has_perm(VIEW):
        raise PermissionDenied
    order = get_object_or_404(Order.objects.exclude(status=S.PENDING), pk=pk)
    payments = list(Payment.objects.filter(order=order).prefetch_related("refunds"))
    paid = next(
        (p for p in reversed(payments) if p.status == Payment.Status.PAID), None
    )
    key = str(uuid.uuid4())
    return TemplateResponse(
        request,
        "payments/admin/order_inspect.html",
        {
            "order": order,
            "items": order.items.all(),
            "payments": payments,
            "payment_events": PaymentEvent.objects.filter(payment__order=order)
            .select_related("payment", "actor")
            .order_by("created_at", "pk"),
            "events": order.events.select_related("actor"),
            "may_fulfil": request.user.has_perm(FULFIL),
            "may_refund": request.user.has_perm(REFUND) and paid is not None,
            "refundable": paid.refundable if paid else None,
            "ship_form": ShipForm(),
            "refund_form": RefundForm(
                initial={
                    "request_key": key,
                    "amount": paid.refundable.amount if paid else None,
                }
            ),
            "cancel_key": key,
            "can": {
                "production": order.status in (S.PAID, S.PARTIALLY_REFUNDED)
                and order.shipped_at is None,
                "ship": order.status == S.IN_PRODUCTION
                or (order.status == S.PARTIALLY_REFUNDED and order.shipped_at is None),
                "cancel": order.status in (S.AWAITING_PAYMENT, S.PAID, S.IN_PRODUCTION),
            },
            "page_title": f"Order {order.number}",
            "header_icon": "list-ul",
        },
    )


def _first_error(form) -> str:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        return f"{label or field}: {errors[0]}" if field != "__all__" else errors[0]
    return "Check the form."


def _production(user, order: Order, data: dict) -> str:
    order_production_start(order_id=order.pk, actor=user)
    return f"Order {order.number} is in production."


def _ship(user, order: Order, data: dict) -> str:
    order_transition(
        order.pk,
        S.SHIPPED,
        actor=user,
        actor_label="staff",
        carrier=data["carrier"].strip(),
        tracking_number=data["tracking_number"].strip(),
    )
    return f"Order {order.number} is shipped."


def _refund(user, order: Order, data: dict) -> str:
    refund = refund_create(
        order_id=order.pk,
        amount=Money(data["amount"], order.currency),
        reason=data["reason"].strip(),
        actor=user,
        request_key=str(data["request_key"]),
    )
    return f"Refunded {refund.money}."


def _cancel(user, order: Order, data: dict) -> str:
    order_cancel(
        order_id=order.pk,
        actor=user,
        note=data["note"].strip(),
        request_key=str(data["request_key"] or uuid.uuid4()),
    )
    return f"Order {order.number} is canceled."


# action -> (its form, the permission it needs, what it does)
ACTIONS = {
    "production": (None, FULFIL, _production),
    "ship": (ShipForm, FULFIL, _ship),
    "refund": (RefundForm, REFUND, _refund),
    "cancel": (NoteForm, FULFIL, _cancel),
}


@require_POST
def order_action(request, pk: int, action: str):
    if action not in ACTIONS:
        raise PermissionDenied
    form_class, permission, perform = ACTIONS[action]
    if not request.user.has_perm(permission):
        raise PermissionDenied
    order = get_object_or_404(Order.objects.exclude(status=S.PENDING), pk=pk)
    data: dict = {}
    if form_class is not None:
        form = form_class(request.POST)
        if not form.is_valid():
            messages.error(request, _first_error(form))
            return redirect("orders_admin_inspect", pk=order.pk)
        data = form.cleaned_data
    try:
        messages.success(request, perform(request.user, order, data))
    except (OrderError, PaymentError, GatewayError) as error:
        messages.error(request, error.message)
    return redirect("orders_admin_inspect", pk=order.pk)
