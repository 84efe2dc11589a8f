"""The cart API: CSRF for every visitor, JSON bodies checked by one schema, the cart
and quotes as documented."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.test import Client

from shop.pricing.models import (
    DiscountCode,
    PrintTechnique,
    VolumeTier,
    VolumeTierTable,
)
from tests.factories.api import api_client
from tests.factories.catalog import category_create, product_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def tee():
    category = category_create(title="Shirts")
    product = product_create(category=category, title="API Tee", stock=40)
    table = VolumeTierTable.objects.create(name="Shirts", scope=category)
    VolumeTier.objects.create(table=table, min_quantity=10, percent_off=Decimal("5"))
    return product


@pytest.fixture
def api():
    """A client that sends the CSRF cookie and header, as the site's JavaScript does."""
    return api_client()


def sku(product, size="M", color="Black"):
    return product.variants.get(color=color, size=size).sku


def test_without_the_csrf_header_a_change_is_refused(tee):
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        "/api/v1/cart/lines/",
        {"product": tee.pk, "sku": sku(tee)},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert client.get("/api/v1/cart/").json()["count"] == 0


def test_add_update_remove_through_the_api(api, tee):
    response = api(
        "post",
        "/api/v1/cart/lines/",
        {"product": tee.pk, "sku": sku(tee), "quantity": 2},
    )
    assert response.status_code == 201
    cart = response.json()
    line = cart["lines"][0]
    assert (line["title"], line["size"], line["quantity"]) == ("API Tee", "M", 2)
    assert cart["quote"]["goods"]["gross"] == {"amount": "39.80", "currency": "EUR"}
    assert cart["quote"]["total"]["gross"]["amount"] == str(
        Decimal(cart["quote"]["total"]["net"]["amount"])
        + Decimal(cart["quote"]["total"]["vat"]["amount"])
    )

    response = api("patch", f"/api/v1/cart/lines/{line['id']}/", {"quantity": 10})
    assert response.status_code == 200
    priced = response.json()["lines"][0]["quote"]
    assert priced["unit_price"]["amount"] == "18.90"
    assert priced["adjustments"] == [
        {
            "kind": "tier",
            "label": "-5 % for 10+",
            "amount": {"amount": "-10.00", "currency": "EUR"},
        }
    ]

    response = api("delete", f"/api/v1/cart/lines/{line['id']}/")
    assert response.status_code == 200 and response.json()["lines"] == []


def test_add_by_color_and_size_with_a_print_configuration(api, tee):
    PrintTechnique.objects.create(
        name="Screen print",
        slug="screen",
        surcharge_amount=Decimal("1.00"),
        extra_color_amount=Decimal("0.50"),
        is_default=True,
    )
    body = {
        "product": tee.pk,
        "color": "White",
        "size": "L",
        "configuration": {"areas": [{"view": "front", "colors": 3}]},
    }

    response = api("post", "/api/v1/cart/lines/", body)

    assert response.status_code == 201
    priced = response.json()["lines"][0]["quote"]
    # 19.90 + front 5.00 + screen 1.00 + 2 extra colors x 0.50
    assert priced["unit_list"]["amount"] == "26.90"
    assert [b["label"] for b in priced["breakdown"]] == [
        "Product",
        "Front print (Screen print, 3 colors)",
    ]


@pytest.mark.parametrize(
    ("configuration", "code"),
    [
        ({"areas": [{"view": "back"}]}, "unknown_print_area"),
        ({"areas": [{"view": "front", "technique": "laser"}]}, "unknown_technique"),
        ({"areas": [{"view": "front"}, {"view": "front"}]}, "invalid"),
        ({"areas": [{"view": "top"}]}, "invalid"),
        ({"areas": [{"view": "front", "colors": 13}]}, "invalid"),
        ({"areas": "front"}, "invalid"),
        ({"areas": [], "price": "0.01"}, "invalid"),
    ],
)
def test_a_configuration_that_cannot_be_printed_is_refused(
    api, tee, configuration, code
):
    response = api(
        "post",
        "/api/v1/cart/lines/",
        {"product": tee.pk, "sku": sku(tee), "configuration": configuration},
    )

    assert response.status_code == 400
    assert response.json()["code"] == code
    assert api("get", "/api/v1/cart/").json()["count"] == 0


HOSTILE_BODIES = [
    ("not json", "{"),
    ("a float quantity", '{"product": 1, "sku": "X", "quantity": 1.5}'),
    ("an exponent", '{"product": 1, "sku": "X", "quantity": 1e999}'),
    ("a string id", '{"product": "1", "sku": "X"}'),
    ("a boolean quantity", '{"product": 1, "sku": "X", "quantity": true}'),
    ("a huge id", '{"product": 99999999999999999999, "sku": "X"}'),
    ("a NUL byte", '{"product": 1, "sku": "X\\u0000"}'),
    ("10k characters", json.dumps({"product": 1, "sku": "x" * 10_000})),
    ("deep nesting", '{"product": 1, "configuration": ' + "[" * 200 + "]" * 200 + "}"),
    ("an unknown key", '{"product": 1, "sku": "X", "unit_price": "0.01"}'),
    ("duplicate keys", '{"product": 1, "product": 2, "sku": "X"}'),
    ("a list", "[1, 2]"),
    ("null", "null"),
    ("a huge body", json.dumps({"product": 1, "sku": "X", "pad": "x" * 300_000})),
]


@pytest.mark.parametrize(
    ("what", "raw"), HOSTILE_BODIES, ids=[w for w, _ in HOSTILE_BODIES]
)
@pytest.mark.parametrize(
    "path", ["/api/v1/cart/lines/", "/api/v1/cart/codes/", "/api/v1/cart/quote/"]
)
def test_hostile_bodies_get_a_400_and_store_nothing(api, tee, what, raw, path):
    response = api("post", path, raw=raw)

    assert response.status_code == 400, (what, response.content[:300])
    body = response.json()
    assert body["code"] and body["message"]
    assert api("get", "/api/v1/cart/").json()["count"] == 0


def test_a_body_that_is_not_json_is_a_415(api, tee):
    response = api(
        "post",
        "/api/v1/cart/lines/",
        raw="product=1",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 415


def test_a_roster_through_the_api(api, tee):
    cart = api(
        "post", "/api/v1/cart/lines/", {"product": tee.pk, "sku": sku(tee)}
    ).json()
    line_id = cart["lines"][0]["id"]
    pieces = [
        {"size": "S" if n % 2 else "L", "name": f"Player {n}", "number": str(n)}
        for n in range(12)
    ]

    response = api("put", f"/api/v1/cart/lines/{line_id}/roster/", {"pieces": pieces})

    assert response.status_code == 200
    cart = response.json()
    assert [(line["size"], line["quantity"]) for line in cart["lines"]] == [
        ("S", 6),
        ("L", 6),
    ]
    assert all(
        line["quote"]["unit_price"]["amount"] == "18.90" for line in cart["lines"]
    )

    bad = api(
        "put", f"/api/v1/cart/lines/{line_id}/roster/", {"pieces": [{"size": "XXL"}]}
    )
    assert bad.status_code == 400


def test_codes_through_the_api(api, tee):
    DiscountCode.objects.create(code="TEN", value=Decimal("10"))
    api("post", "/api/v1/cart/lines/", {"product": tee.pk, "sku": sku(tee)})

    unknown = api("post", "/api/v1/cart/codes/", {"code": "NOPE"})
    assert unknown.status_code == 409
    assert unknown.json() == {
        "code": "unknown",
        "message": "“NOPE” is not a valid code.",
    }

    applied = api("post", "/api/v1/cart/codes/", {"code": "ten"})
    assert applied.status_code == 200
    assert applied.json()["quote"]["codes"] == ["TEN"]
    assert applied.json()["quote"]["charges"][0]["label"] == "Code TEN: -10 %"

    removed = api("delete", "/api/v1/cart/codes/TEN/")
    assert removed.json()["quote"]["codes"] == []


def test_a_quote_prices_without_touching_the_cart(api, tee):
    response = api(
        "post",
        "/api/v1/cart/quote/",
        {
            "lines": [
                {"product": tee.pk, "sku": sku(tee, "S"), "quantity": 4},
                {
                    "product": tee.pk,
                    "color": "Black",
                    "size": "M",
                    "quantity": 6,
                    "roster": [{"name": "Ana", "number": "7"}],
                },
            ],
            "codes": ["NOPE"],
        },
    )

    assert response.status_code == 200
    quote = response.json()
    assert [line["unit_price"]["amount"] for line in quote["lines"]] == [
        "18.90",
        "18.90",
    ]
    assert quote["code_problems"] == [
        {"code": "NOPE", "problem": "unknown", "message": "“NOPE” is not a valid code."}
    ]
    assert api("get", "/api/v1/cart/").json()["count"] == 0


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ({"product": 999999, "sku": "X"}, "unknown_product"),
        ({"product": "TEE", "sku": "NOPE"}, "unknown_variant"),
        ({"product": "TEE", "color": "Purple", "size": "M"}, "unknown_variant"),
    ],
)
def test_a_quote_for_something_we_do_not_sell_is_a_400(api, tee, line, code):
    if line["product"] == "TEE":
        line = {**line, "product": tee.pk}

    response = api("post", "/api/v1/cart/quote/", {"lines": [line]})

    assert response.status_code == 400
    assert response.json()["code"] == code


def test_the_schema_documents_the_cart(client):
    schema = client.get("/api/schema/?format=json").json()

    paths = schema["paths"]
    assert set(paths["/api/v1/cart/lines/"]) == {"post"}
    assert "409" in paths["/api/v1/cart/codes/"]["post"]["responses"]
    assert "403" in paths["/api/v1/cart/lines/"]["post"]["responses"]
    assert schema["components"]["schemas"]["LineAdd"]["additionalProperties"] is False
    assert "403" not in paths["/api/v1/products/"]["get"]["responses"]
