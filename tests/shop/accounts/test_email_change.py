"""Changing the e-mail address: the link goes to the new address, the account's own
session confirms it, and the old address is told."""

from urllib.parse import quote

import pytest
import time_machine
from django.core import mail, signing
from django.test import Client
from django.urls import reverse

from shop.accounts.exceptions import EmailChangeNotOwnerError
from shop.accounts.models import User
from shop.accounts.services.auth import (
    email_change_confirm,
    email_change_request,
    email_mask,
)
from tests.factories.accounts import PASSWORD, mail_link, user_create
from tests.html_checks import assert_accessible_basics

pytestmark = pytest.mark.django_db

CHANGE = reverse("accounts:email_change")
VICTIM = "victim@example.com"


def ask(client, capture, new_email, password=PASSWORD):
    with capture(execute=True):
        return client.post(
            CHANGE, {"new_email": new_email, "current_password": password}
        )


def mail_links(message) -> list[str]:
    """The site paths of every shop link in an e-mail, in order."""
    from django.conf import settings

    return [
        word.removeprefix(settings.SHOP_BASE_URL)
        for word in message.body.split()
        if word.startswith(settings.SHOP_BASE_URL)
    ]


def mails_to(address: str) -> list:
    return [message for message in mail.outbox if message.to == [address]]


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def emails() -> list[str]:
    return sorted(User.objects.values_list("email", flat=True))


# --- The owner's own change ----------------------------------------------------------


def test_the_change_waits_for_the_link_and_the_owner_confirms_it_logged_in(
    client, django_capture_on_commit_callbacks
):
    user = user_create(email="old@example.com")
    client.force_login(user)

    response = ask(client, django_capture_on_commit_callbacks, "New@Example.com")

    assert response.status_code == 302
    assert User.objects.get(pk=user.pk).email == "old@example.com"
    assert [m.to for m in mail.outbox] == [["New@example.com"], ["old@example.com"]]
    link = mail_link(mail.outbox[0])
    page = client.get(link)
    assert page.status_code == 200
    assert "old@example.com" in page.content.decode()
    assert "New@example.com" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(link)
    assert confirmed["Location"] == reverse("accounts:overview")
    user.refresh_from_db()
    assert user.email == "New@example.com"
    assert user.email_verified_at is not None
    assert user.email_change_nonce == ""
    # This session stays logged in (a new address ends no session; a new password does).
    assert client.session["_auth_user_id"] == str(user.pk)
    assert (
        "New@example.com" in client.get(reverse("accounts:overview")).content.decode()
    )
    notice = mail.outbox[-1]
    assert notice.to == ["old@example.com"]
    assert notice.subject.startswith("Your")
    assert "N***@example.com" in notice.body
    assert "New@example.com" not in notice.body


def test_a_logged_out_owner_is_asked_to_log_in_and_comes_back_to_the_link(
    django_capture_on_commit_callbacks,
):
    user = user_create(email="old@example.com")
    ask(logged_in(user), django_capture_on_commit_callbacks, "new@example.com")
    link = mail_link(mail.outbox[0])
    phone = Client()

    page = phone.get(link)
    refused = phone.post(link)
    login = phone.post(
        page.context["login_url"],
        {"username": "old@example.com", "password": PASSWORD},
    )
    confirmed = phone.post(login["Location"])
    again = phone.post(link)

    assert page.status_code == 200
    assert page.context["login_url"] == (
        f"{reverse('accounts:login')}?next={quote(link, safe='')}"
    )
    assert "Log in to confirm" in page.content.decode()
    assert "old@example.com" not in page.content.decode()
    assert refused.status_code == 403
    assert "Only the account that asked" in refused.content.decode()
    assert login["Location"] == link
    assert confirmed["Location"] == reverse("accounts:overview")
    assert User.objects.get(pk=user.pk).email == "new@example.com"
    assert again.status_code == 400


def test_opening_the_links_changes_nothing(client, django_capture_on_commit_callbacks):
    # Mail scanners fetch every link in a message, logged in or not.
    user = user_create(email="old@example.com")
    client.force_login(user)
    ask(client, django_capture_on_commit_callbacks, "new@example.com")
    confirm, decline = mail_links(mail.outbox[0])
    nonce = User.objects.get(pk=user.pk).email_change_nonce

    pages = [
        client.get(confirm),
        client.get(decline),
        Client().get(confirm),
        Client().get(decline),
    ]

    assert [page.status_code for page in pages] == [200, 200, 200, 200]
    user.refresh_from_db()
    assert (user.email, user.email_change_nonce) == ("old@example.com", nonce)
    assert client.post(confirm).status_code == 302


# --- Taking over a stranger's address ------------------------------------------------
#
# A confirmed account holder asks to move their account to a stranger's address. The
# link goes to the stranger; it alone must never move the account there.


@pytest.fixture
def attack(django_capture_on_commit_callbacks):
    attacker = user_create(
        email="attacker@example.com",
        first_name="Call +1 555 0100 to keep your account",
        last_name="Support",
    )
    ask(logged_in(attacker), django_capture_on_commit_callbacks, VICTIM)
    (to_victim,) = mails_to(VICTIM)
    confirm, decline = mail_links(to_victim)
    return {
        "attacker": attacker,
        "mail": to_victim,
        "confirm": confirm,
        "decline": decline,
    }


def test_the_strangers_click_alone_moves_no_account_to_their_address(client, attack):
    page = client.get(attack["confirm"])
    with_the_button = client.post(attack["confirm"])

    assert page.status_code == 200
    assert "attacker@example.com" not in page.content.decode()
    assert with_the_button.status_code == 403
    assert "Only the account that asked" in with_the_button.content.decode()
    assert User.objects.get(pk=attack["attacker"].pk).email == "attacker@example.com"
    assert not User.objects.filter(email__iexact=VICTIM).exists()
    assert "_auth_user_id" not in client.session


def test_the_stranger_logged_in_to_their_own_account_cannot_confirm_either(attack):
    strangers_own = user_create(email="victim.at.work@example.com")
    client = logged_in(strangers_own)

    page = client.get(attack["confirm"])
    with_the_button = client.post(attack["confirm"])

    assert page.status_code == with_the_button.status_code == 403
    assert "You are logged in to another account" in page.content.decode()
    assert "attacker@example.com" not in page.content.decode()
    assert emails() == ["attacker@example.com", "victim.at.work@example.com"]
    assert client.session["_auth_user_id"] == str(strangers_own.pk)


def test_the_mail_to_the_new_address_quotes_nothing_the_requester_typed(attack):
    message = attack["mail"]
    text = f"{message.subject}\n{message.body}"

    assert "Call +1 555" not in text
    assert "Support" not in text
    assert "attacker" not in text
    assert "Someone asked to move an account at" in text
    assert "Did not ask for this?" in text
    assert attack["decline"] == attack["confirm"] + "decline/"


def test_i_did_not_ask_for_this_cancels_the_request_and_nothing_else(
    client, attack, django_capture_on_commit_callbacks
):
    attacker = attack["attacker"]
    sent = len(mail.outbox)

    page = client.get(attack["decline"])
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = client.post(attack["decline"])
    again = client.post(attack["decline"])
    from_the_confirm_page = client.post(attack["confirm"])
    by_the_attacker = logged_in(attacker).post(attack["confirm"])

    assert page.status_code == 200
    assert "Cancel the request" in page.content.decode()
    assert cancelled.status_code == again.status_code == 200
    assert "nothing else was changed" in cancelled.content.decode()
    assert from_the_confirm_page.status_code == by_the_attacker.status_code == 400
    after = User.objects.get(pk=attacker.pk)
    assert (after.email, after.email_change_nonce) == ("attacker@example.com", "")
    assert after.password == attacker.password
    assert emails() == ["attacker@example.com"]
    assert len(mail.outbox) == sent
    assert "_auth_user_id" not in client.session


def test_the_confirmation_page_offers_to_cancel_the_request(client, attack):
    page = client.get(attack["confirm"]).content.decode()

    assert f'action="{attack["decline"]}"' in page
    assert "I did not ask for this" in page


def test_a_change_confirmed_already_is_not_undone_by_its_link(
    client, django_capture_on_commit_callbacks
):
    user = user_create(email="old@example.com")
    client.force_login(user)
    ask(client, django_capture_on_commit_callbacks, "new@example.com")
    confirm, decline = mail_links(mail.outbox[0])
    client.post(confirm)

    refused = Client().post(decline)

    assert refused.status_code == 409
    assert "already been confirmed" in refused.content.decode()
    assert User.objects.get(pk=user.pk).email == "new@example.com"


def test_the_owner_can_keep_the_current_address_from_the_confirmation_page(
    client, django_capture_on_commit_callbacks
):
    user = user_create(email="old@example.com")
    client.force_login(user)
    ask(client, django_capture_on_commit_callbacks, "new@example.com")
    confirm, decline = mail_links(mail.outbox[0])

    page = client.get(confirm).content.decode()
    kept = client.post(decline)

    assert f'action="{decline}"' in page
    assert "Keep my current address" in page
    assert kept.status_code == 200
    assert client.post(confirm).status_code == 400
    assert User.objects.get(pk=user.pk).email == "old@example.com"


def test_the_service_refuses_anyone_but_the_account(
    django_capture_on_commit_callbacks,
):
    owner = user_create(email="old@example.com")
    someone = user_create(email="someone@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        email_change_request(user=owner, new_email="new@example.com")
    token = mail_link(mail.outbox[0]).split("/")[-2]

    for who in (None, someone):
        with pytest.raises(EmailChangeNotOwnerError):
            email_change_confirm(token=token, user=who)

    assert User.objects.get(pk=owner.pk).email == "old@example.com"
    assert email_change_confirm(token=token, user=owner).email == "new@example.com"


# --- The old address -----------------------------------------------------------------


def test_the_old_address_is_told_of_the_request_with_the_new_one_masked(
    client, django_capture_on_commit_callbacks
):
    client.force_login(user_create(email="old@example.com", first_name="Anna"))

    ask(client, django_capture_on_commit_callbacks, "jane.doe@elsewhere.example")

    (notice,) = mails_to("old@example.com")
    assert "j***@elsewhere.example" in notice.body
    assert "jane.doe" not in notice.body
    assert "Hello Anna" in notice.body
    assert "Nothing has changed yet" in notice.body
    assert mail_links(notice) == [reverse("accounts:password_reset")]


def test_the_old_address_gets_the_same_notice_when_the_new_one_is_taken(
    django_capture_on_commit_callbacks,
):
    user_create(email="taken@example.com")
    client = logged_in(user_create(email="old@example.com"))

    ask(client, django_capture_on_commit_callbacks, "taken@example.com")
    ask(client, django_capture_on_commit_callbacks, "tfree@example.com")

    taken, free = mails_to("old@example.com")
    assert (taken.subject, taken.body) == (free.subject, free.body)


@pytest.mark.parametrize(
    ("email", "masked"),
    [
        ("jane@example.com", "j***@example.com"),
        ("j@example.com", "j***@example.com"),
        ("Jane.Doe+shop@mail.example.org", "J***@mail.example.org"),
    ],
)
def test_email_mask(email, masked):
    assert email_mask(email) == masked


# --- What ends a link ----------------------------------------------------------------


def test_a_newer_request_voids_the_older_links(
    client, django_capture_on_commit_callbacks
):
    user = user_create(email="old@example.com")
    client.force_login(user)
    ask(client, django_capture_on_commit_callbacks, "first@example.com")
    first = mail_link(mail.outbox[0])
    ask(client, django_capture_on_commit_callbacks, "second@example.com")
    second = mail_link(mails_to("second@example.com")[0])

    stale = client.post(first)
    current = client.post(second)

    assert stale.status_code == 400
    assert current.status_code == 302
    assert User.objects.get(pk=user.pk).email == "second@example.com"


def test_a_request_to_a_taken_address_voids_the_older_links_too(
    client, django_capture_on_commit_callbacks
):
    # Otherwise the requester could tell, from their older link, that it is taken.
    user_create(email="taken@example.com")
    user = user_create(email="old@example.com")
    client.force_login(user)
    ask(client, django_capture_on_commit_callbacks, "free@example.com")
    link = mail_link(mail.outbox[0])
    ask(client, django_capture_on_commit_callbacks, "taken@example.com")

    assert client.post(link).status_code == 400
    assert User.objects.get(pk=user.pk).email == "old@example.com"


def test_a_new_password_voids_the_link(client, django_capture_on_commit_callbacks):
    user = user_create(email="old@example.com")
    client.force_login(user)
    ask(client, django_capture_on_commit_callbacks, "new@example.com")
    link = mail_link(mail.outbox[0])
    new_password = "another-good-password-42"
    with django_capture_on_commit_callbacks(execute=True):
        changed = client.post(
            reverse("accounts:password_change"),
            {
                "current_password": PASSWORD,
                "password1": new_password,
                "password2": new_password,
            },
        )

    response = client.post(link)

    assert changed.status_code == 302
    assert response.status_code == 400
    assert User.objects.get(pk=user.pk).email == "old@example.com"


def test_a_link_dies_when_the_address_changed_back_in_between(
    client, django_capture_on_commit_callbacks
):
    user = user_create(email="old@example.com")
    client.force_login(user)
    ask(client, django_capture_on_commit_callbacks, "one@example.com")
    first_link = mail_link(mail.outbox[0])
    client.post(first_link)
    ask(client, django_capture_on_commit_callbacks, "old@example.com")
    client.post(mail_link(mails_to("old@example.com")[-1]))
    assert User.objects.get(pk=user.pk).email == "old@example.com"

    response = client.post(first_link)

    assert response.status_code == 400
    assert User.objects.get(pk=user.pk).email == "old@example.com"


def test_a_link_dies_when_an_admin_changed_the_address(
    client, django_capture_on_commit_callbacks
):
    user = user_create(email="old@example.com")
    client.force_login(user)
    ask(client, django_capture_on_commit_callbacks, "new@example.com")
    User.objects.filter(pk=user.pk).update(email="admin-set@example.com")

    response = client.post(mail_link(mail.outbox[0]))

    assert response.status_code == 400
    assert User.objects.get(pk=user.pk).email == "admin-set@example.com"


def test_an_expired_link_changes_nothing(client, django_capture_on_commit_callbacks):
    user = user_create(email="old@example.com")
    client.force_login(user)
    with time_machine.travel("2026-05-01 12:00Z", tick=False):
        ask(client, django_capture_on_commit_callbacks, "new@example.com")
    link = mail_link(mail.outbox[0])

    with time_machine.travel("2026-05-02 12:01Z", tick=False):
        response = client.post(link)

    assert response.status_code == 400
    assert b"expired" in response.content
    assert User.objects.get(pk=user.pk).email == "old@example.com"


def test_a_deactivated_account_cannot_use_its_link(
    client, django_capture_on_commit_callbacks
):
    user = user_create(email="old@example.com")
    client.force_login(user)
    ask(client, django_capture_on_commit_callbacks, "new@example.com")
    User.objects.filter(pk=user.pk).update(is_active=False)

    response = client.post(mail_link(mail.outbox[0]))

    assert response.status_code == 400
    assert User.objects.get(pk=user.pk).email == "old@example.com"


# --- Hostile links -------------------------------------------------------------------


def _signed(data) -> str:
    return signing.dumps(data, salt="accounts.email-change")


@pytest.fixture
def hostile_tokens(db) -> dict[str, str]:
    user = user_create(email="old@example.com")
    return {
        "nul": quote("abc\x00def", safe=""),
        "long": "x" * 10_000,
        "bad_base64": "!!!not*base64~~:1tXyZ:sig",
        "non_utf8": "%ff%fe%C0%AF",
        "control_characters": quote("\x1b[2J\x07\u0085", safe=""),
        "tampered": _signed({"u": user.pk})[:-3] + "AAA",
        "not_a_dict": _signed([user.pk, "new@example.com"]),
        "wrong_types": _signed(
            {"u": str(user.pk), "c": 1, "o": None, "n": [], "v": "", "p": ""}
        ),
        # The shape links had before they named their request.
        "without_its_request": _signed(
            {"u": user.pk, "o": user.email, "n": "new@example.com", "v": ""}
        ),
        "other_purpose": signing.dumps(
            {"u": user.pk, "r": "nonce"}, salt="accounts.verify-registration"
        ),
        "no_such_user": _signed(
            {"u": 2**31, "c": "x", "o": "a@b.c", "n": "d@e.f", "v": "", "p": ""}
        ),
    }


@pytest.mark.parametrize(
    "kind",
    [
        "nul",
        "long",
        "bad_base64",
        "non_utf8",
        "control_characters",
        "tampered",
        "not_a_dict",
        "wrong_types",
        "without_its_request",
        "other_purpose",
        "no_such_user",
    ],
)
def test_a_hostile_link_is_refused_with_a_4xx_and_changes_nothing(hostile_tokens, kind):
    token = hostile_tokens[kind]
    owner = User.objects.get(email="old@example.com")
    paths = [
        f"/account/email/confirm/{token}/",
        f"/account/email/confirm/{token}/decline/",
    ]

    answers = [
        getattr(client, method)(path).status_code
        for client in (Client(), logged_in(owner))
        for method in ("get", "post")
        for path in paths
    ]

    assert all(400 <= status < 500 for status in answers), answers
    owner.refresh_from_db()
    assert (owner.email, owner.email_change_nonce) == ("old@example.com", "")


# --- The request form ----------------------------------------------------------------


def test_an_address_of_another_account_looks_the_same_and_is_not_taken(
    client, django_capture_on_commit_callbacks
):
    user_create(email="taken@example.com")
    user = user_create(email="old@example.com")
    client.force_login(user)

    response = ask(client, django_capture_on_commit_callbacks, "taken@example.com")

    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["taken@example.com"], ["old@example.com"]]
    assert "already belongs to an account" in mail.outbox[0].body
    assert User.objects.get(pk=user.pk).email == "old@example.com"


def test_an_address_taken_after_the_link_was_sent_is_refused_with_a_message(
    client, django_capture_on_commit_callbacks
):
    user = user_create(email="old@example.com")
    client.force_login(user)
    ask(client, django_capture_on_commit_callbacks, "new@example.com")
    user_create(email="NEW@example.com")

    response = client.post(mail_link(mail.outbox[0]))

    assert response.status_code == 409
    assert b"now belongs to another account" in response.content
    assert User.objects.get(pk=user.pk).email == "old@example.com"


@pytest.mark.parametrize(
    ("new_email", "password", "field", "message"),
    [
        ("new@example.com", "wrong", "current_password", "not correct"),
        ("OLD@example.com", PASSWORD, "new_email", "already your e-mail address"),
        ("not an address", PASSWORD, "new_email", "valid email"),
        ("a\x00@example.com", PASSWORD, "new_email", "valid email"),
        ("x" * 10_000 + "@example.com", PASSWORD, "new_email", "at most 254"),
    ],
)
def test_bad_input_is_refused_and_sends_nothing(
    client, django_capture_on_commit_callbacks, new_email, password, field, message
):
    user = user_create(email="old@example.com")
    client.force_login(user)

    response = ask(client, django_capture_on_commit_callbacks, new_email, password)

    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert mail.outbox == []
    assert User.objects.get(pk=user.pk).email_change_nonce == ""


def test_email_change_needs_a_login(client):
    response = client.get(CHANGE)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_confirmation_pages_are_accessible(
    catalog_tree, attack, django_capture_on_commit_callbacks
):
    owner = logged_in(attack["attacker"])
    stranger = Client()
    other_account = logged_in(user_create(email="someone@example.com"))

    pages = [
        owner.get(attack["confirm"]),
        stranger.get(attack["confirm"]),
        stranger.post(attack["confirm"]),
        other_account.get(attack["confirm"]),
        stranger.get(attack["decline"]),
        stranger.post(attack["decline"]),
    ]

    for page in pages:
        assert page.status_code in (200, 403)
        assert_accessible_basics(page.content.decode())
