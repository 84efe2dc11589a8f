"""API building blocks shared by every app: one money shape, one error shape."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from shop.core.money import Money

MONEY_SCHEMA = {
    "type": "object",
    "description": "An amount with its currency; the amount is a decimal string.",
    "properties": {
        "amount": {"type": "string", "format": "decimal", "example": "19.90"},
        "currency": {
            "type": "string",
            "pattern": "^[A-Z]{3}$",
            "description": "ISO 4217 code.",
            "example": "EUR",
        },
    },
    "required": ["amount", "currency"],
}


@extend_schema_field({"$ref": "#/components/schemas/Money"})
class MoneyField(serializers.Field):
    """A read-only ``Money`` as ``{"amount": "19.90", "currency": "EUR"}``."""

    def __init__(self, **kwargs) -> None:
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value: Money) -> dict[str, str]:
        return {"amount": f"{value.rounded().amount:f}", "currency": value.currency}


ERROR_SCHEMA = {
    "type": "object",
    "description": "Every 4xx answer of the API: a stable code and a readable message.",
    "properties": {
        "code": {"type": "string", "example": "out_of_stock"},
        "message": {"type": "string"},
        "fields": {
            "type": "object",
            "description": "For invalid input: the messages of each field.",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["code", "message"],
}


def schema_components_add(result: dict, generator, request, public) -> dict:
    """drf-spectacular postprocessing hook: the Money and Error components."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Money"] = MONEY_SCHEMA
    schemas["Error"] = ERROR_SCHEMA
    return result
