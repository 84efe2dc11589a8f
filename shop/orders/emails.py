"""Order e-mails to the customer, rendered from templates/orders/email/<kind>.txt
(first line: subject) and sent after the transaction commits.

They go through Django's e-mail API until the notifications app (Resend, sent by
Celery) exists. ``order_transition`` decides that each kind is sent once.
"""

from __future__ import annotations

from django.urls import reverse

from shop.accounts.emails import absolute_url, email_send
from shop.core.money import format_money


def order_link(order) -> str:
    """Where the buyer follows the order: their account, or the guest link."""
    if order.user_id:
        return absolute_url(reverse("orders:detail", args=[order.number]))
    return absolute_url(reverse("checkout:order", args=[order.token]))


def order_email_send(order, kind: str) -> None:
    email_send(
        to=order.email,
        template_name=f"orders/email/{kind}.txt",
        context={
            "order": order,
            "total": format_money(order.total),
            "order_url": order_link(order),
            "shipping": order.shipping_address,
        },
    )
