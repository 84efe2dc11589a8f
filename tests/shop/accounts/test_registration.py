"""Registration with an e-mail link, through the views."""

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from shop.accounts.models import LoginEvent, User
from tests.factories.accounts import PASSWORD, mail_link, user_create

pytestmark = pytest.mark.django_db

REGISTER = reverse("accounts:register")


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
    response = client.post(link)

    assert page.status_code == 200
    assert b"Confirm and log in" in page.content
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:overview")
    user = User.objects.get(email="new@example.com")
    assert user.is_active and not user.is_registration_pending
    assert user.email_verified_at is not None
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.session.session_key != before
    assert LoginEvent.objects.filter(user=user, outcome="success").exists()


def test_opening_the_link_without_the_button_changes_nothing(
    client, django_capture_on_commit_callbacks
):
    register(client, django_capture_on_commit_callbacks)

    client.get(mail_link(mail.outbox[0]))

    assert User.objects.get(email="new@example.com").is_registration_pending


def test_a_used_link_says_the_address_is_already_confirmed(
    client, django_capture_on_commit_callbacks
):
    register(client, django_capture_on_commit_callbacks)
    link = mail_link(mail.outbox[0])
    client.post(link)
    client.post(reverse("accounts:logout"))

    response = client.post(link, follow=True)

    assert response.redirect_chain[-1][0] == reverse("accounts:login")
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
        response = client.post(link)

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

    response = client.post(reverse("accounts:verify", args=[token]))

    assert response.status_code == 400
    assert User.objects.get(pk=user.pk).is_registration_pending


def test_a_deactivated_account_cannot_reactivate_itself_with_an_old_link(
    client, django_capture_on_commit_callbacks
):
    register(client, django_capture_on_commit_callbacks)
    link = mail_link(mail.outbox[0])
    client.post(link)
    client.post(reverse("accounts:logout"))
    User.objects.filter(email="new@example.com").update(is_active=False)

    response = client.post(link)

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
    client.post(mail_link(mail.outbox[1]))
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
