"""Discount codes on the cart: checked by a quote before they are kept."""

from __future__ import annotations

from django.http import HttpRequest

from shop.cart.services.base import _Change
from shop.cart.services.priced import _quote
from shop.core.context import ShopContext
from shop.pricing.engine import code_problem
from shop.pricing.exceptions import DiscountCodeError


def cart_code_apply(request: HttpRequest, *, code: str, shop: ShopContext) -> str:
    """Apply a discount code; a DiscountCodeError says why it cannot be used."""
    code = (code or "").strip().upper()
    if not code or len(code) > 32:
        raise DiscountCodeError(
            code_problem(code[:32] or "?", "unknown").message, code="unknown"
        )
    with _Change(request) as cart:
        if code in cart.codes:
            raise DiscountCodeError(
                code_problem(code, "already_applied").message, code="already_applied"
            )
        priced = _quote(cart, request, shop, codes=[*cart.codes, code])
        problem = next((p for p in priced.quote.code_problems if p.code == code), None)
        if problem is not None:
            raise DiscountCodeError(problem.message, code=problem.problem)
        cart.codes.append(code)
    return code


def cart_code_remove(request: HttpRequest, *, code: str) -> None:
    code = (code or "").strip().upper()
    with _Change(request) as cart:
        cart.codes = [c for c in cart.codes if c != code]
