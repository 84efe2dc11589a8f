"""Lines: add a variant or a frozen design, change a quantity, remove a line."""

from __future__ import annotations

from collections.abc import Sequence

from django.http import HttpRequest

from shop.cart.exceptions import CartError
from shop.cart.services.base import (
    _Change,
    _check_quantities,
    _configuration,
    _design_configuration,
    _line_or_error,
    _new_line_id,
    _product,
    _snapshot,
    _titles,
    line_max,
    variant_sku,
)
from shop.cart.services.roster import RosterInvalid, cart_roster_set, roster_rows_check
from shop.cart.stores import (
    CartLine,
)
from shop.designer.schema import DesignDocument
from shop.designer.services import design_freeze
from shop.pricing.exceptions import PricingError
from shop.pricing.schema import Configuration


def cart_add(
    request: HttpRequest,
    *,
    product_id: int,
    sku: str = "",
    color: str = "",
    size: str = "",
    quantity: int = 1,
    configuration: dict | Configuration | None = None,
) -> CartLine:
    """Add a variant (by SKU, or by color and size) to the cart.

    The same variant with the same configuration (and no roster) adds up on one
    line; anything else is a new line.
    """
    product = _product(product_id)
    sku = variant_sku(product, sku=sku, color=color, size=size)
    configuration = _design_configuration(product, sku, _configuration(configuration))
    try:
        snapshot = _snapshot(product, sku, configuration)
    except PricingError as error:
        raise CartError(error.message, code=error.code) from None
    if not isinstance(quantity, int) or isinstance(quantity, bool):
        raise CartError(
            f"Choose a quantity from 1 to {line_max()}.", code="invalid_quantity"
        )
    with _Change(request) as cart:
        data = configuration.as_data()
        line = next(
            (
                line
                for line in cart.lines
                if line.sku == sku and line.configuration == data and not line.roster
            ),
            None,
        )
        if line is None:
            line = CartLine(
                id=_new_line_id(),
                product_id=product.product_id,
                sku=sku,
                quantity=quantity,
                configuration=data,
                snapshot=snapshot,
            )
            cart.lines.append(line)
        else:
            line.quantity += quantity
        titles = _titles(cart)
        titles[sku] = f"{product.title} ({snapshot['color']}, {snapshot['size']})"
        _check_quantities(cart, titles)
    return line


def cart_add_design(
    request: HttpRequest,
    *,
    product_id: int,
    color: str,
    size: str,
    quantity: int,
    document: DesignDocument,
    roster: Sequence[dict] = (),
) -> CartLine:
    """Freeze a design (checked, print quality gated, flagged for review when its
    text matches the word list) and add it: one line, or with a roster one line
    per size."""
    frozen, checked = design_freeze(
        request, product_id=product_id, color=color, document=document
    )
    configuration = Configuration(
        areas=checked.configuration.areas, design=frozen.digest
    )
    if not roster:
        return cart_add(
            request,
            product_id=product_id,
            color=color,
            size=size,
            quantity=quantity,
            configuration=configuration,
        )
    product = _product(product_id)
    pieces, errors = roster_rows_check(product, color, roster)
    if errors:
        raise RosterInvalid(errors)
    line = cart_add(
        request,
        product_id=product_id,
        color=color,
        size=pieces[0].size,
        quantity=1,
        configuration=configuration,
    )
    # The roster replaces the design's lines with one line per size.
    cart_roster_set(request, line_id=line.id, rows=[p.model_dump() for p in pieces])
    return line


def cart_line_quantity_set(
    request: HttpRequest, *, line_id: str, quantity: int
) -> None:
    """Change a line's quantity; a roster line gains blank pieces or loses its
    trailing blank ones (named pieces are removed in the roster editor)."""
    with _Change(request) as cart:
        line = _line_or_error(cart, line_id)
        if line.roster:
            if quantity > len(line.roster):
                line.roster = [
                    *line.roster,
                    *(
                        {"name": "", "number": ""}
                        for _ in range(quantity - len(line.roster))
                    ),
                ]
            else:
                extra = line.roster[quantity:]
                if any(p.get("name") or p.get("number") for p in extra):
                    raise CartError(
                        "Some of those pieces have a name or number: remove them in the roster.",
                        code="roster_pieces_named",
                    )
                line.roster = line.roster[:quantity]
        line.quantity = quantity
        _check_quantities(cart, _titles(cart))


def cart_line_remove(request: HttpRequest, *, line_id: str) -> None:
    with _Change(request) as cart:
        _line_or_error(cart, line_id)
        cart.lines = [line for line in cart.lines if line.id != line_id]
        if not cart.lines:
            cart.codes = []
