"""Query parameters: one bounded form per page or endpoint that reads them.

Everything a storefront page or the API reads from the query string goes through a
``QueryForm`` subclass: text is length-bounded and refused when it holds control
characters (``shop.core.text``), numbers have digit and range bounds. So a NUL byte,
a 10,000-character string, ``1e999999`` or ``2**64`` never reaches the database,
where they are server errors (PostgreSQL refuses NUL, SQLite and PostgreSQL overflow
on integers beyond 64 bits, a Decimal column overflows on a huge exponent).

Every subclass is listed in ``QueryForm.registry``: the hostile-input sweep sends
bad values for each field of each form, and fails when a form is not reachable
through any URL it knows.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, ClassVar

from django import forms

from shop.core.text import text_clean, validate_safe_text

# Page and row ids are 32-bit integers in PostgreSQL (Wagtail's AutoField).
ID_MAX = 2**31 - 1
# How much of a refused value a message may quote.
QUOTE_MAX = 20


class QueryForm(forms.Form):
    """The query parameters one page reads. Unknown parameters are ignored.

    ``lenient_fields`` fall back to their default without a message when invalid:
    for values that go stale in ordinary links (a page number past the end, a sort
    option that was renamed), not for anything the visitor typed.
    ``field_messages`` replace Django's messages, one sentence per field.
    """

    registry: ClassVar[list[type[QueryForm]]] = []
    lenient_fields: ClassVar[frozenset[str]] = frozenset()
    field_messages: ClassVar[Mapping[str, str]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        QueryForm.registry.append(cls)


@dataclass(frozen=True)
class QueryParams:
    """Clean values of every field (the default where missing or invalid), and the
    messages of the invalid fields."""

    values: dict[str, Any]
    errors: dict[str, str] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Any:
        return self.values[name]

    @property
    def messages(self) -> list[str]:
        return list(self.errors.values())


def params_clean(form_class: type[QueryForm], data: Mapping[str, Any]) -> QueryParams:
    """Validate ``data`` (request.GET, request.query_params) with ``form_class``."""
    form = form_class(data)
    form.is_valid()
    values = {}
    for name, form_field in form.fields.items():
        value = form.cleaned_data.get(name)
        if value in form_field.empty_values:
            # Missing or refused: the field's default, else its own empty value.
            value = (
                form_field.initial
                if form_field.initial is not None
                else form_field.to_python("")
            )
        values[name] = value
    errors = {
        name: form_class.field_messages.get(name) or str(messages[0])
        for name, messages in form.errors.items()
        if name not in form_class.lenient_fields
    }
    return QueryParams(values=values, errors=errors)


def text_field(*, max_length: int, **options: Any) -> forms.CharField:
    """Optional single-line text, stripped, at most ``max_length`` characters."""
    return forms.CharField(
        required=False,
        max_length=max_length,
        validators=[validate_safe_text],
        **options,
    )


def amount_field(
    *, max_digits: int = 12, decimal_places: int = 2, **options: Any
) -> forms.DecimalField:
    """Optional amount >= 0 that fits a ``DecimalField(max_digits, decimal_places)``.

    Django's DecimalField refuses NaN and Infinity; the digit bounds refuse huge and
    tiny exponents before anything is compared with a column.
    """
    largest = Decimal(10) ** (max_digits - decimal_places) - Decimal(10) ** (
        -decimal_places
    )
    return forms.DecimalField(
        required=False,
        min_value=Decimal(0),
        max_value=largest,
        max_digits=max_digits,
        decimal_places=decimal_places,
        **options,
    )


_WHOLE_NUMBER = re.compile(r"\s*[+-]?[0-9]+\s*", re.ASCII)


class WholeNumberField(forms.IntegerField):
    """A whole number written as digits only: "5", never "5.0" or "5e0".

    Django's IntegerField also takes "5.0"; a query parameter published as an
    integer must not.
    """

    def to_python(self, value: Any) -> int | None:
        if value not in self.empty_values and not _WHOLE_NUMBER.fullmatch(str(value)):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class IdField(WholeNumberField):
    """A whole number whose "invalid" message may quote the value (cut and cleaned)."""

    def to_python(self, value: Any) -> int | None:
        try:
            return super().to_python(value)
        except forms.ValidationError as error:
            shown = text_clean(str(value), max_length=QUOTE_MAX)
            raise forms.ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": shown}
            ) from error


def id_field(**options: Any) -> IdField:
    """Optional id of a row: a whole number from 1 to ID_MAX."""
    return IdField(required=False, min_value=1, max_value=ID_MAX, **options)
