"""System checks of the shop's deployment settings against the stored data."""

from __future__ import annotations

import re

from django.apps import apps
from django.conf import settings
from django.core.checks import Error, register
from django.db import DatabaseError, connection
from django.db.models import Count


def priced_models() -> list:
    """Every model with a ``currency`` column and at least one ``*_amount`` column."""
    found = []
    for model in apps.get_models():
        names = {f.name for f in model._meta.concrete_fields}
        if "currency" in names and any(n.endswith("_amount") for n in names):
            found.append(model)
    return found


@register("shop")
def shop_currency_valid_check(app_configs=None, **kwargs) -> list[Error]:
    currency = getattr(settings, "SHOP_CURRENCY", "")
    if isinstance(currency, str) and re.fullmatch(r"[A-Z]{3}", currency):
        return []
    return [
        Error(
            f"SHOP_CURRENCY is {currency!r}, not a three-letter ISO 4217 code.",
            hint="Set SHOP_CURRENCY to a code such as EUR, CHF, GBP or USD.",
            id="shop.E002",
        )
    ]


@register("shop")
def shop_currency_matches_prices_check(
    app_configs=None, databases=None, **kwargs
) -> list[Error]:
    """Refuse a SHOP_CURRENCY that differs from the currency of stored prices.

    Introspects every model, so every priced row to come is covered. Runs with
    every ``check`` (runserver, migrate, the deploy check); tables that do not
    exist yet (before ``migrate``) and an unreachable database are skipped.
    """
    expected = settings.SHOP_CURRENCY
    existing = _existing_tables()
    if existing is None:
        return []
    other: dict[str, int] = {}
    tables = []
    for model in priced_models():
        if model._meta.db_table not in existing:
            continue
        try:
            rows = (
                model._base_manager.exclude(currency=expected)
                .values("currency")
                .annotate(n=Count("pk"))
            )
            counted = [(row["currency"], row["n"]) for row in rows]
        except DatabaseError:
            continue
        for code, n in counted:
            other[code] = other.get(code, 0) + n
        if counted:
            tables.append(model._meta.label)
    if not other:
        return []
    stored = ", ".join(f"{n} in {code}" for code, n in sorted(other.items()))
    return [
        Error(
            f"SHOP_CURRENCY is {expected}, but stored prices are in another currency "
            f"({stored}; in {', '.join(tables)}). Prices are never relabelled "
            f"silently.",
            hint=(
                "Set SHOP_CURRENCY back to the currency of the stored prices, or "
                "convert the prices deliberately (amounts and currency column) "
                "before starting with a new currency."
            ),
            id="shop.E001",
        )
    ]


def _existing_tables() -> set[str] | None:
    try:
        with connection.cursor() as cursor:
            return set(connection.introspection.table_names(cursor))
    except DatabaseError:
        return None
