"""Payments: the webhook (unknown ids, replays, late statuses, mismatches, bad
input), refunds through the gateway, and the audit log."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from django.core import mail

from shop.core.money import Money
from shop.orders.models import Order, OrderEvent
from shop.payments.gateway import GatewayError, ProviderPayment, gateway_get
from shop.payments.models import Payment, PaymentEvent, Refund
from shop.payments.services import (
    PaymentError,
    order_cancel,
    payment_apply,
    refund_create,
)
from tests.factories.accounts import user_create
from tests.factories.catalog import category_create, product_create
from tests.factories.orders import order_placed, payment_end

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(client, mollie_server):
    """An order paid by iDEAL through the local server and the webhook."""
    tee = product_create(category=category_create(title="Shirts"), stock=5)
    order_placed(client, tee)
    payment = Payment.objects.get()
    payment_end(mollie_server, client, payment)
    payment.refresh_from_db()
    assert payment.order.status == "paid"
    return payment


@pytest.fixture
def staff():
    return user_create(email="staff@atelier.test", groups=("Fulfilment",))


def remote_of(payment: Payment) -> ProviderPayment:
    return gateway_get().payment_get(payment.provider_id)


def test_an_unknown_payment_id_answers_200_and_changes_nothing(client, paid):
    before = list(PaymentEvent.objects.values_list("pk", flat=True))
    response = client.post("/payments/webhook/", {"id": "tr_unknown1"})
    assert response.status_code == 200
    assert list(PaymentEvent.objects.values_list("pk", flat=True)) == before


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"id": ""},
        {"id": "x" * 10_000},
        {"id": "tr_\x00abc"},
        {"id": "tr_abc'; DROP TABLE"},
        {"id": "1e999999"},
        {"id": "re_abcdef"},
    ],
)
def test_a_malformed_webhook_is_a_400_and_changes_nothing(client, paid, body):
    before = PaymentEvent.objects.count()
    response = client.post("/payments/webhook/", body)
    assert response.status_code == 400
    assert PaymentEvent.objects.count() == before


def test_the_webhook_takes_only_posts(client):
    assert client.get("/payments/webhook/").status_code == 405


def test_replays_change_nothing(client, paid, mollie_server):
    events = PaymentEvent.objects.count()
    for _ in range(3):
        assert (
            client.post("/payments/webhook/", {"id": paid.provider_id}).status_code
            == 200
        )
    assert PaymentEvent.objects.count() == events
    assert OrderEvent.objects.filter(to_status="paid").count() == 1


def test_a_paid_payment_is_never_downgraded_by_a_late_status(paid):
    stale = replace(remote_of(paid), status="open")

    payment_apply(paid.pk, stale, source="webhook")
    payment_apply(paid.pk, replace(stale, status="expired"), source="webhook")

    paid.refresh_from_db()
    assert paid.status == "paid" and paid.order.status == "paid"
    assert PaymentEvent.objects.filter(kind="ignored").count() == 2


def test_a_replayed_paid_after_a_refund_changes_nothing(
    client, paid, staff, mollie_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        refund_create(
            order_id=paid.order_id,
            amount=paid.money,
            reason="Damaged",
            actor=staff,
            request_key="k1",
        )
    order = Order.objects.get(pk=paid.order_id)
    assert order.status == "refunded"
    mails = len(mail.outbox)
    events = (OrderEvent.objects.count(), PaymentEvent.objects.count())

    # The provider's own replay (its status is still "paid", refunded in full).
    assert (
        client.post("/payments/webhook/", {"id": paid.provider_id}).status_code == 200
    )
    # A stale read that still says paid with nothing refunded.
    stale = replace(remote_of(paid), amount_refunded=Money(Decimal("0.00"), "EUR"))
    payment_apply(paid.pk, stale, source="webhook")

    order.refresh_from_db()
    paid.refresh_from_db()
    assert order.status == "refunded"
    assert paid.amount_refunded == paid.amount
    assert (OrderEvent.objects.count(), PaymentEvent.objects.count()) == events
    assert len(mail.outbox) == mails


def test_an_amount_mismatch_is_refused_and_logged(paid, caplog):
    Order.objects.filter(pk=paid.order_id).update(status="awaiting_payment")
    Payment.objects.filter(pk=paid.pk).update(status="open")
    forged = replace(remote_of(paid), amount=Money(Decimal("0.01"), "EUR"))

    payment_apply(paid.pk, forged, source="webhook")

    paid.refresh_from_db()
    assert paid.status == "open"
    assert Order.objects.get(pk=paid.order_id).status == "awaiting_payment"
    assert PaymentEvent.objects.filter(kind="mismatch").count() == 1
    assert "the shop expects" in caplog.text


def test_a_currency_mismatch_is_refused(paid):
    Payment.objects.filter(pk=paid.pk).update(status="open")
    forged = replace(remote_of(paid), amount=Money(paid.amount, "CHF"))
    payment_apply(paid.pk, forged, source="webhook")
    assert Payment.objects.get(pk=paid.pk).status == "open"
    assert PaymentEvent.objects.filter(kind="mismatch").exists()


def test_partial_then_full_refunds_move_the_order(paid, staff, mollie_server):
    refund_create(
        order_id=paid.order_id,
        amount=Money(Decimal("5.00"), "EUR"),
        reason="Late",
        actor=staff,
        request_key="a",
    )
    order = Order.objects.get(pk=paid.order_id)
    assert order.status == "partially_refunded"
    rest = Payment.objects.get(pk=paid.pk).refundable
    refund_create(
        order_id=paid.order_id, amount=rest, reason="All", actor=staff, request_key="b"
    )
    order.refresh_from_db()
    assert order.status == "refunded"
    remote = mollie_server.payment_get(paid.provider_id)
    assert remote["amountRefunded"]["value"] == str(paid.amount)
    assert Refund.objects.count() == 2
    assert PaymentEvent.objects.filter(kind="refund", actor=staff).count() == 2


def test_a_refund_request_sent_twice_refunds_once(paid, staff):
    for _ in range(2):
        refund_create(
            order_id=paid.order_id,
            amount=Money(Decimal("5.00"), "EUR"),
            reason="",
            actor=staff,
            request_key="same",
        )
    assert Refund.objects.count() == 1
    assert Payment.objects.get(pk=paid.pk).amount_refunded == Decimal("5.00")


@pytest.mark.parametrize(
    ("amount", "message"),
    [("0", "above zero"), ("-5", "above zero"), ("1000", "can still be refunded")],
)
def test_impossible_refunds_are_refused(paid, staff, amount, message):
    with pytest.raises(PaymentError, match=message):
        refund_create(
            order_id=paid.order_id,
            amount=Money(Decimal(amount), "EUR"),
            reason="",
            actor=staff,
            request_key=f"k{amount}",
        )
    assert not Refund.objects.exists()


def test_canceling_a_paid_order_refunds_it_and_gives_the_stock_back(paid, staff):
    from shop.catalog.models import StockLevel

    sku = paid.order.items.get().sku
    before = StockLevel.objects.get(sku=sku).quantity

    order = order_cancel(order_id=paid.order_id, actor=staff, request_key="c1")

    assert order.status == "canceled"
    assert StockLevel.objects.get(sku=sku).quantity == before + 1
    assert Payment.objects.get(pk=paid.pk).amount_refunded == paid.amount


def test_an_unreachable_provider_is_a_503_for_the_webhook(client, paid, settings):
    settings.MOLLIE_API_ENDPOINT = "http://127.0.0.1:9"  # nothing listens
    response = client.post("/payments/webhook/", {"id": paid.provider_id})
    assert response.status_code == 503
    with pytest.raises(GatewayError):
        gateway_get().payment_get(paid.provider_id)


def test_the_methods_come_from_the_provider_per_currency():
    from shop.payments.gateway import payment_methods_get

    chf = [m.id for m in payment_methods_get(Money(Decimal("10.00"), "CHF"))]
    eur = [m.id for m in payment_methods_get(Money(Decimal("10.00"), "EUR"))]
    assert chf == ["twint", "creditcard"]
    assert "ideal" in eur and "twint" not in eur


def test_an_unreachable_provider_offers_no_method_and_checkout_says_so(
    client, settings
):
    settings.MOLLIE_API_ENDPOINT = "http://127.0.0.1:9"
    from tests.factories.orders import cart_add

    tee = product_create(category=category_create(title="Shirts"), stock=5)
    cart_add(client, tee)
    html = client.get("/checkout/").content.decode()
    assert "Payment is unavailable right now" in html
