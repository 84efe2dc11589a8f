"""Races on PostgreSQL, with real threads, real transactions and the real client:
50 checkouts for 10 units, 10 concurrent webhook deliveries, double submits."""

from __future__ import annotations

import threading

import pytest
from django.core import mail
from django.db import connection
from django.test import Client

from shop.catalog.models import StockLevel
from shop.orders.models import Order, OrderEmail, OrderEvent
from shop.payments.models import Payment, PaymentEvent
from tests.factories.catalog import category_create, product_create
from tests.factories.orders import cart_add, details_post, place, review_form

pytestmark = pytest.mark.django_db(transaction=True)


def run_together(count: int, work) -> list:
    """``work(n)`` in ``count`` threads released at once; their results."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def one(n: int) -> None:
        try:
            barrier.wait()
            results[n] = work(n)
        except Exception as error:  # noqa: BLE001 (reported by the assertion)
            results[n] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=one, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_fifty_checkouts_for_ten_units_sell_exactly_ten(
    require_postgres, migrated_rows_restored
):
    tee = product_create(category=category_create(title="Shirts"), stock=10)
    sku = tee.variants.get(color="Black", size="M").sku
    shoppers = []
    for _ in range(50):
        client = Client()
        cart_add(client, tee)
        details_post(client)
        shoppers.append((client, review_form(client)))

    responses = run_together(50, lambda n: place(shoppers[n][0], shoppers[n][1]))

    assert all(not isinstance(r, Exception) for r in responses), responses
    to_provider = [r for r in responses if r["Location"].startswith("http")]
    sold_out = [r for r in responses if r["Location"] == "/cart/"]
    assert len(to_provider) == 10 and len(sold_out) == 40
    assert StockLevel.objects.get(sku=sku).quantity == 0
    assert Order.objects.filter(status="awaiting_payment").count() == 10
    assert Payment.objects.count() == 10


def test_ten_concurrent_webhook_deliveries_make_one_transition_and_one_email(
    require_postgres, migrated_rows_restored, mollie_server
):
    tee = product_create(category=category_create(title="Shirts"), stock=10)
    client = Client()
    cart_add(client, tee)
    details_post(client)
    place(client)
    payment = Payment.objects.get()
    mollie_server.payment_end(payment.provider_id, "paid")
    mail.outbox.clear()

    responses = run_together(
        10,
        lambda n: Client().post("/payments/webhook/", {"id": payment.provider_id}),
    )

    assert [r.status_code for r in responses] == [200] * 10
    order = Order.objects.get(pk=payment.order_id)
    assert order.status == "paid"
    assert OrderEvent.objects.filter(order=order, to_status="paid").count() == 1
    assert PaymentEvent.objects.filter(payment=payment, kind="status").count() == 1
    assert OrderEmail.objects.filter(order=order).count() == 1
    assert len(mail.outbox) == 1


def test_a_double_submit_at_the_same_moment_makes_one_order_and_one_payment(
    require_postgres, migrated_rows_restored
):
    tee = product_create(category=category_create(title="Shirts"), stock=10)
    client = Client()
    cart_add(client, tee, quantity=2)
    details_post(client)
    form = review_form(client)
    cookies = client.cookies

    def submit(n: int):
        twin = Client()
        twin.cookies = cookies  # the same browser, two requests
        return place(twin, form)

    responses = run_together(2, submit)

    assert all(not isinstance(r, Exception) for r in responses), responses
    assert Order.objects.exclude(status="pending").count() == 1
    assert Payment.objects.count() == 1
    assert {r["Location"] for r in responses} == {Payment.objects.get().checkout_url}
    assert StockLevel.objects.get(sku=Order.objects.get().items.get().sku).quantity == 8


def test_ten_concurrent_checkouts_with_a_single_use_code_use_it_once(
    require_postgres, migrated_rows_restored
):
    from decimal import Decimal

    from shop.pricing.models import CodeRedemption, DiscountCode

    DiscountCode.objects.create(
        code="ONCE", kind="percent", value=Decimal("10"), max_uses=1
    )
    tee = product_create(category=category_create(title="Shirts"), stock=50)
    shoppers = []
    for _ in range(10):
        client = Client()
        cart_add(client, tee)
        client.post("/cart/code/", {"code": "ONCE"})
        details_post(client)
        shoppers.append((client, review_form(client)))

    responses = run_together(10, lambda n: place(shoppers[n][0], shoppers[n][1]))

    assert all(not isinstance(r, Exception) for r in responses), responses
    assert sum(r["Location"].startswith("http") for r in responses) == 1
    assert sum(r["Location"] == "/cart/" for r in responses) == 9
    assert CodeRedemption.objects.count() == 1
    assert DiscountCode.objects.get().used_count == 1
    assert Order.objects.filter(status="awaiting_payment").count() == 1


def test_the_provider_is_called_with_no_order_row_locked(
    require_postgres, migrated_rows_restored, mollie_server, settings
):
    """A provider in front of the local server, while the shop waits for the
    create: from its own connection it locks the order (free), reads the payment
    row (committed, still new), and starts the payment a second time the way a
    double submit would; that second request gets the same payment row and the same
    payment at the provider."""
    from socketserver import ThreadingMixIn
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    from django.db import transaction
    from django.db.utils import OperationalError

    from shop.payments.services import payment_start

    seen: list = []

    def provider(environ, start_response):
        creating = (
            environ["REQUEST_METHOD"] == "POST"
            and environ["PATH_INFO"] == "/v2/payments"
        )
        if creating and not seen:
            try:
                with transaction.atomic():
                    order = Order.objects.select_for_update(nowait=True).get(
                        status="awaiting_payment"
                    )
                    seen.append(("order free", order.payments.get().status))
                second = payment_start(
                    order.pk, redirect_url="http://x.test/", webhook_url=""
                )
                seen.append(("second", second.pk, second.provider_id))
            except OperationalError as error:
                seen.append(("order locked", str(error)[:80]))
            finally:
                connection.close()
        return mollie_server(environ, start_response)

    class Server(ThreadingMixIn, WSGIServer):
        daemon_threads = True

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    server = make_server(
        "127.0.0.1", 0, provider, server_class=Server, handler_class=Quiet
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    tee = product_create(category=category_create(title="Shirts"), stock=10)
    client = Client()
    cart_add(client, tee)
    details_post(client)
    form = review_form(client)
    settings.MOLLIE_API_ENDPOINT = f"http://127.0.0.1:{server.server_port}"
    at_provider = len(mollie_server.payments)
    try:
        response = place(client, form)
    finally:
        server.shutdown()

    payment = Payment.objects.get()
    assert seen == [("order free", "new"), ("second", payment.pk, payment.provider_id)]
    assert response["Location"] == payment.checkout_url
    assert len(mollie_server.payments) == at_provider + 1
    assert PaymentEvent.objects.filter(payment=payment, kind="created").count() == 1
