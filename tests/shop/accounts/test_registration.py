"""Registration with an e-mail link, through the views."""

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from shop.accounts.models import LoginEvent, Profile, User
from tests.factories.accounts import PASSWORD, mail_link, user_create
from tests.html_checks import assert_accessible_basics
from tests.shop.accounts.interleave import after_the_look_up_of

pytestmark = pytest.mark.django_db

REGISTER = reverse("accounts:register")
VICTIM = "victim@example.com"
ATTACKERS_PASSWORD = "attackers-own-password-31"
VICTIMS_PASSWORD = "victims-own-password-57"


def mail_links(message) -> list[str]:
    """The site paths of every shop link in an e-mail, in order."""
    from django.conf import settings

    return [
        word.removeprefix(settings.SHOP_BASE_URL)
        for word in message.body.split()
        if word.startswith(settings.SHOP_BASE_URL)
    ]


def register(client, capture, email="new@example.com", **extra):
    data = {
        "email": email,
        "password1": PASSWORD,
        "password2": PASSWORD,
        "first_name": "Nora",
        "last_name": "Keller",
        **extra,
    }
    with capture(execute=True):
        return client.post(REGISTER, data)


def test_registration_creates_an_inactive_account_and_mails_a_link(
    client, django_capture_on_commit_callbacks
):
    response = register(client, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:register_sent")
    user = User.objects.get(email="new@example.com")
    assert (user.is_active, user.is_registration_pending) == (False, True)
    assert user.first_name == "Nora"
    assert user.profile.has_marketing_opt_in is False
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new@example.com"]
    assert mail.outbox[0].subject.startswith("Confirm your e-mail address")
    sent = client.get(response["Location"])
    assert b"new@example.com" in sent.content


def test_following_the_link_confirms_logs_in_and_rotates_the_session(
    client, django_capture_on_commit_callbacks
):
    register(client, django_capture_on_commit_callbacks)
    link = mail_link(mail.outbox[0])
    before = client.session.session_key

    page = client.get(link)
    response = client.post(link, {"password": PASSWORD})

    assert page.status_code == 200
    assert b"Confirm and log in" in page.content
    assert b"I did not ask for this" in page.content
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:overview")
    user = User.objects.get(email="new@example.com")
    assert user.is_active and not user.is_registration_pending
    assert user.email_verified_at is not None
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.session.session_key != before
    assert LoginEvent.objects.filter(user=user, outcome="success").exists()


def test_opening_the_links_without_the_buttons_changes_nothing(
    client, django_capture_on_commit_callbacks
):
    register(client, django_capture_on_commit_callbacks)
    confirm, decline = mail_links(mail.outbox[0])

    pages = [client.get(confirm), client.get(decline)]

    assert [page.status_code for page in pages] == [200, 200]
    assert User.objects.get(email="new@example.com").is_registration_pending


def test_a_used_link_says_the_address_is_already_confirmed(
    client, django_capture_on_commit_callbacks
):
    register(client, django_capture_on_commit_callbacks)
    link = mail_link(mail.outbox[0])
    client.post(link, {"password": PASSWORD})
    client.post(reverse("accounts:logout"))

    response = client.post(link)

    assert response.status_code == 200
    assert b"already confirmed" in response.content
    assert "_auth_user_id" not in client.session


def test_an_expired_link_is_refused_and_the_account_stays_pending(
    client, django_capture_on_commit_callbacks
):
    with time_machine.travel("2026-01-01 10:00Z", tick=False):
        register(client, django_capture_on_commit_callbacks)
    link = mail_link(mail.outbox[0])

    with time_machine.travel("2026-01-04 10:01Z", tick=False):
        page = client.get(link)
        response = client.post(link, {"password": PASSWORD})

    assert page.status_code == 400
    assert response.status_code == 400
    assert b"This link has expired" in response.content
    assert User.objects.get(email="new@example.com").is_registration_pending


@pytest.mark.parametrize(
    "token",
    ["garbage", "eyJ1Ijo1fQ:1tXyZ:tampered-signature", "a" * 300],
)
def test_an_invalid_link_is_refused(client, token):
    response = client.post(reverse("accounts:verify", args=[token]))

    assert response.status_code == 400
    assert b"invalid or has expired" in response.content


def test_a_link_signed_for_another_purpose_is_refused(client):
    from shop.accounts.tokens import email_change_token_make

    user = user_create(is_active=False, is_registration_pending=True)
    token = email_change_token_make(user=user, new_email="x@example.com")

    response = client.post(
        reverse("accounts:verify", args=[token]), {"password": PASSWORD}
    )

    assert response.status_code == 400
    assert User.objects.get(pk=user.pk).is_registration_pending


def test_a_deactivated_account_cannot_reactivate_itself_with_an_old_link(
    client, django_capture_on_commit_callbacks
):
    register(client, django_capture_on_commit_callbacks)
    link = mail_link(mail.outbox[0])
    client.post(link, {"password": PASSWORD})
    client.post(reverse("accounts:logout"))
    User.objects.filter(email="new@example.com").update(is_active=False)

    response = client.post(link, {"password": PASSWORD})

    assert response.status_code == 400
    assert User.objects.get(email="new@example.com").is_active is False


def test_registering_a_taken_address_looks_the_same_and_warns_its_owner(
    client, django_capture_on_commit_callbacks
):
    owner = user_create(email="taken@example.com", password="the-owners-password")

    response = register(client, django_capture_on_commit_callbacks, "Taken@Example.com")

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:register_sent")
    assert User.objects.filter(email__iexact="taken@example.com").count() == 1
    owner.refresh_from_db()
    assert owner.check_password("the-owners-password")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["taken@example.com"]
    assert mail.outbox[0].subject.startswith("You already have an account")
    assert reverse("accounts:password_reset") in mail.outbox[0].body


def test_registering_again_before_confirming_sends_a_new_link_with_the_new_password(
    client, django_capture_on_commit_callbacks
):
    register(client, django_capture_on_commit_callbacks)
    register(
        client,
        django_capture_on_commit_callbacks,
        password1="another-good-password-42",
        password2="another-good-password-42",
    )

    assert User.objects.filter(email="new@example.com").count() == 1
    assert len(mail.outbox) == 2
    client.post(mail_link(mail.outbox[1]), {"password": "another-good-password-42"})
    client.post(reverse("accounts:logout"))
    login = client.post(
        reverse("accounts:login"),
        {"username": "new@example.com", "password": "another-good-password-42"},
    )
    assert login.status_code == 302


def test_marketing_opt_in_at_registration_is_recorded_with_its_time(
    client, django_capture_on_commit_callbacks
):
    register(client, django_capture_on_commit_callbacks, has_marketing_opt_in="on")

    profile = User.objects.get(email="new@example.com").profile
    assert profile.has_marketing_opt_in is True
    assert profile.marketing_opt_in_at is not None


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"email": "not-an-address"}, "email", "Enter a valid email address."),
        ({"password2": "something-else-entirely"}, "password2", "do not match"),
        ({"password1": "short", "password2": "short"}, "password1", "too short"),
        (
            {"password1": "12345678901", "password2": "12345678901"},
            "password1",
            "entirely numeric",
        ),
        ({"email": ""}, "email", "This field is required."),
        ({"first_name": "Nora\x1b[2J"}, "first_name", "control characters"),
        ({"last_name": "Keller\x07"}, "last_name", "control characters"),
    ],
)
def test_bad_registration_input_is_refused_and_creates_nothing(
    client, django_capture_on_commit_callbacks, changes, field, message
):
    response = register(client, django_capture_on_commit_callbacks, **changes)

    assert response.status_code == 400
    assert any(message in error for error in response.context["form"].errors[field])
    assert User.objects.count() == 0
    assert mail.outbox == []


def test_logged_in_users_are_sent_to_their_account_from_registration(client):
    client.force_login(user_create())

    response = client.get(REGISTER)

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:overview")


def test_a_mail_outage_does_not_turn_a_registration_into_an_error_page(
    client, django_capture_on_commit_callbacks, settings, caplog
):
    settings.EMAIL_BACKEND = "tests.factories.accounts.BrokenEmailBackend"

    response = register(client, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert User.objects.filter(email="new@example.com").exists()
    assert "mail server down" in caplog.text


# --- Pre-account takeover ------------------------------------------------------------
#
# Whoever types an address into the registration form does not own the mailbox. A
# registration must go live only for the person who both chose its password and
# reads its mail.


def register_as(client, capture, password, email=VICTIM, **extra):
    return register(
        client, capture, email, password1=password, password2=password, **extra
    )


def log_in(client, email, password):
    return client.post(
        reverse("accounts:login"), {"username": email, "password": password}
    )


def test_a_newer_registration_voids_the_link_of_an_older_one(
    client, django_capture_on_commit_callbacks
):
    # The owner registers; before they confirm, an attacker registers the address
    # again with a password of their own.
    register_as(client, django_capture_on_commit_callbacks, VICTIMS_PASSWORD)
    owners_link = mail_link(mail.outbox[0])
    register_as(Client(), django_capture_on_commit_callbacks, ATTACKERS_PASSWORD)

    page = client.get(owners_link)
    with_owners = client.post(owners_link, {"password": VICTIMS_PASSWORD})
    with_attackers = client.post(owners_link, {"password": ATTACKERS_PASSWORD})

    for response in (page, with_owners, with_attackers):
        assert response.status_code == 400
        assert b"earlier registration" in response.content
    user = User.objects.get(email=VICTIM)
    assert (user.is_active, user.is_registration_pending) == (False, True)
    assert "_auth_user_id" not in client.session
    assert log_in(Client(), VICTIM, ATTACKERS_PASSWORD).status_code == 400


def test_a_link_confirms_only_with_the_password_of_its_registration(
    client, django_capture_on_commit_callbacks
):
    # An attacker registers the address of a shopper who never asked for an account;
    # the shopper follows the link the attacker's registration sent them.
    register_as(Client(), django_capture_on_commit_callbacks, ATTACKERS_PASSWORD)
    link = mail_link(mail.outbox[0])

    page = client.get(link)
    empty = client.post(link, {"password": ""})
    guessed = client.post(link, {"password": VICTIMS_PASSWORD})

    assert page.status_code == 200
    assert b'type="password"' in page.content
    assert empty.status_code == guessed.status_code == 400
    assert "not the password chosen for this registration" in " ".join(
        guessed.context["form"].errors["password"]
    )
    user = User.objects.get(email=VICTIM)
    assert (user.is_active, user.is_registration_pending) == (False, True)
    assert user.email_verified_at is None
    assert "_auth_user_id" not in client.session
    assert log_in(Client(), VICTIM, ATTACKERS_PASSWORD).status_code == 400


def test_i_did_not_ask_for_this_removes_the_registration_and_nothing_else(
    client, django_capture_on_commit_callbacks
):
    bystander = user_create(email="bystander@example.com")
    register_as(Client(), django_capture_on_commit_callbacks, ATTACKERS_PASSWORD)
    confirm, decline = mail_links(mail.outbox[0])
    pending = User.objects.get(email=VICTIM)

    page = client.get(decline)
    with django_capture_on_commit_callbacks(execute=True):
        removed = client.post(decline)

    assert page.status_code == 200
    assert b"Remove the registration" in page.content
    assert removed.status_code == 200
    assert b"has been removed" in removed.content
    assert not User.objects.filter(pk=pending.pk).exists()
    assert not Profile.objects.filter(user_id=pending.pk).exists()
    assert list(User.objects.values_list("email", flat=True)) == [bystander.email]
    assert len(mail.outbox) == 1
    assert "_auth_user_id" not in client.session
    assert client.post(confirm, {"password": ATTACKERS_PASSWORD}).status_code == 400
    assert client.post(decline).status_code == 400
    assert log_in(Client(), VICTIM, ATTACKERS_PASSWORD).status_code == 400


def test_the_confirmation_page_offers_to_remove_the_registration(
    client, django_capture_on_commit_callbacks
):
    register_as(Client(), django_capture_on_commit_callbacks, ATTACKERS_PASSWORD)
    confirm, decline = mail_links(mail.outbox[0])

    page = client.get(confirm).content.decode()

    assert f'action="{decline}"' in page
    assert client.post(decline).status_code == 200
    assert not User.objects.filter(email=VICTIM).exists()


def test_a_confirmed_account_cannot_be_removed_with_its_link(
    client, django_capture_on_commit_callbacks
):
    register_as(client, django_capture_on_commit_callbacks, VICTIMS_PASSWORD)
    confirm, decline = mail_links(mail.outbox[0])
    client.post(confirm, {"password": VICTIMS_PASSWORD})

    page = Client().get(decline)
    refused = Client().post(decline)

    assert page.status_code == 200
    assert b"already confirmed" in page.content
    assert refused.status_code == 409
    assert User.objects.get(email=VICTIM).is_active


def test_registering_a_strangers_address_mails_them_nothing_the_registrant_typed(
    client, django_capture_on_commit_callbacks
):
    register_as(
        client,
        django_capture_on_commit_callbacks,
        ATTACKERS_PASSWORD,
        first_name="Call +1 555 0100 to keep your account",
        last_name="Support",
    )

    body = mail.outbox[0].body
    assert "Call +1 555" not in body
    assert "Support" not in body
    assert "Did not ask for this?" in body
    confirm, decline = mail_links(mail.outbox[0])
    assert decline == confirm + "decline/"


def test_the_owner_who_registers_after_an_attacker_gets_the_account_alone(
    client, django_capture_on_commit_callbacks
):
    register_as(Client(), django_capture_on_commit_callbacks, ATTACKERS_PASSWORD)
    attackers_link = mail_link(mail.outbox[0])
    register_as(client, django_capture_on_commit_callbacks, VICTIMS_PASSWORD)

    refused = client.post(attackers_link, {"password": ATTACKERS_PASSWORD})
    confirmed = client.post(mail_link(mail.outbox[1]), {"password": VICTIMS_PASSWORD})

    assert refused.status_code == 400
    assert confirmed.status_code == 302
    user = User.objects.get(email=VICTIM)
    assert user.is_active and user.check_password(VICTIMS_PASSWORD)
    assert not user.check_password(ATTACKERS_PASSWORD)
    assert log_in(Client(), VICTIM, ATTACKERS_PASSWORD).status_code == 400


def test_a_registration_never_changes_an_account_confirmed_after_its_look_up(
    django_capture_on_commit_callbacks,
):
    # The owner confirms at the very moment another registration of the address is
    # on its way: the registration saw a pending account, but must not give the now
    # live account its password.
    from shop.accounts.services.auth import user_register

    owner = user_create(
        email=VICTIM,
        password=VICTIMS_PASSWORD,
        is_active=False,
        is_registration_pending=True,
    )

    def confirm_meanwhile():
        User.objects.filter(pk=owner.pk).update(
            is_active=True, is_registration_pending=False
        )

    with (
        after_the_look_up_of(VICTIM, confirm_meanwhile),
        django_capture_on_commit_callbacks(execute=True),
    ):
        user_register(email=VICTIM, password=ATTACKERS_PASSWORD)

    owner.refresh_from_db()
    assert owner.is_active
    assert owner.check_password(VICTIMS_PASSWORD)
    assert [m.subject.split(" at ")[0] for m in mail.outbox] == [
        "You already have an account"
    ]


def test_confirming_checks_the_password_in_the_service_too(
    django_capture_on_commit_callbacks,
):
    from shop.accounts.exceptions import RegistrationPasswordError
    from shop.accounts.services.auth import registration_confirm, user_register

    with django_capture_on_commit_callbacks(execute=True):
        user_register(email=VICTIM, password=ATTACKERS_PASSWORD)
    token = mail_link(mail.outbox[0]).split("/")[-2]

    with pytest.raises(RegistrationPasswordError):
        registration_confirm(token=token, password=VICTIMS_PASSWORD)

    assert User.objects.get(email=VICTIM).is_registration_pending
    user, activated = registration_confirm(token=token, password=ATTACKERS_PASSWORD)
    assert activated and user.is_active


def test_the_confirmation_pages_are_accessible(
    client, catalog_tree, django_capture_on_commit_callbacks
):
    register_as(client, django_capture_on_commit_callbacks, VICTIMS_PASSWORD)
    confirm, decline = mail_links(mail.outbox[0])

    pages = [
        client.get(confirm),
        client.post(confirm, {"password": "wrong"}),
        client.get(decline),
        client.post(decline),
    ]

    for page in pages:
        assert page.status_code in (200, 400)
        assert_accessible_basics(page.content.decode())
