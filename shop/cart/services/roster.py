"""Team orders: a design's roster (size, name, number per piece) as one line per
size."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.http import HttpRequest
from pydantic import ValidationError

from shop.cart.exceptions import CartError
from shop.cart.services.base import (
    _Change,
    _check_quantities,
    _configuration,
    _line_or_error,
    _new_line_id,
    _product,
    _snapshot,
    _titles,
)
from shop.cart.stores import (
    CartLine,
)
from shop.core.schema import error_sentences
from shop.pricing.schema import RosterPiece
from shop.pricing.selectors import ProductPricing
from shop.pricing.services import (
    design_group,
)


@dataclass(frozen=True)
class RosterRowError:
    row: int  # 1-based, as the shopper counts
    message: str


def roster_rows_check(
    product: ProductPricing, color: str, rows: Sequence[dict]
) -> tuple[list[RosterPiece], list[RosterRowError]]:
    """Rows (size, name, number) as pieces; one located error per bad row."""
    pieces: list[RosterPiece] = []
    errors: list[RosterRowError] = []
    sizes = [v.size for v in product.variants.values() if v.color == color]
    for number, row in enumerate(rows, start=1):
        try:
            piece = RosterPiece.model_validate(row)
        except ValidationError as error:
            errors.append(
                RosterRowError(
                    number, " ".join(error_sentences(error, model=RosterPiece))
                )
            )
            continue
        if piece.size not in sizes:
            errors.append(
                RosterRowError(
                    number,
                    f"“{piece.size}” is not a size of {product.title} in {color}; "
                    f"use one of {', '.join(sizes)}.",
                )
            )
            continue
        pieces.append(piece)
    return pieces, errors


def cart_roster_set(
    request: HttpRequest, *, line_id: str, rows: Sequence[dict]
) -> list[RosterRowError]:
    """Replace the roster of a line's design (same product, color, configuration):
    the pieces become one line per size. Nothing is stored when a row is wrong."""
    with _Change(request) as cart:
        line = _line_or_error(cart, line_id)
        product = _product(line.product_id or 0)
        color = line.snapshot.get("color", "")
        configuration = _configuration(line.configuration)
        group = design_group(product.product_id, color, configuration)
        pieces, errors = roster_rows_check(product, color, rows)
        if not errors and not pieces:
            errors = [RosterRowError(1, "Add at least one piece (a size on a row).")]
        if errors:
            raise RosterInvalid(errors)
        in_group = [
            other
            for other in cart.lines
            if other.product_id == product.product_id
            and other.snapshot.get("color") == color
            and design_group(
                other.product_id, color, _configuration(other.configuration)
            )
            == group
        ]
        by_size: dict[str, list[dict]] = defaultdict(list)
        for piece in pieces:
            by_size[piece.size].append({"name": piece.name, "number": piece.number})
        first_index = cart.lines.index(in_group[0])
        rest = [other for other in cart.lines if other not in in_group]
        new_lines = []
        for size, roster in by_size.items():
            variant = product.variant_for(color, size)
            new_lines.append(
                CartLine(
                    id=_new_line_id(),
                    product_id=product.product_id,
                    sku=variant.sku,
                    quantity=len(roster),
                    configuration=configuration.as_data(),
                    roster=roster,
                    snapshot=_snapshot(product, variant.sku, configuration),
                )
            )
        order = {v.size: i for i, v in enumerate(product.variants.values())}
        new_lines.sort(key=lambda ln: order.get(ln.snapshot["size"], 0))
        cart.lines = [*rest[:first_index], *new_lines, *rest[first_index:]]
        _check_quantities(cart, _titles(cart))
    return []


class RosterInvalid(CartError):
    code = "invalid_roster"

    def __init__(self, errors: list[RosterRowError]) -> None:
        super().__init__(
            "; ".join(f"Row {e.row}: {e.message}" for e in errors[:20]),
            code="invalid_roster",
        )
        self.errors = errors
