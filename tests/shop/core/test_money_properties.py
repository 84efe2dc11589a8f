"""Properties of the money rules: VAT split, rounding per line, totals."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shop.core.money import Money, lines_total, round_line, vat_split

amounts = st.decimals(
    min_value=Decimal("0"),
    max_value=Decimal("9999999.999"),
    places=3,
    allow_nan=False,
    allow_infinity=False,
)
rates = st.decimals(
    min_value=Decimal("0"),
    max_value=Decimal("100"),
    places=2,
    allow_nan=False,
    allow_infinity=False,
)


@given(amount=amounts, rate=rates)
def test_net_plus_vat_is_the_gross_to_the_cent(amount, rate):
    split = vat_split(Money(amount, "EUR"), rate)
    assert split.net + split.vat == split.gross
    assert split.gross == Money(amount, "EUR").rounded()
    for part in (split.net, split.vat, split.gross):
        assert part.amount == round_line(part.amount)
    assert Decimal("0") <= split.vat.amount <= split.gross.amount


def test_vat_split_of_a_known_price():
    split = vat_split(Money(Decimal("19.90"), "EUR"), Decimal("21.00"))
    assert (split.net.amount, split.vat.amount) == (Decimal("16.45"), Decimal("3.45"))


@given(amount=amounts)
def test_rounding_is_idempotent(amount):
    once = round_line(amount)
    assert round_line(once) == once
    assert abs(once - amount) <= Decimal("0.005")


def test_rounding_is_half_up():
    assert round_line(Decimal("0.005")) == Decimal("0.01")
    assert round_line(Decimal("2.675")) == Decimal("2.68")


@given(lines=st.lists(amounts, max_size=20))
def test_totals_are_the_sum_of_rounded_lines(lines):
    money = [Money(a, "EUR") for a in lines]
    total = lines_total(money, currency="EUR")
    assert total.amount == sum((round_line(a) for a in lines), Decimal("0"))
    assert total.amount == round_line(total.amount)


@given(amount=st.floats(allow_nan=False, allow_infinity=False))
def test_floats_are_refused_everywhere(amount):
    with pytest.raises(TypeError):
        Money(amount, "EUR")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        round_line(amount)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        vat_split(Money(Decimal("1"), "EUR"), amount)  # type: ignore[arg-type]


@given(a=amounts, b=amounts)
def test_mixed_currencies_are_refused(a, b):
    with pytest.raises(ValueError, match="Cannot combine"):
        lines_total([Money(a, "EUR"), Money(b, "USD")], currency="EUR")
    with pytest.raises(ValueError, match="Cannot combine"):
        Money(a, "EUR") + Money(b, "CHF")
