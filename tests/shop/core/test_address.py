"""PostalAddress, the address value, and PostalAddressInput, its checked input."""

import dataclasses

import pytest

from shop.accounts.models import Address
from shop.core.address import MAX_LENGTHS, PostalAddress, PostalAddressInput
from shop.core.schema import SchemaError
from tests.factories.accounts import address_create, user_create

GUEST = {
    "full_name": "Anna Muster",
    "company": "Muster AG",
    "street": "Bahnhofstrasse 1",
    "street2": "3. Stock",
    "postal_code": "8001",
    "city": "Zürich",
    "country": "CH",
    "phone": "+41 44 123 45 67",
}


def refused(**changes) -> str:
    with pytest.raises(SchemaError) as caught:
        PostalAddress.from_input({**GUEST, **changes})
    return str(caught.value)


@pytest.mark.django_db
def test_an_address_book_entry_round_trips():
    row = address_create(user=user_create(), **{**GUEST, "street2": ""})

    value = row.postal_address

    assert value == PostalAddress(**{**GUEST, "street2": ""})
    assert PostalAddress.from_row(Address.objects.get(pk=row.pk)) == value
    assert PostalAddress.from_input(value.as_dict()) == value


def test_the_value_is_frozen_and_hashable():
    value = PostalAddress.from_input(GUEST)

    with pytest.raises(dataclasses.FrozenInstanceError):
        value.city = "Bern"  # type: ignore[misc]
    assert len({value, PostalAddress.from_input(dict(GUEST))}) == 1
    assert hash(value) != hash(dataclasses.replace(value, city="Bern"))


def test_lines_in_label_order_with_the_country_name():
    value = PostalAddress.from_input(GUEST)

    assert value.country_name == "Switzerland"
    assert value.lines == [
        "Anna Muster",
        "Muster AG",
        "Bahnhofstrasse 1",
        "3. Stock",
        "8001 Zürich",
        "Switzerland",
    ]
    short = PostalAddress(
        full_name="Ben", street="Dam 1", postal_code="1012 AB", city="A", country="NL"
    )
    assert short.lines == ["Ben", "Dam 1", "1012 AB A", "Netherlands"]


def test_input_is_normalised():
    value = PostalAddress.from_input(
        {**GUEST, "country": " nl", "postal_code": "1012  ab ", "city": "  Amsterdam "}
    )

    assert (value.country, value.postal_code, value.city) == (
        "NL",
        "1012 AB",
        "Amsterdam",
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"street": "Bahnhof\x00strasse"}, "street: remove the control characters."),
        ({"city": "Z\x1b[2Jürich"}, "city: remove the control characters."),
        ({"full_name": "Anna\nMuster"}, "full_name: remove the control characters."),
        (
            {"full_name": "a" * 10_000},
            "full_name: is 10000 characters long; the limit is 200.",
        ),
        (
            {"street2": "a" * 10_000},
            "street2: is 10000 characters long; the limit is 200.",
        ),
        ({"country": "US"}, "country: “US” is not a country we deliver to"),
        ({"country": "a" * 10_000}, "country: is 10000 characters long"),
        (
            {"postal_code": "80011"},
            "postal_code: enter a valid postal code, for example 8001.",
        ),
        ({"country": "DE", "postal_code": "8001"}, "for example 10115."),
        ({"country": "NL", "postal_code": "0123 AB"}, "for example 1012 AB."),
        ({"phone": "call me"}, "phone: enter a phone number with digits only"),
        ({"city": "  "}, "city: must not be empty."),
        ({"city": 8001}, "city: must be a string, not a number."),
        ({"fax": "1"}, "address: “fax” is not a known key"),
    ],
)
def test_bad_input_is_refused_with_a_clear_located_sentence(changes, message):
    assert message in refused(**changes)


def test_every_missing_field_is_named_at_once():
    with pytest.raises(SchemaError) as caught:
        PostalAddress.from_input({"company": "Muster AG"})

    assert caught.value.problems == [
        "address: “full_name”, “street”, “country”, “postal_code”, “city” are required."
    ]


def test_the_lengths_mirror_the_address_book_columns():
    for name, length in MAX_LENGTHS.items():
        assert Address._meta.get_field(name).max_length == length, name


def test_a_guest_address_validates_into_the_value_checkout_will_store():
    value = PostalAddressInput.model_validate(GUEST).postal_address()

    assert value.as_dict() == GUEST
