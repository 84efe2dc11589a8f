"""Changing the e-mail address: confirmed from the new one, the old one is told."""

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from shop.accounts.models import User
from tests.factories.accounts import PASSWORD, mail_link, user_create

pytestmark = pytest.mark.django_db

CHANGE = reverse("accounts:email_change")


def ask(client, capture, new_email, password=PASSWORD):
    with capture(execute=True):
        return client.post(
            CHANGE, {"new_email": new_email, "current_password": password}
        )


def test_the_change_waits_for_the_link_sent_to_the_new_address(
    client, django_capture_on_commit_callbacks
):
    user = user_create(email="old@example.com")
    client.force_login(user)

    response = ask(client, django_capture_on_commit_callbacks, "New@Example.com")

    assert response.status_code == 302
    assert User.objects.get(pk=user.pk).email == "old@example.com"
    assert [m.to for m in mail.outbox] == [["New@example.com"]]
    link = mail_link(mail.outbox[0])
    page = client.get(link)
    assert page.status_code == 200
    assert "New@example.com" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(link)
    assert confirmed["Location"] == reverse("accounts:overview")
    user.refresh_from_db()
    assert user.email == "New@example.com"
    assert user.email_verified_at is not None
    notice = mail.outbox[-1]
    assert notice.to == ["old@example.com"]
    assert "New@example.com" in notice.body


def test_the_link_works_from_a_logged_out_browser_and_only_once(
    client, django_capture_on_commit_callbacks
):
    user = user_create(email="old@example.com")
    client.force_login(user)
    ask(client, django_capture_on_commit_callbacks, "new@example.com")
    link = mail_link(mail.outbox[0])
    client.post(reverse("accounts:logout"))

    first = client.post(link)
    second = client.post(link)

    assert first["Location"] == reverse("accounts:login")
    assert User.objects.get(pk=user.pk).email == "new@example.com"
    assert second.status_code == 400


def test_a_link_dies_when_the_address_changed_back_in_between(
    client, django_capture_on_commit_callbacks
):
    user = user_create(email="old@example.com")
    client.force_login(user)
    ask(client, django_capture_on_commit_callbacks, "one@example.com")
    first_link = mail_link(mail.outbox[0])
    client.post(first_link)
    ask(client, django_capture_on_commit_callbacks, "old@example.com")
    client.post(mail_link(mail.outbox[-1]))
    assert User.objects.get(pk=user.pk).email == "old@example.com"

    response = client.post(first_link)

    assert response.status_code == 400
    assert User.objects.get(pk=user.pk).email == "old@example.com"


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


def test_a_tampered_link_is_refused(client, django_capture_on_commit_callbacks):
    user = user_create(email="old@example.com")
    client.force_login(user)
    ask(client, django_capture_on_commit_callbacks, "new@example.com")
    token = mail_link(mail.outbox[0]).rstrip("/").rsplit("/", 1)[1]
    forged = token[:-3] + ("AAA" if token[-3:] != "AAA" else "BBB")

    response = client.post(reverse("accounts:email_change_confirm", args=[forged]))

    assert response.status_code == 400
    assert User.objects.get(pk=user.pk).email == "old@example.com"


def test_an_address_of_another_account_looks_the_same_and_is_not_taken(
    client, django_capture_on_commit_callbacks
):
    user_create(email="taken@example.com")
    user = user_create(email="old@example.com")
    client.force_login(user)

    response = ask(client, django_capture_on_commit_callbacks, "taken@example.com")

    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["taken@example.com"]]
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
    ],
)
def test_bad_input_is_refused_and_sends_nothing(
    client, django_capture_on_commit_callbacks, new_email, password, field, message
):
    client.force_login(user_create(email="old@example.com"))

    response = ask(client, django_capture_on_commit_callbacks, new_email, password)

    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert mail.outbox == []


def test_email_change_needs_a_login(client):
    response = client.get(CHANGE)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
