"""The pricing engine, table-driven: each case is listed in the README ("Pricing
cases"); ``test_the_readme_lists_every_case`` keeps the two the same."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shop.core.money import Money
from shop.pricing.engine import (
    AreaPrice,
    CodeInfo,
    MultiBuy,
    Offer,
    PricingItem,
    PricingRules,
    PricingShop,
    Tier,
    price,
)

D = Decimal
PRODUCT, CATEGORY, OTHER_CATEGORY, MUG, MUGS = 11, 2, 3, 21, 4


def eur(value: str) -> Money:
    return Money(D(value), "EUR")


SHOP = PricingShop(
    currency="EUR",
    vat_rate=D("19.00"),
    prices_include_vat=True,
    shipping_cost=eur("5.90"),
    free_shipping_from=eur("75.00"),
)


def tee(
    key="a", quantity=1, *, size="M", group="tee", areas=(), **fields
) -> PricingItem:
    return PricingItem(
        key=key,
        product_id=PRODUCT,
        scope_ids=(PRODUCT, CATEGORY),
        title="Classic Tee",
        sku=f"TEE-{size}",
        variant_price=eur(fields.pop("price", "19.90")),
        quantity=quantity,
        areas=areas,
        group=group,
        **fields,
    )


def mug(key="m", quantity=1, *, price_="12.00", group="mug") -> PricingItem:
    return PricingItem(
        key=key,
        product_id=MUG,
        scope_ids=(MUG, MUGS),
        title="Enamel Mug",
        sku="MUG",
        variant_price=eur(price_),
        quantity=quantity,
        group=group,
    )


FRONT = AreaPrice("front", "Front print", eur("5.00"))
BACK = AreaPrice("back", "Back print", eur("3.50"))
# DTG surcharge 1.00 and 0.50 per color beyond the first, 3 colors: 5.00 + 1.00 + 1.00
FRONT_DTG_3 = AreaPrice("front", "Front print (DTG, 3 colors)", eur("7.00"))


def code(name="SAVE10", kind="percent", value="10", **fields) -> CodeInfo:
    return CodeInfo(code=name, kind=kind, value=D(value), **fields)


@dataclass(frozen=True)
class Case:
    id: str
    says: str
    items: tuple[PricingItem, ...]
    total: str
    goods: str | None = None
    rules: PricingRules = field(default_factory=PricingRules)
    codes: tuple[CodeInfo, ...] = ()
    shop: PricingShop = SHOP
    unit_prices: dict[str, str] = field(default_factory=dict)
    labels: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()


TIERS = PricingRules(
    tier_tables={CATEGORY: (Tier(10, D("5")), Tier(50, D("12")))},
)

CASES = [
    Case(
        "blank",
        "One blank tee: the variant price plus shipping.",
        (tee(),),
        goods="19.90",
        total="25.80",
        labels=("Shipping",),
    ),
    Case(
        "print_areas",
        "Each decorated print area adds its price to the unit price.",
        (tee(areas=(FRONT, BACK)),),
        unit_prices={"a": "28.40"},
        total="34.30",
    ),
    Case(
        "technique_and_colors",
        "A technique adds its surcharge and a price per ink color beyond the first.",
        (tee(areas=(FRONT_DTG_3,)),),
        unit_prices={"a": "26.90"},
        total="32.80",
    ),
    Case(
        "tier_across_sizes",
        "Sizes of one design count together: 4 S + 6 M reach the 10+ tier.",
        (tee("s", 4, size="S"), tee("m", 6, size="M")),
        rules=TIERS,
        unit_prices={"s": "18.90", "m": "18.90"},
        goods="189.00",
        total="189.00",
        labels=("-5 % for 10+", "-5 % for 10+", "Free shipping from €\u00a075.00"),
    ),
    Case(
        "tier_not_reached",
        "9 pieces stay below the 10+ tier.",
        (tee("a", 9),),
        rules=TIERS,
        unit_prices={"a": "19.90"},
        total="179.10",
    ),
    Case(
        "designs_count_apart",
        "Two designs of one product are two groups: 5 + 5 reach no tier.",
        (tee("a", 5, group="one"), tee("b", 5, group="two")),
        rules=TIERS,
        unit_prices={"a": "19.90", "b": "19.90"},
        total="199.00",
    ),
    Case(
        "higher_tier",
        "50 pieces take the 50+ tier, not the 10+ one.",
        (tee("a", 50),),
        rules=TIERS,
        unit_prices={"a": "17.51"},
        total="875.50",
        labels=("-12 % for 50+", "Free shipping from €\u00a075.00"),
    ),
    Case(
        "product_table_wins",
        "The product's own tier table wins over its category's.",
        (tee("a", 10),),
        rules=PricingRules(
            tier_tables={
                PRODUCT: (Tier(10, D("10")),),
                CATEGORY: (Tier(10, D("5")),),
                None: (Tier(2, D("1")),),
            }
        ),
        unit_prices={"a": "17.91"},
        total="179.10",
    ),
    Case(
        "shop_wide_table",
        "Without a product or category table the shop-wide table applies.",
        (mug("m", 2),),
        rules=PricingRules(
            tier_tables={CATEGORY: (Tier(2, D("50")),), None: (Tier(2, D("10")),)}
        ),
        unit_prices={"m": "10.80"},
        total="27.50",
    ),
    Case(
        "offer_beats_tier",
        "A 20 % offer beats the 5 % tier: the better one applies, never both.",
        (tee("a", 10),),
        rules=replace(TIERS, offers=(Offer("Summer sale", CATEGORY, D("20")),)),
        unit_prices={"a": "15.92"},
        total="159.20",
        labels=("Summer sale -20 %", "Free shipping from €\u00a075.00"),
    ),
    Case(
        "tier_beats_offer",
        "At 50+ the 12 % tier beats a 3 % offer.",
        (tee("a", 50),),
        rules=replace(TIERS, offers=(Offer("Small sale", PRODUCT, D("3")),)),
        unit_prices={"a": "17.51"},
        total="875.50",
        labels=("-12 % for 50+", "Free shipping from €\u00a075.00"),
    ),
    Case(
        "offer_out_of_scope",
        "An offer on another category does not touch the tee.",
        (tee(),),
        rules=PricingRules(offers=(Offer("Mug week", MUGS, D("50")),)),
        unit_prices={"a": "19.90"},
        total="25.80",
    ),
    Case(
        "roster_names_numbers",
        "A roster of 12: the tier counts all 12; names and numbers are added per "
        "piece and never reduced.",
        (
            tee(
                "s",
                5,
                size="S",
                names=5,
                numbers=5,
                name_price=eur("4.00"),
                number_price=eur("3.00"),
            ),
            tee(
                "l",
                7,
                size="L",
                names=7,
                numbers=5,
                name_price=eur("4.00"),
                number_price=eur("3.00"),
            ),
        ),
        rules=TIERS,
        unit_prices={"s": "18.90", "l": "18.90"},
        goods="304.80",
        total="304.80",
    ),
    Case(
        "three_for_two",
        "3 for 2 on mugs: of 4 mugs, the cheapest one is free.",
        (mug("a", 3, price_="12.00"), mug("b", 1, price_="14.00", group="mug2")),
        rules=PricingRules(multibuys=(MultiBuy("3 for 2 on mugs", MUGS, 3, 2),)),
        goods="50.00",
        total="43.90",
        labels=("3 for 2 on mugs", "Shipping"),
    ),
    Case(
        "six_for_four",
        "Buy 6 pay 4: the two cheapest of 6 are free.",
        (mug("a", 6),),
        rules=PricingRules(multibuys=(MultiBuy("6 for 4", MUGS, 6, 4),)),
        total="53.90",
    ),
    Case(
        "code_percent",
        "A 10 % code on the goods after the tier.",
        (tee("a", 10),),
        rules=TIERS,
        codes=(code(),),
        total="170.10",
        labels=(
            "-5 % for 10+",
            "Code SAVE10: -10 %",
            "Free shipping from €\u00a075.00",
        ),
    ),
    Case(
        "code_fixed_capped",
        "A fixed code larger than the goods takes them to zero, never below; "
        "shipping is still due.",
        (tee(),),
        codes=(code("BIG", "fixed", "50.00"),),
        total="5.90",
    ),
    Case(
        "code_minimum",
        "A code with a minimum order of 100 is refused for 19.90 of goods.",
        (tee(),),
        codes=(code(minimum=eur("100.00")),),
        total="25.80",
        problems=("minimum_not_met",),
    ),
    Case(
        "code_not_applicable",
        "A code for mugs does not apply to a cart of tees.",
        (tee(),),
        codes=(code(scope_id=MUGS),),
        total="25.80",
        problems=("not_applicable",),
    ),
    Case(
        "code_scoped",
        "A mugs code reduces the mugs only.",
        (tee(), mug("m", 2)),
        codes=(code("MUGS50", value="50", scope_id=MUGS),),
        total="37.80",
    ),
    Case(
        "code_not_stackable",
        "A code that is not stackable is never combined with another.",
        (tee("a", 5),),
        codes=(code("FIRST"), code("SECOND", "fixed", "5.00")),
        total="89.55",
        problems=("not_stackable",),
    ),
    Case(
        "codes_stacked",
        "Two stackable codes: the second reduces what the first left.",
        (tee("a", 5),),
        codes=(
            code("TEN", stackable=True),
            code("FIVE", "fixed", "5.00", stackable=True),
        ),
        total="84.55",
    ),
    Case(
        "code_refused_by_loader",
        "A code the database found expired is refused with that reason.",
        (tee(),),
        codes=(code(problem="expired"),),
        total="25.80",
        problems=("expired",),
    ),
    Case(
        "free_shipping_after_codes",
        "Free shipping counts the goods after codes: 80 - 10 % = 72 pays shipping.",
        (tee("a", 4, price="20.00"),),
        codes=(code(),),
        total="77.90",
    ),
    Case(
        "rounding_per_line",
        "A 33.33 % offer on 10.00 cuts 3.33 per piece, rounded once per line.",
        (mug("m", 3, price_="10.00"),),
        rules=PricingRules(offers=(Offer("Third off", MUG, D("33.33")),)),
        unit_prices={"m": "6.67"},
        total="25.91",
    ),
    Case(
        "prices_without_vat",
        "A shop that prices without VAT adds it per line.",
        (tee(price="10.00"),),
        shop=replace(SHOP, prices_include_vat=False, shipping_cost=eur("5.00")),
        total="17.85",
    ),
    Case(
        "empty",
        "An empty cart costs nothing, not even shipping.",
        (),
        total="0.00",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_pricing_case(case: Case) -> None:
    quote = price(case.items, shop=case.shop, rules=case.rules, codes=case.codes)

    assert quote.total.gross == eur(case.total), case.says
    if case.goods is not None:
        assert quote.goods.gross == eur(case.goods)
    for key, unit in case.unit_prices.items():
        assert quote.line(key).unit_price == eur(unit)
    if case.labels:
        assert tuple(a.label for a in quote.adjustments) == case.labels
    assert tuple(p.problem for p in quote.code_problems) == case.problems
    _assert_adds_up(quote)


def _assert_adds_up(quote) -> None:
    rows = [line.amounts for line in quote.lines] + [c.amounts for c in quote.charges]
    for row in rows:
        assert row.net + row.vat == row.gross
    for part in ("net", "vat", "gross"):
        assert (
            sum((getattr(r, part).amount for r in rows), D("0"))
            == getattr(quote.total, part).amount
        )
    assert quote.total.gross.amount >= 0
    for line in quote.lines:
        assert line.amounts.gross.amount >= 0


def test_every_case_has_a_unique_id_and_a_sentence():
    assert len({c.id for c in CASES}) == len(CASES)
    assert all(c.says.endswith(".") for c in CASES)


def test_the_readme_lists_every_case():
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text()
    section = readme.split("### Pricing cases", 1)[1].split("\n## ", 1)[0]
    listed = [
        line.split("`")[1] for line in section.splitlines() if line.startswith("| `")
    ]
    assert listed == [c.id for c in CASES]


def test_the_quote_explains_a_code_and_a_tier_in_words():
    quote = price(
        (tee("a", 10),),
        shop=SHOP,
        rules=TIERS,
        codes=(code("SUMMER", "fixed", "5.00"),),
    )

    assert [(a.label, str(a.amount)) for a in quote.adjustments] == [
        ("-5 % for 10+", "€\u00a0-10.00"),
        ("Code SUMMER", "€\u00a0-5.00"),
        ("Free shipping from €\u00a075.00", "€\u00a00.00"),
    ]


# --- classes of input: any cart, any rules ---------------------------------------

amounts = st.decimals(min_value=D("0"), max_value=D("999.99"), places=2)
percents = st.decimals(min_value=D("0.01"), max_value=D("100"), places=2)


@st.composite
def carts(draw):
    items = []
    for n in range(draw(st.integers(0, 6))):
        quantity = draw(st.integers(1, 60))
        names = draw(st.integers(0, quantity))
        items.append(
            PricingItem(
                key=str(n),
                product_id=PRODUCT if n % 2 else MUG,
                scope_ids=(PRODUCT, CATEGORY) if n % 2 else (MUG, MUGS),
                title="x",
                sku=f"S{n}",
                variant_price=Money(draw(amounts), "EUR"),
                quantity=quantity,
                areas=tuple(
                    AreaPrice("front", "Front", Money(a, "EUR"))
                    for a in draw(st.lists(amounts, max_size=2))
                ),
                names=names,
                name_price=Money(draw(amounts), "EUR"),
                group=draw(st.sampled_from(["g1", "g2", ""])),
            )
        )
    rules = PricingRules(
        tier_tables={CATEGORY: (Tier(draw(st.integers(2, 30)), draw(percents)),)},
        offers=tuple(
            Offer("o", s, draw(percents))
            for s in draw(st.lists(st.sampled_from([CATEGORY, MUGS]), max_size=2))
        ),
        multibuys=tuple(
            MultiBuy("m", MUGS, b, draw(st.integers(1, b - 1)))
            for b in draw(st.lists(st.integers(2, 6), max_size=1))
        ),
    )
    codes = tuple(
        CodeInfo(
            code=f"C{i}",
            kind=kind,
            value=draw(percents)
            if kind == "percent"
            else draw(amounts.filter(lambda a: a > 0)),
            stackable=draw(st.booleans()),
            scope_id=draw(st.sampled_from([None, MUGS, CATEGORY])),
        )
        for i, kind in enumerate(
            draw(st.lists(st.sampled_from(["percent", "fixed"]), max_size=3))
        )
    )
    shop = replace(
        SHOP,
        prices_include_vat=draw(st.booleans()),
        vat_rate=draw(st.sampled_from([D("0"), D("7.7"), D("19"), D("21")])),
    )
    return items, rules, codes, shop


@settings(max_examples=300, deadline=None)
@given(carts())
def test_any_cart_adds_up_and_never_goes_below_zero(cart):
    items, rules, codes, shop = cart
    quote = price(items, shop=shop, rules=rules, codes=codes)
    _assert_adds_up(quote)
    for line in quote.lines:
        assert line.unit_price.amount >= 0
        assert line.unit_price <= line.unit_list
    assert len(quote.codes) + len(quote.code_problems) == len({c.code for c in codes})
