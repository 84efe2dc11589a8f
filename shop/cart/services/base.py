"""What every cart change needs: the cart loaded and saved under a lock, the
product and variant checked against the catalog, the line snapshot, quantities
checked against the line maximum and the stock.

The helpers with a leading underscore are for the modules of this package only.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from pydantic import ValidationError

from shop.cart.exceptions import CartError
from shop.cart.stores import (
    CartData,
    CartLine,
    OrderCartStore,
    cart_store,
)
from shop.catalog.models import StockLevel
from shop.core.content_cache import content_memo, content_version
from shop.core.schema import error_sentences
from shop.designer.models import DesignSnapshot
from shop.pricing.schema import Configuration
from shop.pricing.selectors import ProductPricing, products_pricing_get
from shop.pricing.services import (
    configuration_areas,
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


def _line_or_error(cart: CartData, line_id: str) -> CartLine:
    line = cart.line(line_id)
    if line is None:
        raise CartError("That line is no longer in your cart.", code="unknown_line")
    return line
