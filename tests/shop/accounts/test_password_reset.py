"""Password reset and password change, through the views."""

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from shop.accounts.models import User
from tests.factories.accounts import PASSWORD, mail_link, user_create

pytestmark = pytest.mark.django_db

RESET = reverse("accounts:password_reset")
NEW = "a-brand-new-password-77"


def request_reset(client, capture, email):
    with capture(execute=True):
        return client.post(RESET, {"email": email})


def test_a_reset_link_sets_a_new_password_once(
    client, django_capture_on_commit_callbacks
):
    user = user_create(email="anna@example.com")

    response = request_reset(
        client, django_capture_on_commit_callbacks, "ANNA@example.com"
    )
    link = mail_link(mail.outbox[0])
    form = client.get(link)
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(link, {"password1": NEW, "password2": NEW})
    again = client.get(link)

    assert response["Location"] == reverse("accounts:password_reset_sent")
    assert mail.outbox[0].to == ["anna@example.com"]
    assert form.status_code == 200
    assert done.status_code == 302
    assert done["Location"] == reverse("accounts:login")
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert again.status_code == 400
    assert mail.outbox[-1].subject.endswith("password was changed")


def test_an_unknown_address_gets_the_same_answer_and_no_e_mail(
    client, django_capture_on_commit_callbacks
):
    user_create(email="anna@example.com")

    known = request_reset(
        client, django_capture_on_commit_callbacks, "anna@example.com"
    )
    unknown = request_reset(
        client, django_capture_on_commit_callbacks, "nobody@example.com"
    )

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert [m.to for m in mail.outbox] == [["anna@example.com"]]


def test_an_unconfirmed_account_gets_its_confirmation_link_instead(
    client, django_capture_on_commit_callbacks
):
    user_create(
        email="pending@example.com", is_active=False, is_registration_pending=True
    )

    request_reset(client, django_capture_on_commit_callbacks, "pending@example.com")

    assert mail_link(mail.outbox[0]).startswith("/account/verify/")


def test_a_deactivated_account_gets_no_reset_link(
    client, django_capture_on_commit_callbacks
):
    user_create(email="gone@example.com", is_active=False)

    response = request_reset(
        client, django_capture_on_commit_callbacks, "gone@example.com"
    )

    assert response.status_code == 302
    assert mail.outbox == []


def test_an_expired_reset_link_is_refused(client, django_capture_on_commit_callbacks):
    user = user_create(email="anna@example.com")
    with time_machine.travel("2026-03-01 09:00Z", tick=False):
        request_reset(client, django_capture_on_commit_callbacks, "anna@example.com")
    link = mail_link(mail.outbox[0])

    with time_machine.travel("2026-03-01 11:01Z", tick=False):
        response = client.post(link, {"password1": NEW, "password2": NEW})

    assert response.status_code == 400
    assert b"invalid or has expired" in response.content
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


@pytest.mark.parametrize(
    "path",
    [
        "/account/password/reset/MQ/bad-token/",
        "/account/password/reset/not-base64!/x-y/",
        "/account/password/reset/OTk5OTk5/abc-def/",
    ],
)
def test_malformed_reset_links_are_refused(client, path):
    user_create()

    response = client.get(path)

    assert response.status_code == 400


def test_a_reset_link_dies_when_the_password_changes_another_way(
    client, django_capture_on_commit_callbacks
):
    user = user_create(email="anna@example.com")
    request_reset(client, django_capture_on_commit_callbacks, "anna@example.com")
    user.set_password("changed-meanwhile-123")
    user.save()

    response = client.get(mail_link(mail.outbox[0]))

    assert response.status_code == 400


def test_a_weak_new_password_is_refused_and_nothing_changes(
    client, django_capture_on_commit_callbacks
):
    user = user_create(email="anna@example.com")
    request_reset(client, django_capture_on_commit_callbacks, "anna@example.com")

    response = client.post(
        mail_link(mail.outbox[0]), {"password1": "password", "password2": "password"}
    )

    assert response.status_code == 400
    assert "too common" in " ".join(response.context["form"].errors["password1"])
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_a_reset_ends_the_other_sessions_of_the_account(
    client, django_capture_on_commit_callbacks
):
    from django.test import Client

    user = user_create(email="anna@example.com")
    other_device = Client()
    other_device.force_login(user)
    request_reset(client, django_capture_on_commit_callbacks, "anna@example.com")

    client.post(mail_link(mail.outbox[0]), {"password1": NEW, "password2": NEW})

    response = other_device.get(reverse("accounts:password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_password_change_keeps_this_session_and_ends_the_others(
    client, django_capture_on_commit_callbacks
):
    from django.test import Client

    user = user_create(email="anna@example.com")
    client.force_login(user)
    other_device = Client()
    other_device.force_login(user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:password_change"),
            {"current_password": PASSWORD, "password1": NEW, "password2": NEW},
        )

    assert response.status_code == 302
    assert User.objects.get(pk=user.pk).check_password(NEW)
    assert client.get(reverse("accounts:password_change")).status_code == 200
    assert other_device.get(reverse("accounts:password_change")).status_code == 302
    assert mail.outbox[0].to == ["anna@example.com"]


def test_password_change_needs_the_current_password(client):
    user = user_create()
    client.force_login(user)

    response = client.post(
        reverse("accounts:password_change"),
        {"current_password": "guess", "password1": NEW, "password2": NEW},
    )

    assert response.status_code == 400
    assert response.context["form"].errors["current_password"] == [
        "Your current password is not correct."
    ]
    assert User.objects.get(pk=user.pk).check_password(PASSWORD)


def test_password_change_needs_a_login(client):
    response = client.get(reverse("accounts:password_change"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login") + "?next=")


# --- The request does the same for every address ------------------------------------


def test_the_request_does_the_same_work_for_every_kind_of_address(
    client, django_capture_on_commit_callbacks
):
    # The mail, if any, leaves after the answer (a Celery task queued on commit), so a
    # slow mail server cannot tell which addresses have an account.
    user_create(email="anna@example.com")
    user_create(
        email="pending@example.com", is_active=False, is_registration_pending=True
    )
    user_create(email="gone@example.com", is_active=False)
    addresses = [
        "anna@example.com",
        "pending@example.com",
        "gone@example.com",
        "nobody@example.com",
    ]
    client.get(RESET)  # the session exists before, as for a visitor who opened the form

    work = {}
    callbacks = {}
    for email in addresses:
        with (
            CaptureQueriesContext(connection) as queries,
            django_capture_on_commit_callbacks() as queued,
        ):
            response = client.post(RESET, {"email": email})
        work[email] = (
            response.status_code,
            response["Location"],
            len(queries),
            len(queued),
        )
        callbacks[email] = queued

    assert set(work.values()) == {(302, reverse("accounts:password_reset_sent"), 0, 1)}
    assert mail.outbox == []
    for email in addresses:
        with django_capture_on_commit_callbacks(execute=True):
            for callback in callbacks[email]:
                callback()
    assert [m.to for m in mail.outbox] == [
        ["anna@example.com"],
        ["pending@example.com"],
    ]
    assert mail_link(mail.outbox[0]).startswith("/account/password/reset/")
    assert mail_link(mail.outbox[1]).startswith("/account/verify/")


@pytest.mark.parametrize(
    ("email", "sent"),
    [
        ("Anna@Example.com ", ["anna@example.com"]),
        ("nobody@example.com", []),
        ("gone@example.com", []),
    ],
)
def test_the_reset_task_mails_only_an_active_account(
    django_capture_on_commit_callbacks, email, sent
):
    from shop.accounts.tasks import password_reset_send_task

    user_create(email="anna@example.com")
    user_create(email="gone@example.com", is_active=False)

    with django_capture_on_commit_callbacks(execute=True):
        password_reset_send_task(email)

    assert [to for m in mail.outbox for to in m.to] == sent
