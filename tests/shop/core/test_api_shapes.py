"""The API schema has one money shape and one error shape."""

import pytest

pytestmark = pytest.mark.django_db

PRICE_NAMES = ("price", "base_price", "amount_total", "shipping_cost")


def _schema(client) -> dict:
    response = client.get(
        "/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    )
    assert response.status_code == 200
    return response.json()


def _objects(node):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _objects(value)
    elif isinstance(node, list):
        for value in node:
            yield from _objects(value)


def _is_money(prop: dict) -> bool:
    if prop.get("$ref") == "#/components/schemas/Money":
        return True
    return any(_is_money(p) for p in prop.get("allOf", []))


def test_every_price_in_the_schema_is_the_money_component(client):
    schema = _schema(client)
    components = schema["components"]["schemas"]
    assert set(components["Money"]["properties"]) == {"amount", "currency"}

    prices = 0
    for name, component in components.items():
        if name == "Money":
            continue
        for node in _objects(component):
            for prop_name, prop in node.get("properties", {}).items():
                if "price" in prop_name or prop_name.endswith("_amount"):
                    assert _is_money(prop), f"{name}.{prop_name} is not Money"
                    prices += 1
                # no currency next to an amount: the currency is inside Money
                assert prop_name != "currency", f"{name} has a currency sibling"
    assert prices >= 3  # variant price, product base price, print-area price
