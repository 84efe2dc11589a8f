"""Catalog writes: variant generation, stock levels."""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.images import get_image_model

from shop.catalog.exceptions import OutOfStockError, StockError
from shop.catalog.models import STOCK_MAX, ProductPage, ProductVariant, StockLevel
from shop.catalog.selectors import product_options_get, variants_with_options
from shop.core.content_cache import content_changed, stock_changed


def _sku_part(text: str, length: int) -> str:
    """``text`` in capital letters, digits and dashes, at most ``length`` long.

    A name written without any of them (Cyrillic, Greek, symbols: "Чёрный", "★")
    gets a short code of its own instead: the same name always gives the same code.
    """
    part = re.sub(r"[^A-Z0-9]+", "-", text.upper()).strip("-")[:length].strip("-")
    return part or hashlib.sha1(text.encode()).hexdigest()[:6].upper()


class _ReservedExcept:
    """``reserved`` without ``these``, as a view (no copy)."""

    def __init__(self, reserved: set[str], these: set[str]) -> None:
        self.reserved = reserved
        self.these = these

    def __contains__(self, sku: str) -> bool:
        return sku in self.reserved and sku not in self.these


def reserved_except(reserved: set[str], these: set[str]) -> _ReservedExcept:
    return _ReservedExcept(reserved, these)


def sku_generate(*, product: ProductPage, color: str, size: str, taken) -> str:
    """A readable SKU such as CLASSIC-TEE-BLACK-XL, unique against ``taken``."""
    base = "-".join(
        (
            _sku_part(product.slug, 30),
            _sku_part(color, 16),
            _sku_part(size, 8),
        )
    )
    candidate, counter = base, 2
    while (
        candidate in taken
        or ProductVariant.objects.filter(sku=candidate)
        .exclude(page_id=product.pk)
        .exists()
    ):
        candidate = f"{base}-{counter}"
        counter += 1
    return candidate


def _option_names(rows: Iterable) -> list[str]:
    """The non-blank names of color or size rows, in the editor's order."""
    ordered = sorted(rows, key=lambda row: row.sort_order or 0)
    return [row.name for row in ordered if row.name and row.name.strip()]


class _TakenSkus:
    """The product's own SKUs plus ``reserved``, without copying ``reserved`` (an
    import reserves every SKU of its file: copying it per product is quadratic)."""

    def __init__(self, own: set[str], reserved) -> None:
        self.own = own
        self.reserved = reserved

    def __contains__(self, sku: str) -> bool:
        return sku in self.own or sku in self.reserved

    def add(self, sku: str) -> None:
        self.own.add(sku)


def product_fill_variants(
    *, product: ProductPage, reserved: Iterable[str] = ()
) -> list[ProductVariant]:
    """Add a variant for each color x size combination the product lacks.

    Works on the in-memory cluster (the page editor's unsaved state), so the new rows
    are saved with the page or its revision. New variants get the base price. Rows
    without a name make no combination. ``reserved`` SKUs are avoided too (an
    import's SKUs of products not saved yet).
    """
    variants = list(product.variants.all())
    existing = {(v.color, v.size) for v in variants}
    own = {v.sku for v in variants}
    if not isinstance(reserved, set | frozenset | _ReservedExcept):
        reserved = set(reserved)
    taken = _TakenSkus(own, reserved)
    # Rows added in code get no sort order from the editor's formset: append them.
    next_order = 1 + max((v.sort_order or 0 for v in variants), default=-1)
    added = []
    for color in _option_names(product.colors.all()):
        for size in _option_names(product.sizes.all()):
            if (color, size) in existing:
                continue
            sku = sku_generate(product=product, color=color, size=size, taken=taken)
            taken.add(sku)
            added.append(
                ProductVariant(
                    color=color,
                    size=size,
                    sku=sku,
                    price_amount=product.base_price_amount,
                    sort_order=next_order + len(added),
                )
            )
    if added:
        product.variants.add(*added)
    return added


@dataclass(frozen=True, slots=True)
class VariantSync:
    added: list[ProductVariant]
    removed: list[ProductVariant]


def product_variants_sync(*, product: ProductPage) -> VariantSync:
    """Make the variants match the product's named colors x sizes, in memory.

    Variants whose color or size the product no longer has are removed: they were
    made for a deleted or renamed option (or, before this existed, by an autosave of
    a half-typed name), and no editor can act on them. Orders keep their own
    snapshot of the SKU, and the SKU's stock row stays. Variants the editor added
    without a SKU get one, then every missing combination is added
    (``product_fill_variants``). The caller saves the page or
    its revision; nothing is written here.
    """
    variants = list(product.variants.all())
    kept = {
        id(v)
        for v in variants_with_options(
            variants=variants, colors=product.colors.all(), sizes=product.sizes.all()
        )
    }
    removed = [v for v in variants if id(v) not in kept]
    if removed:
        product.variants.remove(*removed)
    # A combination the editor added (a new cell of the variant table) has no SKU.
    taken = {v.sku for v in variants if v.sku}
    for variant in variants:
        if id(variant) in kept and not variant.sku:
            variant.sku = sku_generate(
                product=product, color=variant.color, size=variant.size, taken=taken
            )
            taken.add(variant.sku)
    return VariantSync(added=product_fill_variants(product=product), removed=removed)


@transaction.atomic
def product_copy_variants(
    *, source: ProductPage, copy: ProductPage, user=None
) -> list[ProductVariant]:
    """Give a copied product the variants of its source: own SKUs, same prices.

    Wagtail's copy leaves the variants out (SKUs are unique shop-wide, and its
    copied revisions would carry the source's). The copy gets a variant for each of
    its color x size combinations, the SKU made from its own slug, at the source's
    price for that combination. A live copy (the editor ticked "Publish copies") is
    published again with them, so it is not sold out and its SKUs get stock rows; a
    draft copy keeps them in its draft.
    """
    copy = ProductPage.objects.get(pk=copy.pk)
    prices = {
        (v.color, v.size): v.price_amount
        for v in product_options_get(product=source).variants
    }
    added = product_fill_variants(product=copy)
    for variant in added:
        variant.price_amount = prices.get(
            (variant.color, variant.size), variant.price_amount
        )
    if not added:
        return added
    if copy.live:
        copy.save_revision(user=user, log_action=False).publish(user=user)
    else:
        copy.save()
        copy.save_revision(user=user, log_action=False)
    return added


@transaction.atomic
def stock_ensure_rows(*, skus: list[str]) -> int:
    """Create a zero stock row for each SKU that has none; returns how many."""
    existing = set(
        StockLevel.objects.filter(sku__in=skus).values_list("sku", flat=True)
    )
    missing = [StockLevel(sku=sku, quantity=0) for sku in skus if sku not in existing]
    StockLevel.objects.bulk_create(missing, ignore_conflicts=True)
    if missing:
        content_changed()
    return len(missing)


def product_stock_ensure_rows(*, product: ProductPage) -> int:
    """Give every SKU of a live product a stock row (zero units) for staff to fill.

    Called when a product is published, never on a draft or an autosave: a draft's
    SKUs may still change, and a stock row is the shop's promise that the SKU exists.
    """
    if not product.live:
        return 0
    offered = product_options_get(product=product).variants
    return stock_ensure_rows(skus=[v.sku for v in offered])


@transaction.atomic
def stock_set(*, sku: str, quantity: int) -> StockLevel:
    """Set the units on hand of a SKU (a stock count by staff or an import)."""
    if isinstance(quantity, bool) or not isinstance(quantity, int):
        raise StockError(_("Stock must be a whole number."), code="invalid_quantity")
    if quantity < 0:
        raise StockError(_("Stock cannot be negative."), code="negative_stock")
    if quantity > STOCK_MAX:
        raise StockError(
            _("Stock cannot be more than %(max)s.") % {"max": STOCK_MAX},
            code="invalid_quantity",
        )
    level, _created = StockLevel.objects.select_for_update().get_or_create(
        sku=sku, defaults={"quantity": quantity}
    )
    if level.quantity != quantity:
        level.quantity = quantity
        try:
            level.full_clean()
        except ValidationError as error:
            raise StockError("; ".join(error.messages)) from error
        level.save(update_fields=["quantity", "updated_at"])
    return level


@transaction.atomic
def product_stock_set(*, product: ProductPage, quantities: dict[str, int]) -> int:
    """Set the units on hand of several SKUs of one product; returns how many changed.

    All or nothing: a SKU the product does not offer, or a quantity that is not a
    whole number from 0 to ``STOCK_MAX``, raises ``StockError`` and nothing is stored.
    Each SKU whose count differs goes through ``stock_set``; the others are not
    written (their ``updated_at`` stays).
    """
    offered = {v.sku for v in product_options_get(product=product).variants}
    unknown = sorted(sku for sku in quantities if sku not in offered)
    if unknown:
        raise StockError(
            _("This product does not offer the SKU “%(sku)s”.") % {"sku": unknown[0]},
            code="sku_not_offered",
        )
    for sku, quantity in quantities.items():
        if (
            isinstance(quantity, bool)
            or not isinstance(quantity, int)
            or not 0 <= quantity <= STOCK_MAX
        ):
            raise StockError(
                _("Stock of %(sku)s must be a whole number from 0 to %(max)s.")
                % {"sku": sku, "max": STOCK_MAX},
                code="invalid_quantity",
            )
    # Locked in a fixed order, so two grids saved at once cannot deadlock.
    current = dict(
        StockLevel.objects.select_for_update()
        .filter(sku__in=list(quantities))
        .order_by("sku")
        .values_list("sku", "quantity")
    )
    changed = 0
    for sku in sorted(quantities):
        if current.get(sku) != quantities[sku]:
            stock_set(sku=sku, quantity=quantities[sku])
            changed += 1
    return changed


def stock_decrement(*, sku: str, quantity: int) -> None:
    """Take units off a SKU if enough are on hand.

    One conditional UPDATE: concurrent callers can never take stock below zero.
    Raises OutOfStockError (code ``out_of_stock``, 409) and changes nothing when
    fewer units are on hand, StockError (``invalid_quantity``) for a quantity < 1.
    """
    if quantity < 1:
        raise StockError(_("The quantity must be at least 1."), code="invalid_quantity")
    updated = StockLevel.objects.filter(sku=sku, quantity__gte=quantity).update(
        quantity=F("quantity") - quantity, updated_at=timezone.now()
    )
    if updated == 1:
        stock_changed()
    else:
        raise OutOfStockError(
            _("There are fewer than %(quantity)d units of %(sku)s in stock.")
            % {"quantity": quantity, "sku": sku}
        )


def stock_increment(*, sku: str, quantity: int) -> None:
    """Give units back to a SKU (an order that expired or was canceled)."""
    if quantity < 1:
        raise StockError(_("The quantity must be at least 1."), code="invalid_quantity")
    updated = StockLevel.objects.filter(sku=sku).update(
        quantity=F("quantity") + quantity, updated_at=timezone.now()
    )
    if not updated:
        StockLevel.objects.get_or_create(sku=sku, defaults={"quantity": quantity})
    stock_changed()


def image_store(*, content: bytes, filename: str, title: str):
    """A Wagtail image for these bytes, reusing an identical one (same SHA-1)."""
    image_model = get_image_model()
    file_hash = hashlib.sha1(content).hexdigest()
    existing = image_model.objects.filter(file_hash=file_hash).first()
    if existing is not None:
        return existing
    image = image_model(title=title, file=ImageFile(io.BytesIO(content), name=filename))
    image.file_size = len(content)
    image.file_hash = file_hash
    image.save()
    return image
