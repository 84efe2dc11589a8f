"""Money: a Decimal amount with its currency. Floats are refused."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")

CURRENCY_SYMBOLS = {"EUR": "€", "CHF": "CHF", "GBP": "£", "USD": "$"}


@dataclass(frozen=True, slots=True)
class Money:
    amount: Decimal
    currency: str = "EUR"

    def __post_init__(self) -> None:
        if not isinstance(self.amount, Decimal):
            raise TypeError("Money needs a Decimal amount, never a float.")
        if not self.amount.is_finite():
            raise ValueError("Money needs a finite amount.")
        if len(self.currency) != 3 or not self.currency.isupper():
            raise ValueError(f"{self.currency!r} is not an ISO 4217 currency code.")

    @classmethod
    def parse(cls, value: str, currency: str) -> Money:
        """Money from user or file input such as "19.90"; a clear error otherwise."""
        try:
            amount = Decimal(str(value).strip())
        except InvalidOperation as error:
            raise ValueError(f"{value!r} is not an amount.") from error
        return cls(amount, currency)

    def _check(self, other: Money) -> None:
        if not isinstance(other, Money):
            raise TypeError("Money can only be combined with Money.")
        if other.currency != self.currency:
            raise ValueError(f"Cannot combine {other.currency} with {self.currency}.")

    def __add__(self, other: Money) -> Money:
        self._check(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._check(other)
        return Money(self.amount - other.amount, self.currency)

    def __mul__(self, factor: int | Decimal) -> Money:
        if isinstance(factor, float) or not isinstance(factor, int | Decimal):
            raise TypeError("Money can only be multiplied by an int or a Decimal.")
        return Money(self.amount * factor, self.currency)

    __rmul__ = __mul__

    def __lt__(self, other: Money) -> bool:
        self._check(other)
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:
        self._check(other)
        return self.amount <= other.amount

    def rounded(self) -> Money:
        """This amount under the shop's rounding rule (see ``round_line``)."""
        return Money(round_line(self.amount), self.currency)

    def __str__(self) -> str:
        return format_money(self)


def round_line(amount: Decimal) -> Decimal:
    """The shop's rounding rule: half up to whole cents, applied once per line.

    A line (unit price x quantity, a surcharge, a VAT share) is rounded once; a
    total is the sum of rounded lines and is never rounded again, so the lines
    shown on a cart, an order or an invoice always add up to its total.
    """
    if not isinstance(amount, Decimal):
        raise TypeError("Rounding needs a Decimal amount, never a float.")
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def lines_total(lines: Iterable[Money], *, currency: str) -> Money:
    """The total of lines: each rounded by ``round_line``, then added up exactly.

    ``currency`` is the total's currency (also that of an empty total); a line in
    another currency is refused.
    """
    total = Money(Decimal("0.00"), currency)
    for line in lines:
        total = total + line.rounded()
    return total


@dataclass(frozen=True, slots=True)
class VatSplit:
    """A gross amount (incl. VAT) split into net and VAT; net + vat == gross."""

    net: Money
    vat: Money
    gross: Money


def vat_split(gross: Money, rate: Decimal) -> VatSplit:
    """Split a price incl. VAT at ``rate`` percent (such as Decimal("21.00")).

    The gross is rounded to cents first; the VAT share is rounded by the rule and the
    net is what remains, so net + vat == gross to the cent, always.
    """
    if isinstance(rate, float) or not isinstance(rate, Decimal | int):
        raise TypeError("A VAT rate is a Decimal percentage, never a float.")
    rate = Decimal(rate)
    if not rate.is_finite() or rate < 0:
        raise ValueError("A VAT rate is a percentage of 0 or more.")
    gross = gross.rounded()
    vat = Money(round_line(gross.amount * rate / (Decimal(100) + rate)), gross.currency)
    return VatSplit(net=gross - vat, vat=vat, gross=gross)


def format_money(money: Money) -> str:
    """Shop-wide display: "€ 19.90", "CHF 1,234.50"."""
    amount = money.rounded().amount
    symbol = CURRENCY_SYMBOLS.get(money.currency, money.currency)
    return f"{symbol}\u00a0{amount:,.2f}"
