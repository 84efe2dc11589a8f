"""The pricing engine: plain values in, a self-explaining ``Quote`` out.

No database here: ``shop.pricing.selectors`` loads what the engine needs, and
``shop.pricing.services.quote`` joins the two. The table-driven tests in
``tests/shop/pricing/test_engine.py`` call ``price`` directly.

Precedence, per cart:
1. Unit list price = variant price + for each decorated print area its print price,
   the technique's surcharge and its price per ink color beyond the first.
2. Per line, the better of the live special offer (best one in scope) and the
   volume tier (nearest tier table: product, closest category, shop-wide; the
   quantity is that of the whole design group: one product and color with one
   print configuration, all sizes and roster pieces together). Never both.
   Reduced unit price = list price - rounded reduction.
3. Personalisation (printed names and numbers) per piece, never reduced.
4. Multi-buy rules (buy N pay M) on the reduced unit prices: for every N pieces
   in scope the cheapest N - M are free.
5. Discount codes, in the order applied, each on what is left of the lines in its
   scope (a percentage per line, rounded per line; a fixed amount up to what is
   left). A code that is not stackable is never combined with another code. The
   minimum order is checked against the goods after steps 1-4.
6. Shipping: the shop's cost, free when the goods after step 5 reach the shop's
   "free shipping from" amount.
Every amount is rounded once, per line, with ``round_line``; net, VAT and gross of
each line add up to the totals. Reductions are capped by what they reduce, so no
line and no total goes below zero.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from shop.core.money import Money, round_line, vat_split

HUNDRED = Decimal(100)


def percent_text(value: Decimal) -> str:
    """12.50 -> "12.5", 5.00 -> "5": how a percentage is written to shoppers."""
    text = f"{value.normalize():f}"
    return text


# --- input ----------------------------------------------------------------------


@dataclass(frozen=True)
class AreaPrice:
    view: str
    label: str
    price: Money


@dataclass(frozen=True)
class PricingItem:
    key: str
    product_id: int
    # The product's id, then its categories' ids, nearest first: what scopes match.
    scope_ids: tuple[int, ...]
    title: str
    sku: str
    variant_price: Money
    quantity: int
    areas: tuple[AreaPrice, ...] = ()
    names: int = 0
    numbers: int = 0
    name_price: Money | None = None
    number_price: Money | None = None
    group: str = ""


@dataclass(frozen=True)
class Tier:
    min_quantity: int
    percent: Decimal


@dataclass(frozen=True)
class Offer:
    name: str
    scope_id: int
    percent: Decimal


@dataclass(frozen=True)
class MultiBuy:
    name: str
    scope_id: int
    buy: int
    pay: int


@dataclass(frozen=True)
class CodeInfo:
    code: str
    kind: str  # "percent" | "fixed"
    value: Decimal
    minimum: Money | None = None
    scope_id: int | None = None
    stackable: bool = False
    # A reason found while loading (unknown, inactive, not_started, expired,
    # exhausted, used_up_by_customer): the code is refused with it.
    problem: str = ""


@dataclass(frozen=True)
class PricingRules:
    # Tier tables by scope id (None: shop-wide).
    tier_tables: dict[int | None, tuple[Tier, ...]] = field(default_factory=dict)
    offers: tuple[Offer, ...] = ()
    multibuys: tuple[MultiBuy, ...] = ()


@dataclass(frozen=True)
class PricingShop:
    currency: str
    vat_rate: Decimal
    prices_include_vat: bool = True
    shipping_cost: Money | None = None
    free_shipping_from: Money | None = None


# --- output ---------------------------------------------------------------------


@dataclass(frozen=True)
class Amounts:
    net: Money
    vat: Money
    gross: Money

    def __add__(self, other: Amounts) -> Amounts:
        return Amounts(
            self.net + other.net, self.vat + other.vat, self.gross + other.gross
        )


@dataclass(frozen=True)
class Adjustment:
    kind: str  # offer, tier, multibuy, code, shipping
    label: str
    amount: Money  # negative for a reduction
    line_key: str = ""
    code: str = ""


@dataclass(frozen=True)
class QuoteLine:
    key: str
    title: str
    sku: str
    quantity: int
    group: str
    # What one piece costs before reductions, and of what.
    unit_list: Money
    breakdown: tuple[tuple[str, Money], ...]
    unit_price: Money
    personalisation: Money
    amounts: Amounts
    adjustments: tuple[Adjustment, ...]


@dataclass(frozen=True)
class Charge:
    """A cart-level line: a multi-buy or code reduction, or shipping."""

    kind: str
    label: str
    amounts: Amounts
    code: str = ""


@dataclass(frozen=True)
class CodeProblem:
    code: str
    problem: str
    message: str


@dataclass(frozen=True)
class Quote:
    currency: str
    lines: tuple[QuoteLine, ...]
    charges: tuple[Charge, ...]
    goods: Amounts
    total: Amounts
    codes: tuple[str, ...]
    code_problems: tuple[CodeProblem, ...]

    @property
    def adjustments(self) -> tuple[Adjustment, ...]:
        """Every reason the total differs from list prices, lines first."""
        per_line = tuple(a for line in self.lines for a in line.adjustments)
        return per_line + tuple(
            Adjustment(kind=c.kind, label=c.label, amount=c.amounts.gross, code=c.code)
            for c in self.charges
        )

    @property
    def quantity(self) -> int:
        return sum(line.quantity for line in self.lines)

    def line(self, key: str) -> QuoteLine | None:
        return next((line for line in self.lines if line.key == key), None)


CODE_MESSAGES = {
    "unknown": "“{code}” is not a valid code.",
    "inactive": "The code {code} is no longer valid.",
    "not_started": "The code {code} is not valid yet.",
    "expired": "The code {code} has expired.",
    "exhausted": "The code {code} has been used up.",
    "used_up_by_customer": "You have already used the code {code}.",
    "minimum_not_met": "The code {code} needs an order of at least {minimum}.",
    "not_applicable": "The code {code} does not apply to anything in your cart.",
    "not_stackable": "The code {code} cannot be combined with another code.",
    "already_applied": "The code {code} is already applied.",
}


def code_problem(code: str, problem: str, minimum: Money | None = None) -> CodeProblem:
    from shop.core.money import format_money

    message = CODE_MESSAGES[problem].format(
        code=code, minimum=format_money(minimum) if minimum is not None else ""
    )
    return CodeProblem(code=code, problem=problem, message=message)


# --- the engine -----------------------------------------------------------------


def amounts_of(amount: Money, shop: PricingShop) -> Amounts:
    """Net, VAT and gross of one line amount, in the shop's price basis."""
    if shop.prices_include_vat:
        split = vat_split(amount, shop.vat_rate)
        return Amounts(split.net, split.vat, split.gross)
    net = amount.rounded()
    vat = Money(round_line(net.amount * shop.vat_rate / HUNDRED), net.currency)
    return Amounts(net, vat, net + vat)


def _zero(currency: str) -> Money:
    return Money(Decimal("0.00"), currency)


def _tiers_for(item: PricingItem, rules: PricingRules) -> tuple[Tier, ...]:
    for scope_id in item.scope_ids:
        if scope_id in rules.tier_tables:
            return rules.tier_tables[scope_id]
    return rules.tier_tables.get(None, ())


def _best_offer(item: PricingItem, rules: PricingRules) -> Offer | None:
    scopes = set(item.scope_ids)
    candidates = [o for o in rules.offers if o.scope_id in scopes]
    return max(candidates, key=lambda o: o.percent, default=None)


def _unit_list(item: PricingItem) -> tuple[Money, tuple[tuple[str, Money], ...]]:
    breakdown = [("Product", item.variant_price)]
    unit = item.variant_price
    for area in item.areas:
        breakdown.append((area.label, area.price))
        unit = unit + area.price
    return unit.rounded(), tuple(breakdown)


def price(
    items: Sequence[PricingItem],
    *,
    shop: PricingShop,
    rules: PricingRules = PricingRules(),
    codes: Iterable[CodeInfo] = (),
) -> Quote:
    currency = shop.currency
    zero = _zero(currency)
    group_quantity: dict[str, int] = defaultdict(int)
    for item in items:
        group_quantity[item.group or item.key] += item.quantity

    lines: list[QuoteLine] = []
    # What is left of each line for cart-level reductions (gross in price basis).
    left: dict[str, Money] = {}
    for item in items:
        unit_list, breakdown = _unit_list(item)
        adjustments: list[Adjustment] = []
        group = item.group or item.key
        quantity = group_quantity[group]
        tier = max(
            (t for t in _tiers_for(item, rules) if t.min_quantity <= quantity),
            key=lambda t: t.min_quantity,
            default=None,
        )
        offer = _best_offer(item, rules)
        unit_price = unit_list
        if offer is not None and (tier is None or offer.percent >= tier.percent):
            cut = Money(
                round_line(unit_list.amount * offer.percent / HUNDRED), currency
            )
            unit_price = unit_list - cut
            adjustments.append(
                Adjustment(
                    kind="offer",
                    label=f"{offer.name} -{percent_text(offer.percent)} %",
                    amount=zero - cut * item.quantity,
                    line_key=item.key,
                )
            )
        elif tier is not None:
            cut = Money(round_line(unit_list.amount * tier.percent / HUNDRED), currency)
            unit_price = unit_list - cut
            adjustments.append(
                Adjustment(
                    kind="tier",
                    label=f"-{percent_text(tier.percent)} % for {tier.min_quantity}+",
                    amount=zero - cut * item.quantity,
                    line_key=item.key,
                )
            )
        personalisation = zero
        if item.names and item.name_price is not None:
            personalisation = personalisation + item.name_price * item.names
        if item.numbers and item.number_price is not None:
            personalisation = personalisation + item.number_price * item.numbers
        personalisation = personalisation.rounded()
        if personalisation.amount:
            breakdown = (*breakdown, ("Names and numbers (line)", personalisation))
        line_amount = (unit_price * item.quantity).rounded() + personalisation
        left[item.key] = line_amount
        lines.append(
            QuoteLine(
                key=item.key,
                title=item.title,
                sku=item.sku,
                quantity=item.quantity,
                group=group,
                unit_list=unit_list,
                breakdown=breakdown,
                unit_price=unit_price,
                personalisation=personalisation,
                amounts=amounts_of(line_amount, shop),
                adjustments=tuple(adjustments),
            )
        )

    charges: list[Charge] = []
    by_key = {item.key: item for item in items}
    unit_prices = {line.key: line.unit_price for line in lines}

    for rule in rules.multibuys:
        pieces = sorted(
            (unit_prices[item.key], item.key)
            for item in items
            for _ in range(item.quantity)
            if rule.scope_id in item.scope_ids
        )
        free = (len(pieces) // rule.buy) * (rule.buy - rule.pay)
        if not free:
            continue
        cut = zero
        for unit, key in pieces[:free]:
            taken = min(unit, left[key], key=lambda m: m.amount)
            left[key] = left[key] - taken
            cut = cut + taken
        if cut.amount:
            charges.append(
                Charge(
                    kind="multibuy",
                    label=rule.name,
                    amounts=amounts_of(zero - cut, shop),
                )
            )

    goods_after_rules = sum((left[k] for k in left), zero)
    accepted: list[CodeInfo] = []
    problems: list[CodeProblem] = []
    seen: set[str] = set()
    for info in codes:
        if info.code in seen:
            continue
        seen.add(info.code)
        if info.problem:
            problems.append(code_problem(info.code, info.problem))
            continue
        if accepted and (not info.stackable or not accepted[0].stackable):
            problems.append(code_problem(info.code, "not_stackable"))
            continue
        eligible = [
            key
            for key, item in by_key.items()
            if info.scope_id is None or info.scope_id in item.scope_ids
        ]
        if not eligible:
            problems.append(code_problem(info.code, "not_applicable"))
            continue
        if info.minimum is not None and goods_after_rules < info.minimum:
            problems.append(code_problem(info.code, "minimum_not_met", info.minimum))
            continue
        cut = zero
        if info.kind == "percent":
            for key in eligible:
                part = Money(
                    round_line(left[key].amount * info.value / HUNDRED), currency
                )
                left[key] = left[key] - part
                cut = cut + part
            label = f"Code {info.code}: -{percent_text(info.value)} %"
        else:
            remaining = Money(info.value, currency).rounded()
            for key in eligible:
                part = min(remaining, left[key], key=lambda m: m.amount)
                left[key] = left[key] - part
                remaining = remaining - part
                cut = cut + part
            label = f"Code {info.code}"
        accepted.append(info)
        charges.append(
            Charge(
                kind="code",
                label=label,
                amounts=amounts_of(zero - cut, shop),
                code=info.code,
            )
        )

    goods_left = sum((left[k] for k in left), zero)
    if items and shop.shipping_cost is not None:
        if (
            shop.free_shipping_from is not None
            and not goods_left < shop.free_shipping_from
        ):
            from shop.core.money import format_money

            charges.append(
                Charge(
                    kind="shipping",
                    label=f"Free shipping from {format_money(shop.free_shipping_from)}",
                    amounts=amounts_of(zero, shop),
                )
            )
        else:
            charges.append(
                Charge(
                    kind="shipping",
                    label="Shipping",
                    amounts=amounts_of(shop.shipping_cost, shop),
                )
            )

    empty = Amounts(zero, zero, zero)
    goods = sum((line.amounts for line in lines), empty)
    total = sum((c.amounts for c in charges), goods)
    return Quote(
        currency=currency,
        lines=tuple(lines),
        charges=tuple(charges),
        goods=goods,
        total=total,
        codes=tuple(info.code for info in accepted),
        code_problems=tuple(problems),
    )
