"""The address book: one default of each kind, a size limit, only one's own rows."""

import threading

import pytest
from django.db import connection
from django.urls import reverse

from shop.accounts.exceptions import AccountError
from shop.accounts.models import Address
from shop.accounts.selectors import address_get_for_user, address_list_for_user
from shop.accounts.services.profiles import (
    address_create,
    address_delete,
    address_set_default,
    address_update,
)
from shop.core.address import PostalAddress
from tests.factories.accounts import address_create as address_make
from tests.factories.accounts import user_create

pytestmark = pytest.mark.django_db

ADDRESSES = reverse("accounts:addresses")
CREATE = reverse("accounts:address_create")


def form_data(**overrides):
    return {
        "full_name": "Anna Muster",
        "company": "",
        "street": "Bahnhofstrasse 1",
        "street2": "",
        "postal_code": "8001",
        "city": "Zürich",
        "country": "CH",
        "phone": "",
        **overrides,
    }


def defaults(user):
    """(default shipping, default billing) full names of the user's book."""
    rows = Address.objects.filter(user=user)
    shipping = [a.full_name for a in rows if a.is_default_shipping]
    billing = [a.full_name for a in rows if a.is_default_billing]
    return shipping, billing


def edit_url(address):
    return reverse("accounts:address_edit", args=[address.pk])


def delete_url(address):
    return reverse("accounts:address_delete", args=[address.pk])


def default_url(address, kind):
    return reverse("accounts:address_set_default", args=[address.pk, kind])


@pytest.fixture
def buyer(client):
    user = user_create()
    client.force_login(user)
    return user


# --- Adding --------------------------------------------------------------------------


def test_the_first_address_becomes_the_default_of_both_kinds(client, buyer):
    response = client.post(CREATE, form_data(company="Muster AG"))

    assert response.status_code == 302
    assert response["Location"] == ADDRESSES
    address = Address.objects.get(user=buyer)
    assert address.postal_address.lines == [
        "Anna Muster",
        "Muster AG",
        "Bahnhofstrasse 1",
        "8001 Zürich",
        "Switzerland",
    ]
    assert (address.is_default_shipping, address.is_default_billing) == (True, True)
    page = client.get(ADDRESSES)
    assert [str(m) for m in page.context["messages"]] == ["The address has been added."]


def test_a_second_address_is_no_default_unless_ticked(client, buyer):
    client.post(CREATE, form_data(full_name="Home"))

    client.post(CREATE, form_data(full_name="Office"))
    client.post(CREATE, form_data(full_name="Studio", is_default_billing="on"))

    assert defaults(buyer) == (["Home"], ["Studio"])
    assert Address.objects.filter(user=buyer).count() == 3


def test_input_is_stripped_and_the_postal_code_normalised(client, buyer):
    client.post(
        CREATE,
        form_data(
            full_name="  Anna Muster ",
            postal_code=" 1012  ab ",
            city="Amsterdam",
            country="NL",
        ),
    )

    address = Address.objects.get(user=buyer)
    assert (address.full_name, address.postal_code) == ("Anna Muster", "1012 AB")


def test_a_postal_code_that_cannot_be_in_the_country_is_a_form_error(client, buyer):
    response = client.post(CREATE, form_data(postal_code="80331", country="CH"))

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "postal_code": ["Enter a valid postal code, for example 8001."]
    }
    assert not Address.objects.exists()


def test_missing_required_fields_are_form_errors(client, buyer):
    response = client.post(CREATE, form_data(full_name="", street="", country=""))

    assert response.status_code == 400
    assert sorted(response.context["form"].errors) == [
        "country",
        "full_name",
        "street",
    ]
    assert not Address.objects.exists()


@pytest.mark.parametrize("field", ["full_name", "company", "street", "city"])
def test_text_with_control_characters_is_a_form_error(client, buyer, field):
    response = client.post(
        reverse("accounts:address_create"), form_data(**{field: "Bahnhof\x1b[2J"})
    )

    assert response.status_code == 400
    assert list(response.context["form"].errors) == [field]
    assert not Address.objects.exists()


def test_an_unknown_country_is_a_form_error(client, buyer):
    response = client.post(CREATE, form_data(country="US"))

    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["country"]
    assert not Address.objects.exists()


def test_the_address_book_is_full_at_the_limit(client, buyer, settings):
    settings.ACCOUNTS_MAX_ADDRESSES = 2
    address_make(user=buyer, full_name="One")
    address_make(user=buyer, full_name="Two")

    response = client.post(CREATE, form_data(full_name="Three"))

    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "You can keep at most 2 addresses. Delete one you no longer need, then add "
        "the new one."
    ]
    assert sorted(Address.objects.values_list("full_name", flat=True)) == [
        "One",
        "Two",
    ]
    listing = client.get(ADDRESSES)
    assert listing.context["is_full"] is True
    assert CREATE not in listing.content.decode()


def test_the_service_checks_the_postal_code_too():
    user = user_create()

    with pytest.raises(AccountError, match="for example 10115"):
        address_create(
            user=user,
            address=PostalAddress(
                full_name="Anna",
                street="Unter den Linden 1",
                postal_code="1011",
                city="Berlin",
                country="DE",
            ),
        )

    assert not Address.objects.exists()


# --- Editing -------------------------------------------------------------------------


def test_editing_changes_the_address(client, buyer):
    address = address_make(user=buyer, full_name="Home")
    page = client.get(edit_url(address))

    response = client.post(
        edit_url(address),
        form_data(full_name="Home", street="Seestrasse 5", postal_code="8002"),
    )

    assert page.status_code == 200
    assert page.context["form"].initial["street"] == "Bahnhofstrasse 1"
    assert response.status_code == 302
    address.refresh_from_db()
    assert (address.street, address.postal_code) == ("Seestrasse 5", "8002")


def test_editing_with_a_bad_postal_code_changes_nothing(client, buyer):
    address = address_make(user=buyer)

    response = client.post(edit_url(address), form_data(postal_code="ABC"))

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "postal_code": ["Enter a valid postal code, for example 8001."]
    }
    address.refresh_from_db()
    assert address.postal_code == "8001"


def test_ticking_default_on_edit_moves_the_default(client, buyer):
    client.post(CREATE, form_data(full_name="Home"))
    office = address_make(user=buyer, full_name="Office")

    client.post(
        edit_url(office), form_data(full_name="Office", is_default_shipping="on")
    )

    assert defaults(buyer) == (["Office"], ["Home"])


def test_unticking_the_default_does_not_leave_the_book_without_one(client, buyer):
    client.post(CREATE, form_data(full_name="Home"))
    home = Address.objects.get(user=buyer)

    form = client.get(edit_url(home)).context["form"]
    client.post(edit_url(home), form_data(full_name="Home"))  # both boxes unticked

    assert form.fields["is_default_shipping"].disabled is True
    assert form.fields["is_default_billing"].disabled is True
    assert defaults(buyer) == (["Home"], ["Home"])


# --- Deleting ------------------------------------------------------------------------


def test_deleting_asks_first_then_deletes(client, buyer):
    address = address_make(user=buyer)

    confirm = client.get(delete_url(address))
    response = client.post(delete_url(address))

    assert confirm.status_code == 200
    assert "Bahnhofstrasse 1" in confirm.content.decode()
    assert Address.objects.filter(pk=address.pk).exists() is False
    assert response["Location"] == ADDRESSES


def test_deleting_the_default_hands_it_to_the_oldest_remaining_address(client, buyer):
    client.post(CREATE, form_data(full_name="Home"))
    client.post(CREATE, form_data(full_name="Office"))
    client.post(CREATE, form_data(full_name="Studio"))
    home = Address.objects.get(full_name="Home")

    client.post(delete_url(home))

    assert defaults(buyer) == (["Office"], ["Office"])


def test_deleting_one_default_keeps_the_other(client, buyer):
    client.post(CREATE, form_data(full_name="Home"))
    client.post(CREATE, form_data(full_name="Office", is_default_billing="on"))
    client.post(CREATE, form_data(full_name="Studio"))

    client.post(delete_url(Address.objects.get(full_name="Office")))

    assert defaults(buyer) == (["Home"], ["Home"])


def test_deleting_the_last_address_leaves_an_empty_book():
    user = user_create()
    address = address_create(
        user=user,
        address=PostalAddress(
            full_name="A",
            street="S 1",
            postal_code="8001",
            city="Z",
            country="CH",
        ),
    )

    address_delete(address=address)
    address_delete(address=address)  # twice is harmless

    assert not Address.objects.filter(user=user).exists()


# --- Defaults --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("shipping", (["Office"], ["Home"])), ("billing", (["Home"], ["Office"]))],
)
def test_make_default_moves_the_default_of_that_kind(client, buyer, kind, expected):
    address_make(
        user=buyer, full_name="Home", is_default_shipping=True, is_default_billing=True
    )
    office = address_make(user=buyer, full_name="Office")

    response = client.post(default_url(office, kind))

    assert response.status_code == 302
    assert response["Location"] == ADDRESSES
    assert defaults(buyer) == expected
    page = client.get(ADDRESSES)
    assert [str(m) for m in page.context["messages"]] == [
        f"Office is now your default {kind} address."
    ]


def test_making_the_default_the_default_again_changes_nothing():
    user = user_create()
    home = address_make(user=user, is_default_shipping=True)

    address_set_default(address=home, kind="shipping")

    assert list(Address.objects.filter(is_default_shipping=True)) == [home]


def test_an_unknown_kind_is_refused_by_the_service():
    user = user_create()
    home = address_make(user=user)

    with pytest.raises(AccountError):
        address_set_default(address=home, kind="gift")

    home.refresh_from_db()
    assert home.is_default_shipping is False


# --- Someone else's address ---------------------------------------------------------------


def test_another_buyers_address_is_not_found_and_stays_unchanged(client, buyer):
    other = user_create()
    theirs = address_make(user=other, full_name="Theirs")
    address_make(user=other, full_name="Also theirs", is_default_shipping=True)

    answers = [
        client.get(edit_url(theirs)).status_code,
        client.post(edit_url(theirs), form_data(full_name="Mine now")).status_code,
        client.get(delete_url(theirs)).status_code,
        client.post(delete_url(theirs)).status_code,
        client.post(default_url(theirs, "shipping")).status_code,
    ]

    assert answers == [404, 404, 404, 404, 404]
    theirs.refresh_from_db()
    assert (theirs.full_name, theirs.is_default_shipping) == ("Theirs", False)
    assert defaults(other) == (["Also theirs"], [])


def test_a_missing_address_is_not_found(client, buyer):
    assert (
        client.get(reverse("accounts:address_edit", args=[999_999])).status_code == 404
    )


def test_an_unknown_kind_of_default_is_not_found(client, buyer):
    address = address_make(user=buyer)

    response = client.post(default_url(address, "gift"))

    assert response.status_code == 404
    address.refresh_from_db()
    assert (address.is_default_shipping, address.is_default_billing) == (False, False)


def test_the_selectors_only_see_the_buyers_own_addresses():
    anna, ben = user_create(), user_create()
    mine = address_make(user=anna, full_name="Mine")
    theirs = address_make(user=ben, full_name="Theirs")

    assert list(address_list_for_user(user=anna)) == [mine]
    assert address_get_for_user(user=anna, pk=mine.pk) == mine
    with pytest.raises(Address.DoesNotExist):
        address_get_for_user(user=anna, pk=theirs.pk)


def test_an_address_deleted_meanwhile_cannot_be_updated():
    user = user_create()
    address = address_make(user=user)
    Address.objects.filter(pk=address.pk).delete()

    with pytest.raises(AccountError, match="no longer exists"):
        address_update(
            address=address,
            postal_address=PostalAddress(
                full_name="A",
                street="S 1",
                postal_code="8001",
                city="Z",
                country="CH",
            ),
        )

    assert not Address.objects.exists()


# --- Concurrency ------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_concurrent_make_default_ends_with_exactly_one_default(require_postgres):
    user = user_create()
    addresses = [
        address_create(
            user=user,
            address=PostalAddress(
                full_name=f"Address {n}",
                street="S 1",
                postal_code="8001",
                city="Z",
                country="CH",
            ),
        )
        for n in range(8)
    ]
    errors: list[Exception] = []
    barrier = threading.Barrier(len(addresses) * 2)

    def make_default(address: Address, kind: str) -> None:
        barrier.wait()
        try:
            address_set_default(address=address, kind=kind)
        except Exception as error:  # noqa: BLE001  (collected and asserted below)
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=make_default, args=(address, kind))
        for address in addresses
        for kind in ("shipping", "billing")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert Address.objects.filter(user=user, is_default_shipping=True).count() == 1
    assert Address.objects.filter(user=user, is_default_billing=True).count() == 1
