"""Money: a Decimal amount with its currency. Floats are refused."""

from __future__ import annotations

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
        return Money(self.amount.quantize(CENT, rounding=ROUND_HALF_UP), self.currency)

    def __str__(self) -> str:
        return format_money(self)


def format_money(money: Money) -> str:
    """Shop-wide display: "€ 19.90", "CHF 1,234.50"."""
    amount = money.rounded().amount
    symbol = CURRENCY_SYMBOLS.get(money.currency, money.currency)
    return f"{symbol}\u00a0{amount:,.2f}"
