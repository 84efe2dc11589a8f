"""The cart re-quoted: every view prices it now, never from a client's numbers."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest

from shop.cart.services.base import _configuration, line_max
from shop.cart.stores import (
    CartData,
    CartLine,
    SessionCartStore,
    cart_store,
)
from shop.core.context import ShopContext
from shop.core.money import Money
from shop.pricing.engine import Quote, QuoteLine
from shop.pricing.services import (
    LineRequest,
    PricedQuote,
    quote,
)


def _line_request(line: CartLine) -> LineRequest:
    return LineRequest(
        key=line.id,
        product_id=line.product_id or 0,
        sku=line.sku,
        quantity=line.quantity,
        configuration=_configuration(line.configuration),
        roster=tuple(line.roster),
    )


def _customer_email(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    return user.email if user is not None and user.is_authenticated else ""


def _quote(
    cart: CartData, request: HttpRequest, shop: ShopContext, codes=None
) -> PricedQuote:
    return quote(
        [_line_request(line) for line in cart.lines],
        shop=shop,
        codes=cart.codes if codes is None else codes,
        customer_email=_customer_email(request),
    )


@dataclass(frozen=True)
class PricedLine:
    line: CartLine
    priced: QuoteLine | None  # None: the product or variant is gone

    @property
    def unit_then(self) -> Money:
        s = self.line.snapshot
        return Money.parse(s.get("unit_list", "0"), s.get("currency", "EUR"))

    @property
    def price_changed(self) -> bool:
        return self.priced is not None and self.priced.unit_list != self.unit_then

    @property
    def max_quantity(self) -> int:
        return line_max()


@dataclass(frozen=True)
class PricedCart:
    cart: CartData
    quote: Quote
    lines: tuple[PricedLine, ...]

    @property
    def count(self) -> int:
        return self.cart.count

    @property
    def has_unavailable(self) -> bool:
        return any(line.priced is None for line in self.lines)


def cart_priced(request: HttpRequest, *, shop: ShopContext) -> PricedCart:
    """The cart, re-quoted now. Codes that stopped applying stay listed with the
    reason (``quote.code_problems``) until the shopper removes them."""
    cart = cart_store(request).load()
    priced = _quote(cart, request, shop)
    return PricedCart(
        cart=cart,
        quote=priced.quote,
        lines=tuple(
            PricedLine(line, priced.quote.line(line.id)) for line in cart.lines
        ),
    )


def cart_count(request: HttpRequest) -> int:
    """Pieces in the visitor's cart, for the header."""
    if request.user.is_authenticated:
        from django.db.models import Sum

        from shop.orders.models import OrderItem

        return (
            OrderItem.objects.filter(
                order__user=request.user, order__status="pending"
            ).aggregate(n=Sum("quantity"))["n"]
            or 0
        )
    if (
        not request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        and not request.session.modified
    ):
        return 0
    return SessionCartStore(request).load().count
