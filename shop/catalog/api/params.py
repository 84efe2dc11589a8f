"""The API's query parameters: forms (shop.core.params), 400 answers, schema bounds."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core import validators
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

from shop.core.params import (
    QueryForm,
    QueryParams,
    WholeNumberField,
    id_field,
    params_clean,
)

MAX_LIMIT = 100
# Ten thousand pages of the largest page size, far beyond the catalog; bounded so
# that the number stays an ordinary integer for every database.
MAX_OFFSET = 1_000_000

EMPTY_MESSAGE = _("Give this parameter a value or leave it out.")

ID_MESSAGES = {
    "invalid": _("“%(value)s” is not a whole number."),
    "min_value": _("Must be a positive id."),
    "max_value": _("Ids are at most %(limit_value)s."),
}


class PageQueryForm(QueryForm):
    """limit/offset of every list endpoint."""

    limit = WholeNumberField(
        required=False,
        min_value=1,
        max_value=MAX_LIMIT,
        help_text=_("Number of results to return per page."),
    )
    offset = WholeNumberField(
        required=False,
        min_value=0,
        max_value=MAX_OFFSET,
        help_text=_("The initial index from which to return the results."),
    )


class ProductQueryForm(QueryForm):
    category = id_field(
        error_messages=ID_MESSAGES,
        help_text=_("Only products below this category."),
    )


class VariantQueryForm(QueryForm):
    product = id_field(
        error_messages=ID_MESSAGES, help_text=_("Variants of a product.")
    )


def query_params_or_400(form_class: type[QueryForm], request: Request) -> QueryParams:
    """The clean parameters, or a 400 with one message per refused field.

    Stricter than the storefront's forms: a parameter that is present must have a
    value (``?limit=`` is no number, as the published schema says), where an HTML
    form's empty input simply means "no filter".
    """
    params = params_clean(form_class, request.query_params)
    errors = {
        name: str(EMPTY_MESSAGE)
        for name in form_class.base_fields
        if name in request.query_params and not request.query_params[name].strip()
    }
    errors.update(params.errors)
    if errors:
        raise ValidationError(errors)
    return params


def _field_schema(field: forms.Field) -> dict[str, Any]:
    if isinstance(field, forms.IntegerField):
        schema: dict[str, Any] = {"type": "integer"}
    else:
        schema = {"type": "string"}
    for validator in field.validators:
        if isinstance(validator, validators.MinValueValidator):
            schema["minimum"] = validator.limit_value
        elif isinstance(validator, validators.MaxValueValidator):
            schema["maximum"] = validator.limit_value
        elif isinstance(validator, validators.MaxLengthValidator):
            schema["maxLength"] = validator.limit_value
    return schema


def query_form_schema(form_class: type[QueryForm]) -> list[dict[str, Any]]:
    """OpenAPI parameter objects for the form's fields, with the form's bounds."""
    return [
        {
            "name": name,
            "required": False,
            "in": "query",
            "description": str(field.help_text),
            "schema": _field_schema(field),
        }
        for name, field in form_class.base_fields.items()
    ]


def query_form_parameters(form_class: type[QueryForm]) -> list[OpenApiParameter]:
    """The same, for extend_schema: the schema shows exactly what the form accepts."""
    return [
        OpenApiParameter(
            parameter["name"],
            parameter["schema"],
            OpenApiParameter.QUERY,
            description=parameter["description"],
        )
        for parameter in query_form_schema(form_class)
    ]
