"""Team rosters (typed or CSV) and discount codes in the cart."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from shop.cart.stores import SESSION_KEY
from shop.pricing.models import DiscountCode, VolumeTier, VolumeTierTable
from tests.factories.catalog import category_create, product_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def tee():
    category = category_create(title="Shirts")
    product = product_create(category=category, title="Team Tee", stock=50)
    product.name_price_amount = Decimal("4.00")
    product.number_price_amount = Decimal("3.00")
    product.save_revision().publish()
    table = VolumeTierTable.objects.create(name="Shirts", scope=category)
    VolumeTier.objects.create(table=table, min_quantity=10, percent_off=Decimal("5"))
    return product


@pytest.fixture
def mug():
    return product_create(
        category=category_create(title="Mugs"),
        title="Mug",
        sizes=("One size",),
        colors=(("White", "#ffffff"),),
        price=Decimal("12.00"),
    )


def add(client, product, size="M", quantity=1, color=None):
    color = color or product.variants.first().color
    client.post(
        "/cart/add/",
        {"product": product.pk, "color": color, "size": size, "quantity": quantity},
    )
    return client.get("/api/v1/cart/").json()["lines"][-1]["id"]


def roster_post(client, line_id, rows):
    return client.post(
        f"/cart/lines/{line_id}/roster/",
        {
            "size": [r[0] for r in rows],
            "name": [r[1] for r in rows],
            "number": [r[2] for r in rows],
        },
    )


TWELVE = [
    ("S", "Ana", "1"),
    ("S", "Ben", "2"),
    ("M", "Cleo", "3"),
    ("M", "Dan", "4"),
    ("M", "Eve", "5"),
    ("L", "Finn", "6"),
    ("L", "Gus", "7"),
    ("L", "Hana", "8"),
    ("L", "Ida", "9"),
    ("M", "Jon", "10"),
    ("S", "Kai", ""),
    ("S", "", ""),
]


def test_a_typed_roster_of_twelve_becomes_one_line_per_size_with_the_tier(client, tee):
    line_id = add(client, tee)

    response = roster_post(client, line_id, TWELVE)

    assert response.status_code == 302 and response["Location"] == "/cart/"
    cart = client.get("/api/v1/cart/").json()
    assert [(line["size"], line["quantity"]) for line in cart["lines"]] == [
        ("S", 4),
        ("M", 4),
        ("L", 4),
    ]
    assert cart["lines"][0]["roster"] == [
        {"name": "Ana", "number": "1"},
        {"name": "Ben", "number": "2"},
        {"name": "Kai", "number": ""},
        {"name": "", "number": ""},
    ]
    priced = [line["quote"] for line in cart["lines"]]
    assert {p["unit_price"]["amount"] for p in priced} == {"18.90"}
    assert all(p["adjustments"][0]["label"] == "-5 % for 10+" for p in priced)
    # 12 x 18.90 + 11 names x 4.00 + 10 numbers x 3.00
    assert cart["quote"]["goods"]["gross"]["amount"] == "300.80"
    html = client.get("/cart/").content.decode()
    assert (
        "Roster: 4 pieces" in html and "The roster of Team Tee has 12 pieces." in html
    )


@pytest.mark.parametrize(
    ("rows", "row", "message"),
    [
        (
            [("XXL", "Ana", "1")],
            1,
            "“XXL” is not a size of Team Tee in Black; use one of S, M, L.",
        ),
        ([("S", "Ana", "1"), ("M", "Ben", "12345")], 2, "number"),
        ([("S", "A" * 25, "")], 1, "name"),
        ([("S", "Ana\x07", "")], 1, "name"),
        ([("", "Ana", "1")], 1, "size"),
    ],
)
def test_a_bad_row_is_named_and_nothing_is_saved(client, tee, rows, row, message):
    line_id = add(client, tee, quantity=2)
    before = client.session[SESSION_KEY]

    response = roster_post(client, line_id, rows)

    assert response.status_code == 400
    html = response.content.decode()
    assert f'data-row-error="{row}"' in html
    error = html.split(f'data-row-error="{row}">')[1].split("</p>")[0]
    assert message in error.replace("&#x27;", "'").replace("&quot;", '"')
    assert client.session[SESSION_KEY] == before


def test_a_csv_roster_with_a_header_row(client, tee):
    line_id = add(client, tee)
    text = "size,name,number\n" + "\n".join(",".join(r) for r in TWELVE) + "\n"

    response = client.post(
        f"/cart/lines/{line_id}/roster/",
        {"csv": SimpleUploadedFile("team.csv", text.encode(), content_type="text/csv")},
    )

    assert response.status_code == 302
    assert client.get("/api/v1/cart/").json()["count"] == 12


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe\x00S", "Save the file as CSV in UTF-8."),
        (b"S,Ana,1\x00", "This is not a CSV file."),
        (b"S,Ana,1,extra\n", "Line 1: use three columns: size, name, number."),
        (b"S,Ana,1\n" * 9000, "The file is larger than 64 KB."),
        (b"S,A,1\n" * 501, "A roster holds at most 500 pieces."),
        (b'S,"Ana,1\n', "not valid CSV"),
    ],
)
def test_a_bad_csv_file_gets_a_message(client, tee, content, message):
    line_id = add(client, tee)

    response = client.post(
        f"/cart/lines/{line_id}/roster/",
        {"csv": SimpleUploadedFile("team.csv", content, content_type="text/csv")},
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert client.get("/api/v1/cart/").json()["count"] == 1


def test_a_roster_beyond_the_stock_is_refused(client, tee):
    from shop.catalog.models import StockLevel

    StockLevel.objects.filter(sku__endswith="-S").update(quantity=2)
    line_id = add(client, tee)

    response = roster_post(client, line_id, TWELVE)

    assert response.status_code == 400
    assert "Only 2 of Team Tee (Black, S) in stock" in response.content.decode()


def test_a_roster_lines_quantity_only_drops_unnamed_pieces(client, tee):
    line_id = add(client, tee)
    roster_post(client, line_id, [("S", "Ana", "1"), ("S", "", "")])
    line = client.get("/api/v1/cart/").json()["lines"][0]

    client.post(f"/cart/lines/{line['id']}/", {"quantity": "1"})
    assert client.get("/api/v1/cart/").json()["lines"][0]["roster"] == [
        {"name": "Ana", "number": "1"}
    ]
    response = client.post(
        f"/cart/lines/{line['id']}/", {"quantity": "3"}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 200
    client.post(f"/cart/lines/{line['id']}/", {"quantity": "1"})
    response = client.post(
        f"/cart/lines/{line['id']}/", {"quantity": "0"}, HTTP_ACCEPT="application/json"
    )
    assert response.json()["message"] == "The line was removed."


# --- discount codes ---------------------------------------------------------------


def apply(client, code):
    return client.post("/cart/code/", {"code": code}, HTTP_ACCEPT="application/json")


def test_a_valid_code_applies_and_the_quote_explains_it(client, tee):
    DiscountCode.objects.create(code="SUMMER", kind="fixed", value=Decimal("5.00"))
    add(client, tee, quantity=2)

    response = apply(client, " summer ")

    assert response.status_code == 200
    assert response.json()["message"] == "The code SUMMER was applied."
    html = client.get("/cart/").content.decode()
    assert "Code SUMMER" in html and "€\u00a0-5.00" in html
    # 39.80 - 5.00 + shipping 4.90 (the shop's default)
    cart = client.get("/api/v1/cart/").json()
    assert cart["quote"]["codes"] == ["SUMMER"]

    client.post("/cart/code/remove/", {"code": "SUMMER"})
    assert client.get("/api/v1/cart/").json()["quote"]["codes"] == []


@pytest.mark.parametrize(
    ("make", "typed", "message"),
    [
        (None, "NOPE", "“NOPE” is not a valid code."),
        ({"active": False}, "OLD", "The code OLD is no longer valid."),
        ({"ends_at": -1}, "PAST", "The code PAST has expired."),
        ({"starts_at": 1}, "SOON", "The code SOON is not valid yet."),
        ({"max_uses": 1, "used_count": 1}, "GONE", "The code GONE has been used up."),
        (
            {"minimum_order_amount": Decimal("500")},
            "BIG",
            "The code BIG needs an order of at least €\u00a0500.00.",
        ),
        (
            {"scope": "mugs"},
            "MUGS",
            "The code MUGS does not apply to anything in your cart.",
        ),
        (None, "x" * 40, "A code has at most 32 characters."),
        (None, "", "Type a code."),
        (None, "AB\x00C", "Null characters are not allowed."),
    ],
)
def test_a_code_that_cannot_be_used_says_why(client, tee, mug, make, typed, message):
    if make is not None:
        fields = dict(make)
        now = timezone.now()
        for key in ("ends_at", "starts_at"):
            if key in fields:
                fields[key] = now + timezone.timedelta(days=fields[key])
        if fields.get("scope") == "mugs":
            fields["scope"] = mug.get_parent()
        DiscountCode.objects.create(code=typed, value=Decimal("10"), **fields)
    add(client, tee)

    response = apply(client, typed)

    assert response.status_code in (400, 409)
    assert response.json()["message"] == message
    assert client.get("/api/v1/cart/").json()["quote"]["codes"] == []


def test_a_second_code_is_refused_unless_both_stack(client, tee):
    DiscountCode.objects.create(code="ONE", value=Decimal("10"))
    DiscountCode.objects.create(code="TWO", value=Decimal("10"), stackable=True)
    DiscountCode.objects.create(code="THREE", value=Decimal("10"), stackable=True)
    add(client, tee)

    apply(client, "ONE")
    assert apply(client, "TWO").json()["message"] == (
        "The code TWO cannot be combined with another code."
    )
    client.post("/cart/code/remove/", {"code": "ONE"})
    assert apply(client, "TWO").status_code == 200
    assert apply(client, "THREE").status_code == 200
    assert (
        apply(client, "THREE").json()["message"] == "The code THREE is already applied."
    )


def test_a_code_that_stops_applying_is_shown_with_its_reason(client, tee):
    code = DiscountCode.objects.create(code="SPRING", value=Decimal("10"))
    add(client, tee)
    apply(client, "SPRING")
    code.ends_at = timezone.now() - timezone.timedelta(minutes=1)
    code.save()

    html = client.get("/cart/").content.decode()
    assert 'data-code-problem="expired"' in html
    assert "The code SPRING has expired." in html
