"""Every API error is {"code", "message"}; ShopError keeps its code and status."""

import pytest
from django.test import RequestFactory
from django.urls import path
from rest_framework.decorators import api_view

from shop.catalog.exceptions import OutOfStockError, StockError
from shop.core.exceptions import ShopError

pytestmark = pytest.mark.django_db


@api_view(["GET"])
def _sold_out(request):
    raise OutOfStockError("There are fewer than 2 units of A-1 in stock.")


@api_view(["GET"])
def _bad(request):
    raise StockError("The quantity must be at least 1.", code="invalid_quantity")


urlpatterns = [path("sold-out/", _sold_out), path("bad/", _bad)]


def _error_shape(body: dict) -> None:
    assert set(body) <= {"code", "message", "fields"}
    assert isinstance(body["code"], str) and body["code"]
    assert isinstance(body["message"], str) and body["message"]


def test_shop_error_has_a_default_code_status_and_an_override():
    assert (ShopError("x").code, ShopError("x").http_status) == ("shop_error", 400)
    assert ShopError("x", code="special").code == "special"
    assert (OutOfStockError("x").code, OutOfStockError("x").http_status) == (
        "out_of_stock",
        409,
    )


def test_shop_errors_answer_their_code_and_status():
    from django.test import override_settings

    with override_settings(ROOT_URLCONF=__name__):
        request = RequestFactory().get("/sold-out/")
        response = _sold_out(request)
        assert response.status_code == 409
        assert response.data == {
            "code": "out_of_stock",
            "message": "There are fewer than 2 units of A-1 in stock.",
        }
        response = _bad(RequestFactory().get("/bad/"))
        assert (response.status_code, response.data["code"]) == (
            400,
            "invalid_quantity",
        )


def test_validation_errors_have_fields(client, catalog_tree):
    response = client.get("/api/v1/products/?limit=abc")
    assert response.status_code == 400
    body = response.json()
    _error_shape(body)
    assert body["code"] == "invalid"
    assert "limit" in body["fields"]


def test_not_found_and_method_not_allowed(client, catalog_tree):
    response = client.get("/api/v1/variants/NOPE-1/")
    assert response.status_code == 404
    assert response.json() == {
        "code": "not_found",
        "message": "No variant has this SKU.",
    }
    response = client.post("/api/v1/products/", {})
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert "GET" in response["Allow"]


def test_unmatched_api_paths_answer_json(client):
    response = client.get("/api/v2/nothing/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_found"


def test_throttled_is_429_with_the_error_shape(client, settings):
    from django.core.cache import cache
    from rest_framework.throttling import AnonRateThrottle

    cache.clear()
    rates = {"anon": "1/minute"}
    original = AnonRateThrottle.THROTTLE_RATES
    AnonRateThrottle.THROTTLE_RATES = rates
    try:
        client.get("/api/v1/categories/")
        response = client.get("/api/v1/categories/")
    finally:
        AnonRateThrottle.THROTTLE_RATES = original
        cache.clear()
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
    assert "Retry-After" in response


def test_the_schema_documents_the_error_shape(client):
    schema = client.get(
        "/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    ).json()
    assert set(schema["components"]["schemas"]["Error"]["required"]) == {
        "code",
        "message",
    }
    for operations in schema["paths"].values():
        for operation in operations.values():
            for status in ("400", "404", "405", "429"):
                content = operation["responses"][status]["content"]
                assert content["application/json"]["schema"] == {
                    "$ref": "#/components/schemas/Error"
                }
