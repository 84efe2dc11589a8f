"""Form fields every app uses for money typed by staff."""

from __future__ import annotations

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy

CENT = Decimal("0.01")
# No single product, variant, print or shipping costs more; a larger figure is a
# typing slip (a decimal separator lost, a digit held down).
PRICE_MAX = Decimal("10000.00")
_PRICE_CHARACTERS = re.compile(r"[0-9.,]+", re.ASCII)


class PriceInput(forms.TextInput):
    """A text box for a price, never ``type=number``.

    A number input in an en-US browser reads "24,90" as 2490. A text input keeps what
    was typed for ``PriceField`` to read, gives phones a decimal keypad, and shows a
    stored price back with two decimals (24.90).
    """

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(
            {
                "inputmode": "decimal",
                "autocomplete": "off",
                "spellcheck": "false",
                "class": "price-input",
                **(attrs or {}),
            }
        )

    def format_value(self, value):
        if isinstance(value, Decimal) and value.is_finite():
            return f"{value.quantize(CENT):f}"
        return super().format_value(value)


class PriceField(forms.DecimalField):
    """A price typed by staff, stored as a Decimal with two decimals.

    The rule: digits with at most one decimal comma or point and at most two
    decimals ("24,90", "24.90", "24,9", "24", ".5"), surrounding spaces ignored
    (only spaces is blank).
    Refused, each with its own message: thousands separators ("1.234,50", "1,234.50":
    ambiguous between locales, write 1234.50), three or more decimals ("1,234"),
    negative amounts, more than ``PRICE_MAX``, and anything else (exponents, NaN,
    currency signs, letters).
    """

    widget = PriceInput
    default_error_messages = {
        "invalid": gettext_lazy("Enter a price such as 24.90 or 24,90."),
        "separators": gettext_lazy(
            "Use one decimal comma or point and no thousands separator, "
            "such as 1234.50."
        ),
        "decimals": gettext_lazy(
            "A price has at most two decimals, such as 24.90 (write thousands "
            "without a separator: 1234.50)."
        ),
        "negative": gettext_lazy("A price cannot be negative."),
        "max_value": gettext_lazy("A price cannot be more than %(limit_value)s."),
    }

    def __init__(self, *, max_value: Decimal = PRICE_MAX, **kwargs) -> None:
        # Parsing refuses negatives and a third decimal, and the maximum is far below
        # the column's 12 digits: no second message for the same slip.
        for option in ("min_value", "max_digits", "decimal_places"):
            kwargs.pop(option, None)
        super().__init__(**kwargs)
        self.validators.append(MaxValueValidator(max_value))

    def to_python(self, value) -> Decimal | None:
        if isinstance(value, str):
            # A box holding only spaces looks empty, and is: blank, not "invalid".
            value = value.strip()
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            text = f"{value:f}"
        else:
            text = str(value).strip()
        negative = text.startswith("-")
        body = text[1:] if negative else text
        if len(body) > 20 or not _PRICE_CHARACTERS.fullmatch(body):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if sum(body.count(mark) for mark in ".,") > 1:
            raise ValidationError(self.error_messages["separators"], code="separators")
        units, _mark, cents = body.replace(",", ".").partition(".")
        if not (units or cents):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if len(cents) > 2:
            raise ValidationError(self.error_messages["decimals"], code="decimals")
        if negative and (units.strip("0") or cents.strip("0")):
            raise ValidationError(self.error_messages["negative"], code="negative")
        return Decimal(f"{units or '0'}.{cents or '0'}").quantize(CENT)

    def widget_attrs(self, widget) -> dict:
        # DecimalField adds step/min/max for number inputs only; a text input needs
        # none of them, and a browser-side max would only duplicate the message.
        return forms.Field.widget_attrs(self, widget)
