"""A postal address as a value: what address services, checkout, order snapshots and
invoices pass around, whatever row (an address book entry, the shop's legal address,
a guest's checkout form) it was read from.

``PostalAddress`` is the value (frozen, hashable, compared by its fields);
``PostalAddressInput`` checks typed data from outside (a guest's checkout form, an
API) and produces one. The lengths mirror the columns of ``accounts.Address``, which
core cannot import; ``tests/shop/core/test_address.py`` keeps them equal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Annotated, Any

from django.utils.translation import gettext as _
from pydantic import AfterValidator, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from shop.core.countries import COUNTRY_NAMES, country_name, postal_code_error
from shop.core.schema import Schema, SchemaError, safe_text, show, validate

MAX_LENGTHS = {
    "full_name": 200,
    "company": 200,
    "street": 200,
    "street2": 200,
    "postal_code": 20,
    "city": 100,
    "country": 2,
    "phone": 32,
}
PHONE_PATTERN = r"^\+?[0-9][0-9 ()/.-]{5,30}$"


@dataclass(frozen=True, slots=True)
class PostalAddress:
    full_name: str
    street: str
    postal_code: str
    city: str
    country: str  # ISO 3166-1 alpha-2, upper case
    company: str = ""
    street2: str = ""
    phone: str = ""

    @classmethod
    def from_row(cls, row: Any) -> PostalAddress:
        """From any object with the address attributes (``accounts.Address``)."""
        return cls(**{f.name: getattr(row, f.name, "") for f in fields(cls)})

    @classmethod
    def from_input(cls, data: Any) -> PostalAddress:
        """From typed data (a dict); ``SchemaError`` lists every problem."""
        return validate(PostalAddressInput, data, where="address").postal_address()

    @property
    def country_name(self) -> str:
        return country_name(self.country)

    @property
    def lines(self) -> list[str]:
        """As printed on a parcel label or an invoice: name, company, street, street
        line 2, postal code and city, country name (empty lines left out)."""
        return [
            line
            for line in (
                self.full_name,
                self.company,
                self.street,
                self.street2,
                f"{self.postal_code} {self.city}".strip(),
                self.country_name,
            )
            if line
        ]

    def as_dict(self) -> dict[str, str]:
        """The fields by name: for order snapshots (JSON) and model rows."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


def _one_line(value: str) -> str:
    # Surrounding and repeated spaces are typing slips, not part of an address.
    return " ".join(value.split())


def _text(name: str, *, blank: bool = False) -> Any:
    return Annotated[
        safe_text(MAX_LENGTHS[name], blank=blank), AfterValidator(_one_line)
    ]


def _country(value: str) -> str:
    code = value.strip().upper()
    if code not in COUNTRY_NAMES:
        raise PydanticCustomError(
            "country",
            _(
                "“{value}” is not a country we deliver to; use a two-letter code such "
                "as CH or DE."
            ),
            {"value": show(value)},
        )
    return code


def _phone(value: str) -> str:
    if value and not re.fullmatch(PHONE_PATTERN, value):
        raise PydanticCustomError(
            "phone",
            _("enter a phone number with digits only, for example +41 44 123 45 67."),
        )
    return value


class PostalAddressInput(Schema):
    """An address typed by somebody: each field checked, one sentence per problem."""

    full_name: _text("full_name")
    company: _text("company", blank=True) = ""
    street: _text("street")
    street2: _text("street2", blank=True) = ""
    country: Annotated[safe_text(MAX_LENGTHS["country"] + 8), AfterValidator(_country)]
    postal_code: _text("postal_code")
    city: _text("city")
    phone: Annotated[_text("phone", blank=True), AfterValidator(_phone)] = ""

    @field_validator("postal_code")
    @classmethod
    def _postal_code_of_the_country(cls, value: str, info: ValidationInfo) -> str:
        value = value.upper()
        country = info.data.get("country")  # absent if the country was refused
        if country is not None:
            error = postal_code_error(country, value)
            if error is not None:
                raise PydanticCustomError(
                    "postal_code", "{error}", {"error": error[0].lower() + error[1:]}
                )
        return value

    def postal_address(self) -> PostalAddress:
        return PostalAddress(**self.model_dump())


__all__ = ["PostalAddress", "PostalAddressInput", "SchemaError"]
