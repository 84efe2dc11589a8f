from decimal import Decimal

import pytest

from shop.core.money import Money, format_money


def test_money_refuses_floats():
    with pytest.raises(TypeError, match="never a float"):
        Money(19.9, "EUR")  # type: ignore[arg-type]


@pytest.mark.parametrize("currency", ["eur", "EURO", ""])
def test_money_refuses_non_iso_currencies(currency):
    with pytest.raises(ValueError, match="ISO 4217"):
        Money(Decimal("1"), currency)


def test_money_refuses_infinite_amounts():
    with pytest.raises(ValueError, match="finite"):
        Money(Decimal("Infinity"), "EUR")


def test_money_adds_and_subtracts_within_a_currency():
    total = Money(Decimal("19.90"), "EUR") + Money(Decimal("5.10"), "EUR")

    assert total == Money(Decimal("25.00"), "EUR")
    assert total - Money(Decimal("0.01"), "EUR") == Money(Decimal("24.99"), "EUR")


def test_money_refuses_mixing_currencies():
    with pytest.raises(ValueError, match="Cannot combine CHF with EUR"):
        Money(Decimal("1"), "EUR") + Money(Decimal("1"), "CHF")


@pytest.mark.parametrize(
    ("factor", "expected"), [(3, Decimal("59.70")), (Decimal("0.5"), Decimal("9.950"))]
)
def test_money_multiplies_by_int_or_decimal(factor, expected):
    assert (Money(Decimal("19.90"), "EUR") * factor).amount == expected


def test_money_refuses_float_factors():
    with pytest.raises(TypeError):
        Money(Decimal("1"), "EUR") * 1.5  # type: ignore[operator]


@pytest.mark.parametrize(
    ("amount", "rounded"),
    [("0.005", "0.01"), ("0.004", "0.00"), ("2.675", "2.68"), ("-0.005", "-0.01")],
)
def test_rounding_is_half_up_to_cents(amount, rounded):
    assert Money(Decimal(amount), "EUR").rounded().amount == Decimal(rounded)


@pytest.mark.parametrize(
    ("money", "shown"),
    [
        (Money(Decimal("19.9"), "EUR"), "€\u00a019.90"),
        (Money(Decimal("1234.5"), "CHF"), "CHF\u00a01,234.50"),
        (Money(Decimal("3"), "SEK"), "SEK\u00a03.00"),
    ],
)
def test_format_money(money, shown):
    assert format_money(money) == shown


@pytest.mark.parametrize("bad", ["abc", "", "1,50"])
def test_parse_gives_a_clear_error(bad):
    with pytest.raises(ValueError, match="is not an amount"):
        Money.parse(bad, "EUR")


def test_parse_reads_decimal_strings():
    assert Money.parse(" 12.50 ", "EUR") == Money(Decimal("12.50"), "EUR")
