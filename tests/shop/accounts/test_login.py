"""Storefront login and logout, through the views."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories.accounts import PASSWORD, mail_link, user_create
from tests.html_checks import assert_accessible_basics

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")


def test_login_with_e_mail_and_password_rotates_the_session(client):
    user = user_create(email="anna@example.com")
    client.get(LOGIN)
    session = client.session
    session["cart_hint"] = "kept across login"
    session.save()
    before = session.session_key

    response = client.post(
        LOGIN, {"username": "Anna@Example.com", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:overview")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.session.session_key != before
    assert client.session["cart_hint"] == "kept across login"


@pytest.mark.parametrize(
    ("email", "password"),
    [
        ("anna@example.com", "wrong-password"),
        ("nobody@example.com", PASSWORD),
    ],
)
def test_wrong_credentials_get_one_message_that_reveals_nothing(
    client, email, password
):
    user_create(email="anna@example.com")

    response = client.post(LOGIN, {"username": email, "password": password})

    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "The e-mail address or the password is not correct."
    ]
    assert "_auth_user_id" not in client.session


def test_a_safe_next_url_is_followed_and_a_foreign_one_is_not(client):
    user_create(email="anna@example.com")
    credentials = {"username": "anna@example.com", "password": PASSWORD}

    inside = client.post(LOGIN, {**credentials, "next": "/account/addresses/"})
    client.post(reverse("accounts:logout"))
    outside = client.post(LOGIN, {**credentials, "next": "https://evil.example/"})

    assert inside["Location"] == "/account/addresses/"
    assert outside["Location"] == reverse("accounts:overview")


def test_an_unconfirmed_account_is_told_to_confirm_and_gets_a_new_link(
    client, django_capture_on_commit_callbacks
):
    user_create(
        email="pending@example.com", is_active=False, is_registration_pending=True
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            LOGIN, {"username": "pending@example.com", "password": PASSWORD}
        )

    assert response.status_code == 400
    assert "Please confirm your e-mail address first" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert [m.to for m in mail.outbox] == [["pending@example.com"]]
    assert mail_link(mail.outbox[0]).startswith("/account/verify/")


def test_an_unconfirmed_account_with_a_wrong_password_gets_the_usual_answer(
    client, django_capture_on_commit_callbacks
):
    user_create(
        email="pending@example.com", is_active=False, is_registration_pending=True
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            LOGIN, {"username": "pending@example.com", "password": "wrong"}
        )

    assert "not correct" in response.content.decode()
    assert mail.outbox == []


def test_a_deactivated_account_cannot_log_in(client):
    user_create(email="gone@example.com", is_active=False)

    response = client.post(
        LOGIN, {"username": "gone@example.com", "password": PASSWORD}
    )

    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_logout_needs_a_post_and_ends_the_session(client):
    client.force_login(user_create())

    refused = client.get(reverse("accounts:logout"))
    response = client.post(reverse("accounts:logout"))

    assert refused.status_code == 405
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_header_offers_login_to_visitors_and_the_account_to_buyers(
    client, catalog_tree
):
    anonymous = client.get("/").content.decode()
    client.force_login(user_create())
    logged_in = client.get("/").content.decode()

    assert f'href="{LOGIN}"' in anonymous
    assert f'href="{reverse("accounts:overview")}"' in logged_in
    assert f'href="{LOGIN}"' not in logged_in


@pytest.mark.parametrize(
    "name",
    ["login", "register", "password_reset", "register_sent", "password_reset_sent"],
)
def test_the_account_entry_pages_are_accessible(client, catalog_tree, name):
    response = client.get(reverse(f"accounts:{name}"))

    assert response.status_code == 200
    assert_accessible_basics(response.content.decode())
