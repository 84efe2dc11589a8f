"""The payment gateway interface and its Mollie implementation.

Everything provider-specific (the client, its objects, its status names, amount
formats) stays in this module: the rest of the shop sees ``ProviderPayment``,
``ProviderRefund`` and ``PaymentMethod`` values and ``GatewayError``.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Protocol

from django.conf import settings
from django.core.cache import cache

from shop.core.exceptions import ShopError
from shop.core.money import Money

logger = logging.getLogger(__name__)

# Statuses a provider payment can have (Mollie's names, which the shop uses too).
OPEN, PENDING, AUTHORIZED, PAID = "open", "pending", "authorized", "paid"
FAILED, CANCELED, EXPIRED = "failed", "canceled", "expired"
PROVIDER_STATUSES = (OPEN, PENDING, AUTHORIZED, PAID, FAILED, CANCELED, EXPIRED)
METHODS_CACHE_SECONDS = 600
PAYMENT_ID_RE = re.compile(r"tr_[A-Za-z0-9]{1,40}")


class GatewayError(ShopError):
    """The provider could not be reached or refused the request."""

    code = "gateway_error"
    http_status = 502


@dataclass(frozen=True, slots=True)
class PaymentMethod:
    id: str
    description: str


@dataclass(frozen=True, slots=True)
class ProviderPayment:
    id: str
    status: str
    amount: Money
    amount_refunded: Money
    method: str
    checkout_url: str


@dataclass(frozen=True, slots=True)
class ProviderRefund:
    id: str
    amount: Money
    status: str


class Gateway(Protocol):
    name: str

    def methods_list(self, amount: Money) -> list[PaymentMethod]: ...

    def payment_create(
        self,
        *,
        amount: Money,
        description: str,
        redirect_url: str,
        webhook_url: str,
        method: str,
        metadata: dict,
        idempotency_key: str,
    ) -> ProviderPayment: ...

    def payment_get(self, payment_id: str) -> ProviderPayment: ...

    def refund_create(
        self,
        payment_id: str,
        *,
        amount: Money,
        description: str,
        idempotency_key: str,
    ) -> ProviderRefund: ...


def _money(data: dict | None, currency: str) -> Money:
    if not data:
        return Money(Decimal("0.00"), currency)
    try:
        return Money(Decimal(str(data["value"])), str(data["currency"]))
    except (KeyError, TypeError, InvalidOperation, ValueError) as error:
        raise GatewayError(
            "The payment provider sent an amount the shop cannot read."
        ) from error


def _amount(money: Money) -> dict:
    return {"currency": money.currency, "value": f"{money.rounded().amount:.2f}"}


class MollieGateway:
    """Mollie through mollie-api-python; ``MOLLIE_API_ENDPOINT`` points it at the
    local Mollie-compatible server in development and tests."""

    name = "mollie"

    def __init__(self, api_key: str, api_endpoint: str = "") -> None:
        from mollie.api.client import Client

        self.client = Client(api_endpoint=api_endpoint, timeout=(3, 15))
        self.client.set_api_key(api_key)

    def _call(self, what: str, function, *args, **kwargs):
        from mollie.api.error import Error, ResponseError

        try:
            return function(*args, **kwargs)
        except ResponseError as error:
            logger.warning("Mollie refused %s: %s (%s)", what, error, error.status)
            raise GatewayError(
                f"The payment provider refused this: {error}", code="provider_refused"
            ) from error
        except Error as error:
            logger.error("Mollie unreachable for %s: %s", what, error)
            raise GatewayError(
                "The payment provider cannot be reached; please try again in a minute.",
                code="provider_unreachable",
            ) from error

    def methods_list(self, amount: Money) -> list[PaymentMethod]:
        result = self._call("methods", self.client.methods.list, amount=_amount(amount))
        return [PaymentMethod(m.id, m.description) for m in result]

    def _payment(self, payment) -> ProviderPayment:
        currency = payment["amount"]["currency"]
        status = payment.status
        if status not in PROVIDER_STATUSES:
            raise GatewayError(f"Unknown payment status {status!r}.")
        return ProviderPayment(
            id=payment.id,
            status=status,
            amount=_money(payment["amount"], currency),
            amount_refunded=_money(payment.amount_refunded, currency),
            method=payment.method or "",
            checkout_url=payment.checkout_url or "",
        )

    def payment_create(
        self,
        *,
        amount: Money,
        description: str,
        redirect_url: str,
        webhook_url: str,
        method: str,
        metadata: dict,
        idempotency_key: str,
    ) -> ProviderPayment:
        data = {
            "amount": _amount(amount),
            "description": description[:255],
            "redirectUrl": redirect_url,
            "webhookUrl": webhook_url,
            "metadata": metadata,
        }
        if method:
            data["method"] = method
        payment = self._call(
            "a new payment",
            self.client.payments.create,
            data,
            idempotency_key=idempotency_key,
        )
        return self._payment(payment)

    def payment_get(self, payment_id: str) -> ProviderPayment:
        if not PAYMENT_ID_RE.fullmatch(payment_id or ""):
            raise GatewayError("Not a payment id.", code="unknown_payment")
        payment = self._call("a payment status", self.client.payments.get, payment_id)
        return self._payment(payment)

    def refund_create(
        self,
        payment_id: str,
        *,
        amount: Money,
        description: str,
        idempotency_key: str,
    ) -> ProviderRefund:
        payment = self._call("a payment", self.client.payments.get, payment_id)
        refund = self._call(
            "a refund",
            payment.refunds.create,
            {"amount": _amount(amount), "description": description[:255]},
            idempotency_key=idempotency_key,
        )
        return ProviderRefund(
            id=refund.id,
            amount=_money(refund["amount"], amount.currency),
            status=refund.status,
        )


@lru_cache(maxsize=1)
def _gateway(name: str, key: str, endpoint: str) -> Gateway:
    if name != "mollie":
        raise GatewayError(f"Unknown payment gateway {name!r}.")
    return MollieGateway(key, endpoint)


def gateway_get() -> Gateway:
    """The configured gateway (``PAYMENT_GATEWAY``; Mollie is the only one yet)."""
    return _gateway(
        settings.PAYMENT_GATEWAY, settings.MOLLIE_API_KEY, settings.MOLLIE_API_ENDPOINT
    )


def payment_methods_get(amount: Money) -> list[PaymentMethod]:
    """The methods the provider enables for this amount's currency, cached for ten
    minutes per currency; an unreachable provider offers none (checkout says so)."""
    key = f"payment-methods:{settings.MOLLIE_API_ENDPOINT}:{amount.currency}"
    cached = cache.get(key)
    if cached is not None:
        return [PaymentMethod(*m) for m in cached]
    try:
        methods = gateway_get().methods_list(amount)
    except GatewayError:
        return []
    cache.set(
        key, [(m.id, m.description) for m in methods], timeout=METHODS_CACHE_SECONDS
    )
    return methods
