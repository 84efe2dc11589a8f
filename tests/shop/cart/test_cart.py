"""The cart, both flows: an anonymous session cart and a logged-in pending order."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from shop.cart.cleanup import carts_remove_stale
from shop.cart.stores import SESSION_KEY
from shop.catalog.models import ProductVariant, StockLevel
from shop.orders.models import Order, OrderItem
from shop.pricing.models import DiscountCode, VolumeTier, VolumeTierTable
from tests.factories.accounts import user_create
from tests.factories.catalog import category_create, product_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def tee():
    category = category_create(title="Shirts")
    return product_create(category=category, title="Classic Tee", stock=30)


def add(client, product, *, color="Black", size="M", quantity=1, **extra):
    headers = {k: extra.pop(k) for k in list(extra) if k.startswith("HTTP_")}
    return client.post(
        "/cart/add/",
        {
            "product": product.pk,
            "color": color,
            "size": size,
            "quantity": quantity,
            **extra,
        },
        **headers,
    )


def cart_html(client) -> str:
    response = client.get("/cart/")
    assert response.status_code == 200
    return response.content.decode()


def lines_of(client) -> list[dict]:
    return client.get("/api/v1/cart/").json()["lines"]


def logged_in(client, email="buyer@atelier.test"):
    user = user_create(email=email)
    client.force_login(user)
    return user


# --- anonymous: the session ------------------------------------------------------


def test_an_anonymous_shopper_adds_a_blank_product_without_javascript(client, tee):
    response = add(client, tee, quantity=2)

    assert response.status_code == 302 and response["Location"] == "/cart/"
    html = cart_html(client)
    assert "Classic Tee" in html and "Black · M · blank" in html
    assert "Cart (<span data-mini-cart-count>2</span>)" in html
    assert "Added 2 \u00d7 Classic Tee (Black, M) to your cart." in html
    assert "€\u00a039.80" in html  # 2 x 19.90
    assert not Order.objects.exists()  # nothing in the database for a visitor
    assert client.session[SESSION_KEY]["lines"][0]["quantity"] == 2


def test_with_javascript_the_add_answers_json_with_the_new_count(client, tee):
    add(client, tee)
    response = add(client, tee, size="L", HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    assert response.json() == {
        "ok": True,
        "message": "Added 1 \u00d7 Classic Tee (Black, L) to your cart.",
        "count": 2,
    }


def test_the_same_variant_adds_up_on_one_line(client, tee):
    add(client, tee)
    add(client, tee, quantity=3)

    assert [(line["sku"], line["quantity"]) for line in lines_of(client)] == [
        (tee.variants.get(color="Black", size="M").sku, 4)
    ]


def test_prices_posted_by_the_client_are_ignored(client, tee):
    add(client, tee, price="0.01", unit_price="0.01", total="0")

    line = lines_of(client)[0]
    assert line["quote"]["unit_price"] == {"amount": "19.90", "currency": "EUR"}


@pytest.mark.parametrize(
    ("quantity", "message"),
    [
        ("0", "Ensure this value is greater than or equal to 1."),
        ("-3", "Ensure this value is greater than or equal to 1."),
        ("1000", "Ensure this value is less than or equal to 999."),
        ("1e9", "Enter a whole number of pieces."),
        ("2.5", "Enter a whole number of pieces."),
        ("9" * 400, "Ensure this value is less than or equal to 999."),
        ("1\x00", "Enter a whole number of pieces."),
        ("", "This field is required."),
    ],
)
def test_a_bad_quantity_is_refused_with_a_message_and_stores_nothing(
    client, tee, quantity, message
):
    response = add(client, tee, quantity=quantity, HTTP_ACCEPT="application/json")

    assert response.status_code == 400
    assert response.json()["message"] == message
    assert SESSION_KEY not in client.session


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"color": "Purple"}, "Choose a color and a size that this product comes in."),
        ({"size": "XXXXL"}, "Choose a color and a size that this product comes in."),
        (
            {"size": "x" * 10_000},
            "Ensure this value has at most 20 characters (it has 10000).",
        ),
        ({"color": "Bl\x00ack"}, "Null characters are not allowed."),
        ({"product": "999999"}, "This product is not available."),
        (
            {"product": "99999999999999"},
            "Ensure this value is less than or equal to 2147483647.",
        ),
        ({"product": "abc"}, "Enter a whole number."),
    ],
)
def test_a_bad_product_color_or_size_is_refused(client, tee, fields, message):
    data = {"product": tee.pk, "color": "Black", "size": "M", "quantity": 1, **fields}

    response = client.post("/cart/add/", data, HTTP_ACCEPT="application/json")

    assert response.status_code == 400
    assert response.json()["message"] == message
    assert SESSION_KEY not in client.session


def test_never_more_than_the_stock(client, tee):
    sku = tee.variants.get(color="Black", size="M").sku
    StockLevel.objects.filter(sku=sku).update(quantity=3)

    add(client, tee, quantity=2)
    response = add(client, tee, quantity=2, HTTP_ACCEPT="application/json")

    assert response.status_code == 400
    assert response.json()["message"] == (
        "Only 3 of Classic Tee (Black, M) in stock; your cart would hold 4."
    )
    assert lines_of(client)[0]["quantity"] == 2

    StockLevel.objects.filter(sku=sku).update(quantity=0)
    response = add(client, tee, color="Black", size="M", HTTP_ACCEPT="application/json")
    assert response.json()["message"] == "Classic Tee (Black, M) is out of stock."


def test_a_draft_product_cannot_be_added(client):
    draft = product_create(category=category_create(), live=False)

    response = add(client, draft, HTTP_ACCEPT="application/json")

    assert response.status_code == 400
    assert response.json()["message"] == "This product is not available."


def test_quantity_update_and_remove(client, tee):
    add(client, tee, quantity=2)
    line_id = lines_of(client)[0]["id"]

    client.post(f"/cart/lines/{line_id}/", {"quantity": "5"})
    assert lines_of(client)[0]["quantity"] == 5

    response = client.post(f"/cart/lines/{line_id}/", {"quantity": "abc"})
    assert response.status_code == 302
    assert "Enter a whole number of pieces." in cart_html(client)
    assert lines_of(client)[0]["quantity"] == 5

    client.post(f"/cart/lines/{line_id}/remove/")
    assert lines_of(client) == []
    assert "Your cart is empty." in cart_html(client)


def test_an_unknown_line_is_a_message_not_an_error(client, tee):
    add(client, tee)
    for url in (
        "/cart/lines/nope/",
        "/cart/lines/nope/remove/",
        "/cart/lines/" + "x" * 5000 + "/remove/",
    ):
        response = client.post(url, {"quantity": "1"}, HTTP_ACCEPT="application/json")
        assert response.status_code == 400
        assert response.json()["message"] == "That line is no longer in your cart."


def test_an_anonymous_cart_expires_after_its_ttl(client, tee, settings):
    add(client, tee)
    session = client.session
    session[SESSION_KEY]["touched"] = time.time() - settings.CART_SESSION_TTL - 1
    session.save()

    assert lines_of(client) == []
    assert "Your cart is empty." in cart_html(client)


def test_a_cart_gives_its_session_the_cart_ttl(client, tee, settings):
    settings.CART_SESSION_TTL = 3600
    add(client, tee)

    assert client.session.get_expiry_age() == 3600


def test_the_cleanup_task_removes_expired_sessions_and_stale_user_carts(
    client, tee, settings
):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    add(client, tee)
    Session.objects.update(expire_date=timezone.now() - timezone.timedelta(seconds=1))
    stale_user, fresh_user = user_create(), user_create()
    stale = Order.objects.create(user=stale_user)
    Order.objects.create(user=fresh_user)
    Order.objects.filter(pk=stale.pk).update(
        updated_at=timezone.now()
        - timezone.timedelta(hours=settings.CART_USER_TTL_HOURS + 1)
    )

    from shop.cart.tasks import carts_clean_up

    assert carts_clean_up.delay().get() == {"user_carts": 1}
    assert not Session.objects.exists()
    assert list(Order.objects.values_list("user", flat=True)) == [fresh_user.pk]
    assert carts_remove_stale() == {"user_carts": 0}  # twice is harmless


# --- logged in: a pending order -------------------------------------------------------


def test_a_logged_in_shoppers_cart_is_a_pending_order(client, tee):
    user = logged_in(client)

    add(client, tee, quantity=2)

    order = Order.objects.get(user=user)
    assert order.status == "pending"
    item = order.items.get()
    assert (item.sku, item.quantity, item.unit_price_amount) == (
        tee.variants.get(color="Black", size="M").sku,
        2,
        Decimal("19.90"),
    )
    assert item.snapshot["title"] == "Classic Tee" and item.snapshot["size"] == "M"
    assert "Cart (<span data-mini-cart-count>2</span>)" in cart_html(client)


def test_logging_in_merges_the_anonymous_cart_into_the_users_cart(tee):
    user = user_create(email="merge@atelier.test", password="pw-merge-123")
    earlier = Client()
    earlier.force_login(user)
    add(earlier, tee, quantity=1)  # size M, already in the user's cart
    earlier_code = DiscountCode.objects.create(code="WELCOME", value=Decimal("5"))

    visitor = Client()
    add(visitor, tee, quantity=2)  # the same variant
    add(visitor, tee, size="L")  # a new line
    visitor.post("/cart/code/", {"code": earlier_code.code})
    response = visitor.post(
        "/account/login/",
        {"username": "merge@atelier.test", "password": "pw-merge-123"},
    )
    assert response.status_code == 302

    order = Order.objects.get(user=user)
    assert sorted((i.snapshot["size"], i.quantity) for i in order.items.all()) == [
        ("L", 1),
        ("M", 3),
    ]
    assert order.discount_codes == ["WELCOME"]
    assert SESSION_KEY not in visitor.session
    assert visitor.session.get_expiry_age() == visitor.session.get_session_cookie_age()


@pytest.mark.django_db(transaction=True)
def test_two_tabs_adding_at_once_both_count(migrated_rows_restored, require_postgres):
    """Two requests for one user's cart: the order row lock keeps both adds."""
    import threading

    from django.db import connection

    tee = product_create(category=category_create(), stock=30)
    user = user_create()
    Order.objects.create(user=user)
    clients = [Client(), Client()]
    for c in clients:
        c.force_login(user)
    barrier = threading.Barrier(2)
    errors = []

    def run(c):
        try:
            barrier.wait()
            add(c, tee, quantity=1)
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert not errors
    assert OrderItem.objects.get(order__user=user).quantity == 2


# --- snapshots ----------------------------------------------------------------------


def test_a_catalog_price_change_never_changes_a_line_and_the_cart_says_so(client, tee):
    add(client, tee, quantity=2)
    variant = tee.variants.get(color="Black", size="M")
    variant.price_amount = Decimal("24.90")
    variant.save()
    tee.title = "Classic Tee (new name)"
    tee.save_revision().publish()

    line = lines_of(client)[0]
    assert line["title"] == "Classic Tee"  # the snapshot
    assert line["unit_price_then"] == {"amount": "19.90", "currency": "EUR"}
    assert line["changed_since_added"] is True
    assert line["quote"]["unit_list"] == {"amount": "24.90", "currency": "EUR"}
    html = cart_html(client)
    assert (
        "The price changed from €\u00a019.90 to €\u00a024.90 since you added it."
        in html
    )
    assert "€\u00a049.80" in html  # the cart is re-quoted


def test_a_logged_in_lines_snapshot_is_kept_in_the_database(client, tee):
    logged_in(client)
    add(client, tee)
    ProductVariant.objects.filter(page=tee).update(price_amount=Decimal("1.00"))

    item = OrderItem.objects.get()
    assert item.unit_price_amount == Decimal("19.90")
    assert item.snapshot["unit_list"] == "19.90"


def test_a_product_that_is_gone_stays_listed_as_unavailable(client, tee):
    add(client, tee)
    tee.unpublish()

    html = cart_html(client)
    assert "This product is no longer available; remove it to continue." in html
    assert lines_of(client)[0]["available"] is False


# --- volume tiers in the cart -----------------------------------------------------------


def test_sizes_of_one_design_reach_a_tier_together(client, tee):
    table = VolumeTierTable.objects.create(name="Shirts", scope=tee.get_parent())
    VolumeTier.objects.create(table=table, min_quantity=10, percent_off=Decimal("5"))

    add(client, tee, size="S", quantity=4)
    add(client, tee, size="M", quantity=6)

    html = cart_html(client)
    assert html.count("-5\u00a0% for 10+") == 2
    assert "€\u00a018.90" in html
    assert "€\u00a0189.00" in html
