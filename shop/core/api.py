"""API building blocks shared by every app: one money shape, one error shape."""

from __future__ import annotations

from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.authentication import SessionScheme
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import exception_handler

from shop.core.exceptions import ShopError
from shop.core.money import Money
from shop.core.schema import json_load, validate


class CsrfSessionScheme(SessionScheme):
    """The OpenAPI description of ``shop.core.api_auth.CsrfSessionAuthentication``."""

    target_class = "shop.core.api_auth.CsrfSessionAuthentication"


NOT_FOUND_MESSAGE = gettext_lazy("Nothing was found at this address.")

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


def _fields(detail) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        return {
            str(name): [str(m) for m in (msgs if isinstance(msgs, list) else [msgs])]
            for name, msgs in detail.items()
        }
    messages = detail if isinstance(detail, list) else [detail]
    return {"non_field_errors": [str(m) for m in messages]}


def api_exception_handler(exc, context):
    """Every expected API failure as ``{"code", "message"}`` (and ``fields``).

    ShopError answers with its own code and status (400, 409 for conflicts); DRF's
    errors keep their status and headers (Allow, Retry-After) with DRF's code.
    Anything else is left to Django: a server error.
    """
    if isinstance(exc, ShopError):
        return Response(
            {"code": exc.code, "message": exc.message}, status=exc.http_status
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(str(NOT_FOUND_MESSAGE))
    response = exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    if isinstance(exc, exceptions.ValidationError):
        body = {
            "code": "invalid",
            "message": _("Some values of the request are not valid."),
            "fields": _fields(exc.detail),
        }
    else:
        codes = exc.get_codes()
        body = {
            "code": codes if isinstance(codes, str) else exc.default_code,
            "message": str(exc.detail),
        }
    response.data = body
    return response


def api_not_found(request, *args, **kwargs):
    """Unmatched /api/ paths: the JSON error, not the shop's HTML 404 page."""
    return JsonResponse(
        {"code": "not_found", "message": str(NOT_FOUND_MESSAGE)}, status=404
    )


ERROR_STATUSES = {
    "400": "The request is not valid (see code, message and fields).",
    "403": "The CSRF check failed (send the X-CSRFToken header with the session).",
    "404": "Nothing was found at this address.",
    "405": "This method is not allowed here.",
    "409": "The request conflicts with the current state, such as missing stock.",
    "415": "The body must be JSON (Content-Type: application/json).",
    "429": "Too many requests; retry after the Retry-After header's seconds.",
}


def schema_error_responses_add(result: dict, generator, request, public) -> dict:
    """drf-spectacular postprocessing hook: the Error body on every 4xx answer."""
    ref = {"$ref": "#/components/schemas/Error"}
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            changes = operation.get("operationId", "").startswith("cart_") and (
                operation.get("operationId") != "cart_read"
            )
            for status, description in ERROR_STATUSES.items():
                if status in ("403", "409", "415") and not changes:
                    continue  # only requests that change something meet these
                operation["responses"][status] = {
                    "description": description,
                    "content": {"application/json": {"schema": ref}},
                }
    return result


def json_body(
    request,
    model,
    *,
    max_bytes: int,
    max_depth: int,
    multiline_keys: tuple[str, ...] = (),
):
    """An API request's JSON body validated by ``model``: 415 unless it is JSON,
    else ``json_load``'s bounds and the model's SchemaError sentences."""
    if request.content_type != "application/json":
        raise exceptions.UnsupportedMediaType(request.content_type or "none")
    data = json_load(
        request.body,
        max_bytes=max_bytes,
        max_depth=max_depth,
        multiline_keys=multiline_keys,
    )
    return validate(model, data)
