"""Cart changes: add, quantity, remove, roster, codes, merge on login.

Every change reads the cart from its store, checks it against the catalog (the
variant exists and is live, the configuration prices, the quantity fits 1..max and
the stock), and saves it back. Prices sent by a client are never read: lines hold
a snapshot made here, and every view re-quotes (``cart_priced``).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from pydantic import ValidationError

from shop.cart.exceptions import CartError
from shop.cart.stores import (
    CartData,
    CartLine,
    OrderCartStore,
    SessionCartStore,
    cart_store,
)
from shop.catalog.models import StockLevel
from shop.core.content_cache import content_memo, content_version
from shop.core.context import ShopContext
from shop.core.money import Money
from shop.core.schema import error_sentences
from shop.designer.models import DesignSnapshot
from shop.designer.schema import DesignDocument
from shop.designer.services import design_freeze
from shop.pricing.engine import Quote, QuoteLine, code_problem
from shop.pricing.exceptions import DiscountCodeError, PricingError
from shop.pricing.schema import Configuration, RosterPiece
from shop.pricing.selectors import ProductPricing, products_pricing_get
from shop.pricing.services import (
    LineRequest,
    PricedQuote,
    configuration_areas,
    design_group,
    quote,
)

THUMBNAIL_SPEC = "fill-160x160|format-webp"


def line_max() -> int:
    return settings.CART_LINE_MAX


def _configuration(data: dict | Configuration | None) -> Configuration:
    if isinstance(data, Configuration):
        return data
    try:
        return Configuration.model_validate(data or {})
    except ValidationError as error:
        raise CartError(
            " ".join(error_sentences(error, model=Configuration)),
            code="invalid_configuration",
        ) from None


def _line_request(line: CartLine) -> LineRequest:
    return LineRequest(
        key=line.id,
        product_id=line.product_id or 0,
        sku=line.sku,
        quantity=line.quantity,
        configuration=_configuration(line.configuration),
        roster=tuple(line.roster),
    )


def _stock(skus: Iterable[str]) -> dict[str, int]:
    return dict(
        StockLevel.objects.filter(sku__in=set(skus)).values_list("sku", "quantity")
    )


def _check_quantities(cart: CartData, product_titles: dict[str, str]) -> None:
    """Every line 1..max, and no SKU asked for more often than it is in stock."""
    wanted: dict[str, int] = defaultdict(int)
    for line in cart.lines:
        if not 1 <= line.quantity <= line_max():
            raise CartError(
                f"Choose a quantity from 1 to {line_max()}.", code="invalid_quantity"
            )
        wanted[line.sku] += line.quantity
    stock = _stock(wanted)
    for sku, quantity in wanted.items():
        have = stock.get(sku, 0)
        if quantity > have:
            name = product_titles.get(sku, sku)
            if have < 1:
                raise CartError(f"{name} is out of stock.", code="out_of_stock")
            raise CartError(
                f"Only {have} of {name} in stock; your cart would hold {quantity}.",
                code="insufficient_stock",
            )


def _thumbnail(image_id: int | None) -> str:
    if not image_id:
        return ""

    def load() -> str:
        from wagtail.images import get_image_model

        image = get_image_model().objects.filter(pk=image_id).first()
        return image.get_rendition(THUMBNAIL_SPEC).url if image else ""

    return content_memo(
        f"cart-thumb:{image_id}",
        content_version(stock=False),
        load,
        timeout=settings.CONTENT_FRAGMENT_SECONDS,
    )


def _design_configuration(
    product: ProductPricing, sku: str, configuration: Configuration
) -> Configuration:
    """A line that prints a frozen design prints what the design says: its print
    areas come from the snapshot, whatever a client sent beside it."""
    if not configuration.design:
        return configuration
    frozen = DesignSnapshot.objects.filter(pk=configuration.design).first()
    if (
        frozen is None
        or frozen.product_id != product.product_id
        or frozen.color != product.variants[sku].color
    ):
        raise CartError(
            "This design belongs to another product or color; open it in the "
            "designer again.",
            code="unknown_design",
        )
    return Configuration.model_validate(
        {**frozen.configuration, "design": frozen.digest}
    )


def _design_thumbnail(digest: str) -> tuple[str, bool]:
    """(preview URL, waiting for review) of a frozen design."""
    frozen = DesignSnapshot.objects.filter(pk=digest).select_related("review").first()
    if frozen is None:
        return "", False
    review = getattr(frozen, "review", None)
    url = f"/design/previews/{frozen.digest}.png" if frozen.preview else ""
    return url, review is not None


def _snapshot(product: ProductPricing, sku: str, configuration: Configuration) -> dict:
    variant = product.variants[sku]
    areas = configuration_areas(product, configuration)
    unit = variant.price
    breakdown = [["Product", str(variant.price.amount)]]
    for area in areas:
        unit = unit + area.price
        breakdown.append([area.label, str(area.price.amount)])
    thumbnail, flagged = (
        _design_thumbnail(configuration.design)
        if configuration.design
        else (_thumbnail(product.color_images.get(variant.color)), False)
    )
    return {
        "title": product.title,
        "url": product.url,
        "color": variant.color,
        "size": variant.size,
        "thumbnail": thumbnail,
        "design": configuration.design or "",
        "flagged": flagged,
        "unit_list": str(unit.rounded().amount),
        "breakdown": breakdown,
        "currency": unit.currency,
        "name_price": str(product.name_price.amount),
        "number_price": str(product.number_price.amount),
    }


def _product(product_id: int) -> ProductPricing:
    product = products_pricing_get([product_id]).get(product_id)
    if product is None:
        raise CartError("This product is not available.", code="unknown_product")
    return product


def variant_sku(product: ProductPricing, *, sku: str, color: str, size: str) -> str:
    """The SKU asked for, by itself or by color and size; a CartError if the product
    does not come in it."""
    if not sku:
        variant = product.variant_for(color, size)
        if variant is None:
            raise CartError(
                "Choose a color and a size that this product comes in.",
                code="unknown_variant",
            )
        sku = variant.sku
    if sku not in product.variants:
        raise CartError(
            "This product does not come in that variant.", code="unknown_variant"
        )
    return sku


def _new_line_id() -> str:
    return uuid.uuid4().hex[:16]


class _Change:
    """Load a cart for a change and save it afterwards (the user's order row
    locked meanwhile)."""

    def __init__(self, request: HttpRequest) -> None:
        self.store = cart_store(request)

    def __enter__(self) -> CartData:
        if isinstance(self.store, OrderCartStore):
            self._atomic = transaction.atomic()
            self._atomic.__enter__()
            self.cart = self.store.load(for_update=True)
        else:
            self._atomic = None
            self.cart = self.store.load()
        return self.cart

    def __exit__(self, kind, value, traceback) -> bool:
        try:
            if kind is None:
                self.store.save(self.cart)
        finally:
            if self._atomic is not None:
                self._atomic.__exit__(kind, value, traceback)
        return False


def _titles(cart: CartData) -> dict[str, str]:
    return {
        line.sku: f"{line.snapshot.get('title', line.sku)} ({line.snapshot.get('color', '')}, {line.snapshot.get('size', '')})"
        for line in cart.lines
    }


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


def _line_or_error(cart: CartData, line_id: str) -> CartLine:
    line = cart.line(line_id)
    if line is None:
        raise CartError("That line is no longer in your cart.", code="unknown_line")
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


def cart_merge_into_user(request: HttpRequest, user) -> None:
    """Move the anonymous session cart into the user's cart: the same variant
    with the same configuration and no roster adds up (capped at stock and the
    line maximum), other lines and codes join."""
    session_store = SessionCartStore(request)
    incoming = session_store.load()
    session_store.clear()
    # The session now belongs to a user: no cart expiry on it any more.
    request.session.set_expiry(None)
    if not incoming.lines and not incoming.codes:
        return
    store = OrderCartStore(user)
    with transaction.atomic():
        cart = store.load(for_update=True)
        for line in incoming.lines:
            same = next(
                (
                    mine
                    for mine in cart.lines
                    if mine.sku == line.sku
                    and mine.configuration == line.configuration
                    and not mine.roster
                    and not line.roster
                ),
                None,
            )
            if same is None:
                cart.lines.append(line)
            else:
                same.quantity += line.quantity
        for code in incoming.codes:
            if code not in cart.codes:
                cart.codes.append(code)
        stock = _stock(line.sku for line in cart.lines)
        for line in cart.lines:
            cap = min(line_max(), stock.get(line.sku, 0))
            if line.quantity > cap and not line.roster and cap >= 1:
                line.quantity = cap
        store.save(cart)
