"""Checkout: the cart with a shipping method priced as the final quote, and the
cart turned into an order awaiting payment.

``checkout_place`` is idempotent per checkout key (kept in the session while the
shopper reviews): a double submit or a retried request returns the first order.
The quote the shopper reviewed travels as a fingerprint; if prices changed since,
nothing is placed and the review page shows the new quote.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import uuid
from dataclasses import dataclass

from django.http import HttpRequest

from shop.cart.services import PricedCart, cart_priced
from shop.cart.stores import cart_store
from shop.checkout.models import ShippingMethod
from shop.core.address import PostalAddress
from shop.core.context import ShopContext
from shop.core.exceptions import ShopError
from shop.core.money import Money
from shop.orders.models import Order
from shop.orders.services import (
    OrderDraft,
    PlacedLine,
    order_by_checkout_key,
    order_place,
)
from shop.pricing.engine import Amounts


class CheckoutError(ShopError):
    code = "checkout_error"


class PricesChanged(CheckoutError):
    """The quote differs from the one the shopper reviewed."""

    code = "prices_changed"
    http_status = 409


@dataclass(frozen=True)
class CheckoutDetails:
    email: str
    billing: PostalAddress
    shipping: PostalAddress
    shipping_method: ShippingMethod
    payment_method: str


def shipping_methods_for(country: str = "") -> list[ShippingMethod]:
    methods = list(ShippingMethod.objects.filter(active=True))
    return [m for m in methods if not country or m.serves(country)]


def shop_with_shipping(shop: ShopContext, method: ShippingMethod) -> ShopContext:
    cost, free_from = method.costs(shop.shipping_cost, shop.free_shipping_from)
    return dataclasses.replace(shop, shipping_cost=cost, free_shipping_from=free_from)


def checkout_priced(
    request: HttpRequest, *, shop: ShopContext, method: ShippingMethod
) -> PricedCart:
    return cart_priced(request, shop=shop_with_shipping(shop, method))


def quote_fingerprint(priced: PricedCart) -> str:
    """What the shopper agreed to: every line's quantity and amount, every charge."""
    quote = priced.quote
    data = [
        quote.currency,
        str(quote.total.gross.amount),
        [
            (ln.key, ln.sku, ln.quantity, str(ln.amounts.gross.amount))
            for ln in quote.lines
        ],
        [(c.kind, c.label, str(c.amounts.gross.amount)) for c in quote.charges],
    ]
    return hashlib.sha256(json.dumps(data).encode()).hexdigest()[:32]


def checkout_problems(priced: PricedCart) -> list[str]:
    """Why this cart cannot be ordered as it is (empty when it can)."""
    problems = []
    if not priced.cart.lines:
        problems.append("Your cart is empty.")
    if priced.has_unavailable:
        problems.append("A product in your cart is no longer available; remove it.")
    for problem in priced.quote.code_problems:
        problems.append(f"{problem.message} Remove code {problem.code} in your cart.")
    return problems


def _amounts(amounts: Amounts) -> dict:
    return {
        "net": str(amounts.net.amount),
        "vat": str(amounts.vat.amount),
        "gross": str(amounts.gross.amount),
    }


def _quote_data(priced: PricedCart, shop: ShopContext, method: ShippingMethod) -> dict:
    quote = priced.quote
    return {
        "currency": quote.currency,
        "vat_rate": str(shop.vat_rate),
        "shipping_method": method.name,
        "charges": [
            {
                "kind": c.kind,
                "label": c.label,
                "code": c.code,
                **_amounts(c.amounts),
            }
            for c in quote.charges
        ],
        "goods": _amounts(quote.goods),
        "total": _amounts(quote.total),
    }


def checkout_place(
    request: HttpRequest,
    *,
    details: CheckoutDetails,
    checkout_key: uuid.UUID,
    fingerprint: str,
    shop: ShopContext,
) -> Order:
    """Place the visitor's cart as an order; see the module. Raises
    PricesChanged, CheckoutError, OutOfStockError or DiscountCodeError."""
    existing = order_by_checkout_key(checkout_key)
    if existing is not None:
        return existing
    priced = checkout_priced(request, shop=shop, method=details.shipping_method)
    problems = checkout_problems(priced)
    if problems:
        raise CheckoutError(" ".join(problems), code="cart_not_orderable")
    if quote_fingerprint(priced) != fingerprint:
        raise PricesChanged(
            "Prices changed since you opened this page: check the new total below "
            "and place the order again."
        )
    lines = []
    for item in priced.lines:
        line, quoted = item.line, item.priced
        lines.append(
            PlacedLine(
                line_id=line.id,
                product_id=line.product_id,
                sku=line.sku,
                quantity=line.quantity,
                configuration=line.configuration,
                roster=line.roster,
                snapshot={**line.snapshot, "unit_list": str(quoted.unit_list.amount)},
                unit_price=quoted.unit_price,
                net=quoted.amounts.net,
                vat=quoted.amounts.vat,
                gross=quoted.amounts.gross,
                adjustments=[
                    {"kind": a.kind, "label": a.label, "amount": str(a.amount.amount)}
                    for a in quoted.adjustments
                ],
                title=f"{line.snapshot.get('title', line.sku)} "
                f"({line.snapshot.get('color', '')}, {line.snapshot.get('size', '')})",
            )
        )
    quote = priced.quote
    codes = [
        (c.code, Money(-c.amounts.gross.amount, quote.currency))
        for c in quote.charges
        if c.kind == "code"
    ]
    user = request.user if request.user.is_authenticated else None
    order = order_place(
        OrderDraft(
            checkout_key=checkout_key,
            email=details.email,
            billing=details.billing,
            shipping=details.shipping,
            shipping_method=details.shipping_method.name,
            payment_method=details.payment_method,
            currency=quote.currency,
            vat_rate=shop.vat_rate,
            lines=lines,
            quote=_quote_data(priced, shop, details.shipping_method),
            total_net=quote.total.net,
            total_vat=quote.total.vat,
            total_gross=quote.total.gross,
            codes=codes,
            user=user,
        )
    )
    cart_store(request).clear()
    return order
