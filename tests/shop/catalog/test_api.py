from decimal import Decimal

import pytest

from shop.catalog.models import StockLevel
from tests.factories.catalog import product_create

pytestmark = pytest.mark.django_db


def test_categories_are_listed_in_tree_order_with_parents(client, catalog_tree):
    response = client.get("/api/v1/categories/")

    assert response.status_code == 200
    rows = response.json()["results"]
    assert [r["title"] for r in rows] == ["T-shirts", "Mugs"]
    assert rows[0]["url"] == catalog_tree["shirts"].url
    assert rows[0]["parent_id"] is None  # the home page is not a category


def test_product_detail_has_variants_with_price_currency_and_stock(
    client, catalog_tree
):
    tee = catalog_tree["products"][0]
    StockLevel.objects.filter(sku=tee.variants.first().sku).update(quantity=3)

    response = client.get(f"/api/v1/products/{tee.pk}/")

    assert response.status_code == 200
    data = response.json()
    assert data["title"] == "Classic Tee"
    assert data["category_id"] == catalog_tree["shirts"].pk
    assert [c["name"] for c in data["colors"]] == ["Black", "White"]
    assert data["sizes"] == ["S", "M", "L"]
    assert len(data["variants"]) == 6
    first = data["variants"][0]
    assert first["price"] == {"amount": "19.90", "currency": "EUR"}
    assert "currency" not in first
    assert data["base_price"] == {"amount": "19.90", "currency": "EUR"}
    assert data["print_areas"][0]["price"]["currency"] == "EUR"
    assert first["stock"] == 3
    assert data["print_areas"][0]["view"] == "front"
    assert data["colors"][0]["images"]["front"].endswith(".png")


def test_products_can_be_filtered_by_category(client, catalog_tree):
    response = client.get(f"/api/v1/products/?category={catalog_tree['mugs'].pk}")

    assert [p["title"] for p in response.json()["results"]] == ["Enamel Mug"]


@pytest.mark.parametrize("value", ["abc", "-1", "0"])
def test_a_bad_category_filter_is_a_400_with_a_message(client, catalog_tree, value):
    response = client.get(f"/api/v1/products/?category={value}")

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert "category" in body["fields"]


def test_an_unknown_category_is_a_404(client, catalog_tree):
    assert client.get("/api/v1/products/?category=999999").status_code == 404


def test_unpublished_products_and_their_variants_are_hidden(client, catalog_tree):
    draft = product_create(
        category=catalog_tree["shirts"], title="Secret Tee", live=False
    )

    products = client.get("/api/v1/products/").json()["results"]
    variants = client.get(f"/api/v1/variants/?product={draft.pk}").json()["results"]

    assert "Secret Tee" not in [p["title"] for p in products]
    assert variants == []
    assert client.get(f"/api/v1/products/{draft.pk}/").status_code == 404


def test_variant_lookup_by_sku(client, catalog_tree):
    mug = catalog_tree["products"][2]
    sku = mug.variants.first().sku

    response = client.get(f"/api/v1/variants/{sku}/")

    assert response.status_code == 200
    assert response.json() == {
        "sku": sku,
        "product_id": mug.pk,
        "color": "White",
        "size": "One size",
        "price": {"amount": "12.00", "currency": "EUR"},
        "stock": 10,
    }
    assert client.get("/api/v1/variants/NOPE-1/").status_code == 404


def test_product_list_queries_do_not_grow_with_products(
    client, catalog_tree, django_assert_max_num_queries
):
    with django_assert_max_num_queries(30) as few:
        client.get("/api/v1/products/")
    for n in range(5):
        product_create(category=catalog_tree["shirts"], price=Decimal("9.00") + n)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/api/v1/products/")

    assert response.json()["count"] == 8


def test_the_api_is_read_only(client, catalog_tree):
    assert client.post("/api/v1/products/", {}).status_code == 405
    assert (
        client.delete(f"/api/v1/categories/{catalog_tree['mugs'].pk}/").status_code
        == 405
    )


def test_openapi_schema_is_published_and_describes_the_public_api_only(client):
    response = client.get(
        "/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    )

    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Atelier API"
    assert set(schema["paths"]) == {
        "/api/v1/cart/",
        "/api/v1/cart/codes/",
        "/api/v1/cart/codes/{code}/",
        "/api/v1/cart/designs/",
        "/api/v1/cart/lines/",
        "/api/v1/cart/lines/{line_id}/",
        "/api/v1/cart/lines/{line_id}/roster/",
        "/api/v1/cart/quote/",
        "/api/v1/designer/check/",
        "/api/v1/designer/clipart/",
        "/api/v1/designer/designs/",
        "/api/v1/designer/designs/{token}/",
        "/api/v1/designer/designs/{token}/duplicate/",
        "/api/v1/designer/templates/",
        "/api/v1/designer/uploads/",
        "/api/v1/categories/",
        "/api/v1/categories/{id}/",
        "/api/v1/products/",
        "/api/v1/products/{id}/",
        "/api/v1/variants/",
        "/api/v1/variants/{sku}/",
    }


def test_variants_are_paginated_in_the_database(
    client, catalog_tree, django_assert_max_num_queries
):
    with django_assert_max_num_queries(10):
        response = client.get("/api/v1/variants/?limit=2&offset=6")

    data = response.json()
    assert data["count"] == 10
    assert [row["product_id"] for row in data["results"]] == [
        catalog_tree["products"][1].pk
    ] * 2
    assert all(row["stock"] == 10 for row in data["results"])


def test_a_bad_product_filter_on_variants_is_a_400(client, catalog_tree):
    response = client.get("/api/v1/variants/?product=abc")

    assert response.status_code == 400
    assert response.json() == {
        "code": "invalid",
        "message": "Some values of the request are not valid.",
        "fields": {"product": ["“abc” is not a whole number."]},
    }


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("limit=101", "limit"),
        ("limit=0", "limit"),
        ("limit=99999999999999999999999", "limit"),
        ("offset=-1", "offset"),
        ("offset=18446744073709551616", "offset"),
        ("limit=abc", "limit"),
        ("offset=0.0", "offset"),
        ("limit=19.0", "limit"),
        ("limit=1e1", "limit"),
    ],
)
def test_page_size_and_offset_are_bounded_with_a_400(
    client, catalog_tree, query, field
):
    response = client.get(f"/api/v1/variants/?{query}")

    assert response.status_code == 400
    assert list(response.json()["fields"]) == [field]


@pytest.mark.parametrize("query", ["limit=", "offset=", "limit=%20&offset=0"])
def test_a_paging_parameter_without_a_value_is_a_400(client, catalog_tree, query):
    response = client.get(f"/api/v1/variants/?{query}")

    assert response.status_code == 400
    assert response.json()["fields"][query.split("=")[0]]


def test_a_full_page_is_at_most_100_rows(client, catalog_tree):
    response = client.get("/api/v1/variants/?limit=100")

    assert response.status_code == 200
    assert len(response.json()["results"]) == 10  # every variant there is


@pytest.mark.parametrize(
    "value",
    ["1e99", "%00", "99999999999999999999", "2147483648", "1.5", "3.0", "", "%20"],
)
def test_malformed_ids_in_filters_are_a_400(client, catalog_tree, value):
    products = client.get(f"/api/v1/products/?category={value}")
    variants = client.get(f"/api/v1/variants/?product={value}")

    assert (products.status_code, variants.status_code) == (400, 400)
    assert list(products.json()["fields"]) == ["category"]
    assert list(variants.json()["fields"]) == ["product"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/products/99999999999999999999999/",
        "/api/v1/categories/2147483648/",
        "/api/v1/variants/" + "A" * 10_000 + "/",
        "/api/v1/variants/P1%00/",
        "/api/v1/variants/%ff%fe/",
    ],
)
def test_ids_and_skus_the_database_cannot_hold_are_not_found(client, path):
    assert client.get(path).status_code in (400, 404)
