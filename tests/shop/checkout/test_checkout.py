"""Checkout: details, review, placing the order, the provider's page and the
return, on the real mollie-api-python client against the local server."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail

from shop.catalog.models import StockLevel
from shop.checkout.models import ShippingMethod
from shop.orders.models import Order, OrderEmail, OrderEvent
from shop.payments.models import Payment, PaymentEvent
from shop.pricing.models import CodeRedemption, DiscountCode
from tests.factories.accounts import address_create, user_create
from tests.factories.catalog import category_create, product_create
from tests.factories.orders import (
    DETAILS,
    cart_add,
    details_post,
    order_placed,
    payment_end,
    place,
    review_form,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tee():
    return product_create(
        category=category_create(title="Shirts"), title="Tee", stock=5
    )


def test_a_guest_checks_out_and_pays_with_ideal(
    client, tee, mollie_server, django_capture_on_commit_callbacks
):
    cart_add(client, tee, quantity=1)
    page = client.get("/checkout/")
    html = page.content.decode()
    assert page.status_code == 200
    # The methods the provider enables for EUR, from the local server over HTTP.
    assert "iDEAL" in html and "Bancontact" in html and "TWINT" not in html
    assert "Standard delivery" in html and "Express" in html

    assert details_post(client).status_code == 302
    review = client.get("/checkout/review/").content.decode()
    assert "Keizersgracht 1" in review and "paying by iDEAL" in review
    assert "€\u00a024.85" in review  # 19.90 + 4.95 standard shipping

    response = place(client)

    order = Order.objects.get()
    payment = order.payments.get()
    assert response.status_code == 302
    assert response["Location"] == payment.checkout_url
    assert payment.checkout_url.startswith(mollie_server.base_url + "/checkout/tr_")
    assert order.status == "awaiting_payment"
    assert order.number.endswith(f"-{order.pk:06d}")
    assert order.total_gross_amount == Decimal("24.85")
    assert order.total_net_amount + order.total_vat_amount == Decimal("24.85")
    item = order.items.get()
    assert item.gross_amount == Decimal("19.90")
    assert item.net_amount + item.vat_amount == Decimal("19.90")
    assert order.quote["charges"][0]["kind"] == "shipping"
    assert order.shipping_address["city"] == "Amsterdam"
    assert StockLevel.objects.get(sku=item.sku).quantity == 4  # reserved
    assert client.get("/cart/").content.decode().count("data-cart-line") == 0

    with django_capture_on_commit_callbacks(execute=True):
        assert payment_end(mollie_server, client, payment).status_code == 200

    order.refresh_from_db()
    assert order.status == "paid" and order.paid_at is not None
    assert [e.to_status for e in order.events.all()] == ["awaiting_payment", "paid"]
    assert [m.subject for m in mail.outbox] == [
        f"Order {order.number} confirmed: thank you"
    ]
    assert "Keizersgracht" not in mail.outbox[0].subject
    page = client.get(f"/checkout/orders/{order.token}/").content.decode()
    assert "Thank you for your order" in page and order.number in page


def test_the_return_page_syncs_the_payment_before_the_webhook(
    client, tee, mollie_server
):
    order_placed(client, tee)
    payment = Payment.objects.get()
    mollie_server.payment_end(payment.provider_id, "paid")  # no webhook yet

    page = client.get(f"/checkout/orders/{payment.order.token}/")

    assert 'data-order-status="paid"' in page.content.decode()
    assert Order.objects.get().status == "paid"
    assert PaymentEvent.objects.filter(source="return", kind="status").count() == 1


def test_a_canceled_payment_can_be_tried_again(client, tee, mollie_server):
    order_placed(client, tee)
    first = Payment.objects.get()
    payment_end(mollie_server, client, first, "canceled")

    page = client.get(f"/checkout/orders/{first.order.token}/").content.decode()
    assert "The payment was canceled" in page
    response = client.post(f"/checkout/orders/{first.order.token}/pay/")

    second = Payment.objects.exclude(pk=first.pk).get()
    assert response["Location"] == second.checkout_url
    payment_end(mollie_server, client, second)
    assert Order.objects.get().status == "paid"


def test_a_double_submit_makes_one_order_and_one_payment(client, tee):
    cart_add(client, tee, quantity=2)
    details_post(client)
    form = review_form(client)

    first = place(client, form)
    second = place(client, form)

    assert Order.objects.exclude(status="pending").count() == 1
    assert Payment.objects.count() == 1
    assert first["Location"] == second["Location"] == Payment.objects.get().checkout_url
    assert StockLevel.objects.get(sku=Order.objects.get().items.get().sku).quantity == 3


def test_an_unreachable_provider_keeps_the_order_and_pay_tries_the_same_payment(
    client, tee, settings, mollie_server
):
    cart_add(client, tee)
    details_post(client)
    form = review_form(client)
    endpoint = settings.MOLLIE_API_ENDPOINT
    settings.MOLLIE_API_ENDPOINT = "http://127.0.0.1:9"  # nothing listens

    response = place(client, form)

    order = Order.objects.get(status="awaiting_payment")
    assert response["Location"] == f"/checkout/orders/{order.token}/"
    waiting = Payment.objects.get()
    assert (waiting.status, waiting.provider_id, waiting.checkout_url) == (
        "new",
        None,
        "",
    )
    page = client.get(response["Location"]).content.decode()
    assert "Pay" in page

    settings.MOLLIE_API_ENDPOINT = endpoint
    at_provider = len(mollie_server.payments)
    response = client.post(f"/checkout/orders/{order.token}/pay/")

    payment = Payment.objects.get()
    assert (payment.pk, payment.key) == (waiting.pk, waiting.key)
    assert payment.status == "open" and response["Location"] == payment.checkout_url
    assert len(mollie_server.payments) == at_provider + 1
    assert PaymentEvent.objects.filter(payment=payment, kind="created").count() == 1


def test_a_payment_the_provider_made_but_whose_answer_was_lost_is_the_one_used(
    client, tee, settings, mollie_server
):
    """The provider created the payment but the shop never heard back: the retry
    sends the same idempotency key and gets that payment, not a second one."""
    from shop.payments.gateway import gateway_get

    cart_add(client, tee)
    details_post(client)
    form = review_form(client)
    endpoint = settings.MOLLIE_API_ENDPOINT
    settings.MOLLIE_API_ENDPOINT = "http://127.0.0.1:9"
    place(client, form)
    settings.MOLLIE_API_ENDPOINT = endpoint
    waiting = Payment.objects.get()
    made = gateway_get().payment_create(
        amount=waiting.money,
        description="Order (the answer was lost)",
        redirect_url="http://testserver/return",
        webhook_url="http://testserver/payments/webhook/",
        method=waiting.method,
        metadata={},
        idempotency_key=waiting.idempotency_key,
    )
    at_provider = len(mollie_server.payments)

    client.post(f"/checkout/orders/{waiting.order.token}/pay/")

    assert Payment.objects.get().provider_id == made.id
    assert len(mollie_server.payments) == at_provider


def test_changed_prices_are_shown_before_anything_is_placed(client, tee):
    cart_add(client, tee)
    details_post(client)
    form = review_form(client)
    ShippingMethod.objects.filter(name="Standard delivery").update(price_amount=9)

    response = place(client, form)

    assert response.status_code == 409
    html = response.content.decode()
    assert "Prices changed since you opened this page" in html
    assert "€\u00a028.90" in html  # the new total is on the page
    assert not Order.objects.exclude(status="pending").exists()
    assert place(client).status_code == 302  # with the new fingerprint


def test_terms_must_be_accepted(client, tee):
    cart_add(client, tee)
    details_post(client)
    form = review_form(client)
    response = client.post("/checkout/review/", form)
    assert "Accept the terms to place your order." in response.content.decode()
    assert not Order.objects.exclude(status="pending").exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "not-an-email", "Enter a valid email address."),
        ("billing-postal_code", "ABC", "1012 AB"),
        ("billing-country", "XX", "Select a valid choice."),
        ("billing-full_name", "", "This field is required."),
        ("billing-street", "x" * 10_000, "at most"),
        ("billing-city", "Am\x00sterdam", "control"),
        ("payment_method", "twint", "Select a valid choice."),
        ("shipping_method", "99999", "Select a valid choice."),
    ],
)
def test_every_field_says_what_is_wrong(client, tee, field, value, message):
    cart_add(client, tee)
    response = details_post(client, **{field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "checkout" not in client.session


def test_a_separate_shipping_address_is_checked_and_used(client, tee):
    cart_add(client, tee)
    response = details_post(client, ship_to_billing=None)
    assert "Check the shipping address." in response.content.decode()
    details_post(
        client,
        ship_to_billing=None,
        **{
            "shipping-full_name": "Bert Muster",
            "shipping-street": "Rue Neuve 2",
            "shipping-postal_code": "1000",
            "shipping-city": "Brussels",
            "shipping-country": "BE",
        },
    )
    place(client)
    order = Order.objects.exclude(status="pending").get()
    assert order.shipping_address["city"] == "Brussels"
    assert order.billing_address["city"] == "Amsterdam"


def test_a_method_that_does_not_serve_the_country_is_refused(client, tee):
    express = ShippingMethod.objects.get(name="Express")
    express.countries = "DE"
    express.save()
    cart_add(client, tee)
    response = details_post(client, shipping_method=str(express.pk))
    assert "Express does not ship to Netherlands" in response.content.decode()


def test_a_logged_in_buyer_picks_addresses_from_the_book(client, tee):
    user = user_create(email="book@example.com")
    home = address_create(
        user=user,
        country="NL",
        postal_code="1015 CJ",
        city="Amsterdam",
        is_default_billing=True,
        is_default_shipping=True,
    )
    client.force_login(user)
    cart_add(client, tee)
    page = client.get("/checkout/").content.decode()
    assert "book@example.com" in page and "Bahnhofstrasse 1" in page

    response = client.post(
        "/checkout/",
        {
            "email": "book@example.com",
            "billing_choice": str(home.pk),
            "ship_to_billing": "on",
            "shipping_method": str(ShippingMethod.objects.first().pk),
            "payment_method": "creditcard",
        },
    )
    assert response.status_code == 302
    place(client)
    order = Order.objects.exclude(status="pending").get()
    assert order.user == user and order.shipping_address["street"] == "Bahnhofstrasse 1"
    assert not Order.objects.filter(status="pending").exists()  # the cart is gone
    assert client.get("/account/orders/").content.decode().count(order.number) >= 1


def test_a_discount_code_is_counted_when_the_order_is_placed_and_given_back_on_expiry(
    client, tee
):
    from datetime import timedelta

    from django.utils import timezone

    from shop.payments.services import orders_expire_unpaid

    DiscountCode.objects.create(
        code="ONCE", kind="percent", value=Decimal("10"), max_uses=1
    )
    cart_add(client, tee)
    client.post("/cart/code/", {"code": "ONCE"})
    order_placed_response = (details_post(client), place(client))[1]
    assert order_placed_response.status_code == 302
    order = Order.objects.exclude(status="pending").get()
    assert order.discount_codes == ["ONCE"]
    assert CodeRedemption.objects.get().order_reference == order.number
    assert DiscountCode.objects.get().used_count == 1
    sku = order.items.get().sku

    expired = orders_expire_unpaid(now=timezone.now() + timedelta(days=1))

    order.refresh_from_db()
    assert expired == 1 and order.status == "expired" and not order.stock_reserved
    assert StockLevel.objects.get(sku=sku).quantity == 5
    assert not CodeRedemption.objects.exists()
    assert DiscountCode.objects.get().used_count == 0
    assert OrderEmail.objects.filter(order=order, kind="expired").exists()
    assert orders_expire_unpaid(now=timezone.now() + timedelta(days=1)) == 0


def test_expiry_asks_the_provider_first_so_a_lost_webhook_does_not_expire_a_paid_order(
    client, tee, mollie_server
):
    from datetime import timedelta

    from django.utils import timezone

    from shop.payments.services import orders_expire_unpaid

    order_placed(client, tee)
    payment = Payment.objects.get()
    mollie_server.payment_end(payment.provider_id, "paid")  # the webhook got lost

    assert orders_expire_unpaid(now=timezone.now() + timedelta(days=1)) == 0
    assert Order.objects.exclude(status="pending").get().status == "paid"


def test_an_empty_cart_cannot_check_out(client):
    response = client.get("/checkout/")
    assert response.status_code == 302 and response["Location"] == "/cart/"
    assert client.get("/checkout/review/")["Location"] == "/checkout/"


def test_events_record_who_and_when(client, tee, mollie_server):
    order_placed(client, tee)
    payment_end(mollie_server, client, Payment.objects.get())
    events = list(OrderEvent.objects.order_by("pk"))
    assert [(e.from_status, e.to_status, e.actor_label) for e in events] == [
        ("", "awaiting_payment", "shopper"),
        ("awaiting_payment", "paid", "payment provider"),
    ]
    assert DETAILS["email"] == Order.objects.exclude(status="pending").get().email
