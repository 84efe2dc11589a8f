"""Checkout helpers: a cart, the details form, the review and the provider's page."""

from __future__ import annotations

import re

from shop.payments.models import Payment

DETAILS = {
    "email": "anna@example.com",
    "billing-full_name": "Anna Muster",
    "billing-street": "Keizersgracht 1",
    "billing-postal_code": "1015 CJ",
    "billing-city": "Amsterdam",
    "billing-country": "NL",
    "ship_to_billing": "on",
    "payment_method": "ideal",
}


def cart_add(client, product, *, color="Black", size="M", quantity=1):
    response = client.post(
        "/cart/add/",
        {"product": product.pk, "color": color, "size": size, "quantity": quantity},
    )
    assert response.status_code == 302, response.content[:500]
    return response


def details_post(client, **overrides):
    from shop.checkout.models import ShippingMethod

    data = {
        **DETAILS,
        "shipping_method": str(ShippingMethod.objects.order_by("position").first().pk),
        **overrides,
    }
    return client.post("/checkout/", {k: v for k, v in data.items() if v is not None})


def review_form(client) -> dict:
    """The hidden fields of the review page (checkout key and quote fingerprint)."""
    html = client.get("/checkout/review/").content.decode()
    found = dict(re.findall(r'name="(checkout_key|fingerprint)" value="([^"]+)"', html))
    assert set(found) == {"checkout_key", "fingerprint"}, html[:2000]
    return found


def place(client, form: dict | None = None, **extra):
    form = form or review_form(client)
    return client.post("/checkout/review/", {**form, "accept_terms": "on", **extra})


def order_placed(client, product, **details):
    """Cart -> details -> review -> place: the response (a redirect to the
    provider's page)."""
    cart_add(client, product)
    response = details_post(client, **details)
    assert response.status_code == 302, response.content.decode()[:3000]
    return place(client)


def payment_end(mollie, client, payment: Payment, status: str = "paid"):
    """The tester's choice on the hosted page, then the webhook as Mollie sends it."""
    mollie.payment_end(payment.provider_id, status)
    return client.post("/payments/webhook/", {"id": payment.provider_id})
