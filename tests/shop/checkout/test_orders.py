"""The order lifecycle: one service for every transition, coded refusals, history,
e-mails sent once, the buyer's pages and the backoffice."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from shop.designer.models import DesignReview, DesignSnapshot
from shop.orders.exceptions import OrderTransitionError
from shop.orders.models import Order, OrderEmail, OrderEvent
from shop.orders.services import (
    TRANSITIONS,
    order_production_start,
    order_transition,
    orders_deliver_overdue,
)
from shop.payments.models import Payment
from tests.factories.accounts import user_create
from tests.factories.catalog import category_create, product_create
from tests.factories.orders import order_placed, payment_end

pytestmark = pytest.mark.django_db
S = Order.Status


@pytest.fixture
def buyer(client):
    user = user_create(email="buyer@example.com")
    client.force_login(user)
    return user


@pytest.fixture
def staff():
    return user_create(email="staff@atelier.test", groups=("Fulfilment",))


@pytest.fixture
def paid_order(client, buyer, mollie_server, django_capture_on_commit_callbacks):
    tee = product_create(category=category_create(title="Shirts"), stock=5)
    order_placed(client, tee, email="buyer@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        payment_end(mollie_server, client, Payment.objects.get())
    return Order.objects.exclude(status="pending").get()


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (s, t)
        for s in [c for c in S.values if c != "pending"]
        for t in S.values
        if t not in TRANSITIONS.get(s, ())
    ][:40],
)
def test_illegal_transitions_are_refused_with_a_code(paid_order, start, target):
    Order.objects.filter(pk=paid_order.pk).update(status=start)
    events = OrderEvent.objects.count()
    with pytest.raises(OrderTransitionError) as raised:
        order_transition(paid_order.pk, target)
    assert raised.value.code == "illegal_transition"
    assert Order.objects.get(pk=paid_order.pk).status == start
    assert OrderEvent.objects.count() == events


def test_the_whole_way_records_history_and_mails_each_step_once(
    client, paid_order, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        order_production_start(order_id=paid_order.pk, actor=staff)
        order_transition(
            paid_order.pk,
            S.SHIPPED,
            actor=staff,
            carrier="PostNL",
            tracking_number="3SABC123",
        )
    order = Order.objects.get(pk=paid_order.pk)
    assert order.tracking_number == "3SABC123" and order.shipped_at
    page = client.get(reverse("orders:detail", args=[order.number])).content.decode()
    assert "3SABC123" in page and "data-confirm-delivery" in page

    response = client.post(reverse("orders:delivered", args=[order.number]))
    assert response.status_code == 302
    again = client.post(reverse("orders:delivered", args=[order.number]))
    assert again.status_code == 302

    order.refresh_from_db()
    assert order.status == "delivered" and order.delivered_at
    assert [e.to_status for e in order.events.all()] == [
        "awaiting_payment",
        "paid",
        "in_production",
        "shipped",
        "delivered",
    ]
    shipped = order.events.get(to_status="shipped")
    assert shipped.actor == staff and shipped.from_status == "in_production"
    assert order.events.get(to_status="delivered").actor_label == "buyer"
    kinds = sorted(
        OrderEmail.objects.filter(order=order).values_list("kind", flat=True)
    )
    assert kinds == ["in_production", "paid", "shipped"]
    assert len(mail.outbox) == 3
    assert "Tracking number: 3SABC123" in mail.outbox[-1].body


def test_an_email_kind_goes_out_once_even_if_the_state_comes_back(
    paid_order, staff, django_capture_on_commit_callbacks
):
    from decimal import Decimal

    from shop.core.money import Money
    from shop.payments.services import refund_create

    with django_capture_on_commit_callbacks(execute=True):
        for key in ("a", "b"):
            refund_create(
                order_id=paid_order.pk,
                amount=Money(Decimal("1.00"), "EUR"),
                reason="",
                actor=staff,
                request_key=key,
            )
    assert (
        OrderEmail.objects.filter(order=paid_order, kind="partially_refunded").count()
        == 1
    )
    assert [m.subject for m in mail.outbox].count(
        f"Partial refund for order {paid_order.number}"
    ) == 1


def test_a_flagged_design_blocks_production_until_approved(paid_order, staff):
    item = paid_order.items.get()
    snapshot = DesignSnapshot.objects.create(
        digest="a" * 64,
        product_id=item.product_id,
        color="Black",
        configuration={"areas": []},
        document={},
        texts="",
    )
    review = DesignReview.objects.create(snapshot=snapshot, matched_words="bad")
    item.configuration = {**item.configuration, "design": snapshot.digest}
    item.save()

    with pytest.raises(OrderTransitionError) as raised:
        order_production_start(order_id=paid_order.pk, actor=staff)
    assert raised.value.code == "design_not_approved"
    assert Order.objects.get(pk=paid_order.pk).status == "paid"

    review.status = DesignReview.Status.APPROVED
    review.save()
    assert order_production_start(order_id=paid_order.pk, actor=staff).status == (
        "in_production"
    )


def test_shipped_orders_count_as_delivered_after_the_set_days(
    paid_order, staff, settings
):
    order_production_start(order_id=paid_order.pk, actor=staff)
    order_transition(paid_order.pk, S.SHIPPED, actor=staff)
    later = timezone.now() + timedelta(days=settings.ORDER_AUTO_DELIVER_DAYS + 1)

    assert orders_deliver_overdue(now=timezone.now()) == 0
    assert orders_deliver_overdue(now=later) == 1
    assert orders_deliver_overdue(now=later) == 0
    event = OrderEvent.objects.get(order=paid_order, to_status="delivered")
    assert event.actor_label == "system"


def test_a_buyer_sees_only_their_own_orders(client, paid_order):
    listing = client.get(reverse("orders:list")).content.decode()
    assert paid_order.number in listing and "Paid" in listing
    stranger = user_create(email="other@example.com")
    client.force_login(stranger)
    assert (
        client.get(reverse("orders:detail", args=[paid_order.number])).status_code
        == 404
    )
    assert paid_order.number not in client.get(reverse("orders:list")).content.decode()
    response = client.post(reverse("orders:delivered", args=[paid_order.number]))
    assert response.status_code == 404


@pytest.mark.parametrize("number", ["x" * 10_000, "%00", "1e999999", "../../etc"])
def test_odd_order_numbers_are_404s(client, buyer, number):
    assert client.get(f"/account/orders/{number}/").status_code in (400, 404)


def test_a_buyer_cannot_confirm_an_order_that_has_not_shipped(client, paid_order):
    client.post(reverse("orders:delivered", args=[paid_order.number]))
    assert Order.objects.get(pk=paid_order.pk).status == "paid"


# --- the backoffice ---------------------------------------------------------------


@pytest.fixture
def admin_client(staff):
    from django.test import Client

    client = Client()
    client.force_login(staff)
    return client


def test_fulfilment_lists_filters_and_searches_orders(admin_client, paid_order):
    index = reverse("orders_admin_index")
    assert paid_order.number in admin_client.get(index).content.decode()
    assert (
        paid_order.number in admin_client.get(index, {"q": "buyer@"}).content.decode()
    )
    assert (
        paid_order.number
        in admin_client.get(index, {"status": "paid"}).content.decode()
    )
    assert (
        paid_order.number
        in admin_client.get(index, {"method": "ideal"}).content.decode()
    )
    assert (
        paid_order.number
        not in admin_client.get(index, {"status": "shipped"}).content.decode()
    )
    today = timezone.localdate().isoformat()
    assert (
        paid_order.number
        in admin_client.get(
            index, {"placed_from": today, "placed_to": today}
        ).content.decode()
    )


@pytest.mark.parametrize(
    "query",
    [
        {"q": "x" * 10_000},
        {"q": "a\x00b"},
        {"status": "nope"},
        {"placed_from": "1e999999"},
        {"page": "99999999999999999999"},
        {"page": "-1"},
    ],
)
def test_odd_filters_are_no_server_error(admin_client, paid_order, query):
    response = admin_client.get(reverse("orders_admin_index"), query)
    assert response.status_code == 200


def test_the_order_page_shows_everything_and_its_actions_work(
    admin_client, paid_order, staff
):
    page = reverse("orders_admin_inspect", args=[paid_order.pk])
    html = admin_client.get(page).content.decode()
    assert "Mark in production" in html and "Keizersgracht 1" in html
    assert "Refund" in html and "awaiting_payment → paid" in html

    admin_client.post(
        reverse("orders_admin_action", args=[paid_order.pk, "production"])
    )
    admin_client.post(
        reverse("orders_admin_action", args=[paid_order.pk, "ship"]),
        {"carrier": "DHL", "tracking_number": "JD0001"},
    )
    order = Order.objects.get(pk=paid_order.pk)
    assert order.status == "shipped" and order.tracking_number == "JD0001"
    response = admin_client.post(
        reverse("orders_admin_action", args=[paid_order.pk, "production"])
    )
    assert response.status_code == 302
    assert Order.objects.get(pk=paid_order.pk).status == "shipped"


def test_a_refund_from_the_admin_goes_through_the_gateway(admin_client, paid_order):
    response = admin_client.post(
        reverse("orders_admin_action", args=[paid_order.pk, "refund"]),
        {
            "amount": "5,00",
            "reason": "Scratch",
            "request_key": "7f1e7a0e-2f6a-4a57-9e0c-2d3b2a6a0f11",
        },
    )
    assert response.status_code == 302
    assert Order.objects.get(pk=paid_order.pk).status == "partially_refunded"


@pytest.mark.parametrize("amount", ["", "abc", "1e999999", "-1", "99999999999999"])
def test_a_bad_refund_amount_is_a_message(admin_client, paid_order, amount):
    response = admin_client.post(
        reverse("orders_admin_action", args=[paid_order.pk, "refund"]),
        {"amount": amount, "request_key": "7f1e7a0e-2f6a-4a57-9e0c-2d3b2a6a0f12"},
    )
    assert response.status_code == 302
    assert Order.objects.get(pk=paid_order.pk).status == "paid"


def test_editors_and_buyers_cannot_reach_the_orders(paid_order):
    from django.test import Client

    client = Client()
    editor = user_create(email="ed@atelier.test", groups=("Editors",))
    client.force_login(editor)
    assert client.get(reverse("orders_admin_index")).status_code in (302, 403)
    assert (
        client.post(reverse("orders_admin_action", args=[paid_order.pk, "production"]))
    ).status_code in (302, 403)
    assert Order.objects.get(pk=paid_order.pk).status == "paid"


def test_the_order_list_costs_the_same_queries_for_more_orders(
    admin_client, paid_order, django_assert_max_num_queries
):
    index = reverse("orders_admin_index")
    admin_client.get(index)
    with django_assert_max_num_queries(20) as few:
        admin_client.get(index)
    for _ in range(30):
        clone = Order.objects.get(pk=paid_order.pk)
        clone.pk = None
        clone.token = uuid.uuid4()
        clone.checkout_key = None
        clone.number = ""
        clone.save()
    with django_assert_max_num_queries(len(few.captured_queries)):
        admin_client.get(index)
