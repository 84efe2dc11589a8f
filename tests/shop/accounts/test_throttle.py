"""Attempt limits on login, registration, password reset and e-mail change, through
the views."""

import time

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import reverse

from shop.accounts.models import LoginEvent, User
from shop.accounts.throttle import (
    _counters,
    client_ip,
    throttle_hit,
    throttle_message,
    throttle_retry_after,
)
from tests.factories.accounts import PASSWORD, user_create

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
ADMIN_LOGIN = reverse("wagtailadmin_login")
REGISTER = reverse("accounts:register")
RESET = reverse("accounts:password_reset")
EMAIL_CHANGE = reverse("accounts:email_change")
WRONG = "not-the-password"


@pytest.fixture
def small_limits(settings):
    settings.ACCOUNTS_THROTTLE = {
        "login": {"ip": (5, 600), "email": (3, 600)},
        "register": {"ip": (5, 3600), "email": (2, 3600)},
        "password_reset": {"ip": (5, 3600), "email": (2, 3600)},
        "email_change": {"ip": (5, 3600), "email": (2, 3600)},
    }


def log_in(client, email, password=WRONG, url=LOGIN, **extra):
    return client.post(url, {"username": email, "password": password}, **extra)


def template_names(response) -> list[str]:
    return [template.name for template in response.templates]


@pytest.mark.parametrize(("url", "failure_status"), [(LOGIN, 400), (ADMIN_LOGIN, 200)])
def test_failures_trip_the_e_mail_limit_and_then_even_the_right_password_is_refused(
    client, small_limits, url, failure_status
):
    user_create(email="anna@example.com", is_staff=True, is_superuser=True)
    failures = [log_in(client, "anna@example.com", url=url) for _ in range(3)]

    response = log_in(client, "Anna@Example.com", PASSWORD, url=url)

    assert [failure.status_code for failure in failures] == [failure_status] * 3
    assert response.status_code == 429
    assert 595 <= int(response["Retry-After"]) <= 600
    assert "no-cache" in response["Cache-Control"]
    assert response["X-Frame-Options"] == "DENY"
    assert (
        "Too many attempts. Please wait 10 minutes before you try again."
        in response.content.decode()
    )
    # The view never ran: the throttle page, no login form, nobody logged in.
    assert "accounts/throttled.html" in template_names(response)
    assert "accounts/login.html" not in template_names(response)
    assert "_auth_user_id" not in client.session
    assert not LoginEvent.objects.filter(outcome=LoginEvent.Outcome.SUCCESS).exists()


def test_failures_with_different_e_mails_trip_the_ip_limit(client, small_limits):
    for number in range(5):
        log_in(client, f"guess{number}@example.com")

    blocked = log_in(client, "fresh@example.com")
    elsewhere = log_in(client, "fresh@example.com", REMOTE_ADDR="203.0.113.9")

    assert blocked.status_code == 429
    assert elsewhere.status_code == 400


def test_each_ip_is_counted_apart(client, small_limits):
    for number in range(4):
        log_in(client, f"guess{number}@example.com", REMOTE_ADDR="203.0.113.1")
        log_in(client, f"other{number}@example.com", REMOTE_ADDR="203.0.113.2")

    first = log_in(client, "last@example.com", REMOTE_ADDR="203.0.113.1")
    second = log_in(client, "last2@example.com", REMOTE_ADDR="203.0.113.2")
    first_again = log_in(client, "last3@example.com", REMOTE_ADDR="203.0.113.1")

    assert (first.status_code, second.status_code) == (400, 400)
    assert first_again.status_code == 429


def test_an_ipv6_client_is_counted_by_its_64_network(client, small_limits):
    for number in range(5):
        log_in(client, f"guess{number}@example.com", REMOTE_ADDR=f"2001:db8::{number}")

    same_network = log_in(client, "fresh@example.com", REMOTE_ADDR="2001:db8::ffff")
    next_network = log_in(client, "fresh@example.com", REMOTE_ADDR="2001:db8:0:1::1")

    assert same_network.status_code == 429
    assert next_network.status_code == 400


def test_x_forwarded_for_is_ignored_without_a_trusted_proxy(client, small_limits):
    for number in range(5):
        log_in(
            client,
            f"guess{number}@example.com",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{number}",
        )

    response = log_in(client, "fresh@example.com", HTTP_X_FORWARDED_FOR="198.51.100.99")

    assert response.status_code == 429
    assert set(LoginEvent.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}


def test_behind_a_trusted_proxy_the_forwarded_client_is_counted(
    client, small_limits, settings
):
    settings.ACCOUNTS_TRUSTED_PROXY_COUNT = 1
    for number in range(5):
        log_in(
            client,
            f"guess{number}@example.com",
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}, 198.51.100.7",
        )

    same_client = log_in(
        client,
        "fresh@example.com",
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    other_client = log_in(
        client,
        "fresh@example.com",
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.7, 198.51.100.8",
    )

    assert same_client.status_code == 429
    assert other_client.status_code == 400
    assert LoginEvent.objects.filter(ip_address="198.51.100.7").count() == 6


def test_a_success_clears_the_e_mail_count_but_not_the_ip_count(client, small_limits):
    user_create(email="anna@example.com")
    log_in(client, "anna@example.com")
    log_in(client, "anna@example.com")
    success = log_in(client, "anna@example.com", PASSWORD)
    client.post(reverse("accounts:logout"))
    log_in(client, "anna@example.com")
    log_in(client, "anna@example.com")

    # Without the clear this would be the fifth failure against a limit of three.
    still_allowed = log_in(client, "anna@example.com")
    ip_limit_reached = log_in(client, "someone-else@example.com")

    assert success.status_code == 302
    assert still_allowed.status_code == 400
    assert ip_limit_reached.status_code == 429


def test_every_registration_post_counts_and_the_third_never_reaches_the_view(
    client, small_limits, django_capture_on_commit_callbacks
):
    data = {
        "email": "new@example.com",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "first_name": "Nora",
        "last_name": "Keller",
    }
    with django_capture_on_commit_callbacks(execute=True):
        invalid = client.post(REGISTER, {**data, "password2": "something-else"})
        valid = client.post(REGISTER, data)
        blocked = client.post(REGISTER, {**data, "email": "NEW@example.com"})

    assert invalid.status_code == 400
    assert valid.status_code == 302
    assert blocked.status_code == 429
    assert 3595 <= int(blocked["Retry-After"]) <= 3600
    assert "Please wait 60 minutes" in blocked.content.decode()
    assert len(mail.outbox) == 1
    assert User.objects.filter(email__iexact="new@example.com").count() == 1


def test_registration_ip_limit_counts_across_addresses(client, small_limits):
    for number in range(5):
        client.post(REGISTER, {"email": f"new{number}@example.com"})

    blocked = client.post(REGISTER, {"email": "another@example.com"})

    assert blocked.status_code == 429
    assert "accounts/register.html" not in template_names(blocked)


@pytest.mark.parametrize("url", [RESET, reverse("wagtailadmin_password_reset")])
def test_every_password_reset_request_counts(
    client, small_limits, django_capture_on_commit_callbacks, url
):
    user_create(email="anna@example.com")

    with django_capture_on_commit_callbacks(execute=True):
        answers = [
            client.post(url, {"email": "anna@example.com"}).status_code
            for _ in range(3)
        ]

    assert answers == [302, 302, 429]
    assert len(mail.outbox) == 2


def ask_for_email_change(client, new_email, password=PASSWORD, **extra):
    return client.post(
        EMAIL_CHANGE, {"new_email": new_email, "current_password": password}, **extra
    )


def test_every_email_change_request_counts_against_the_new_address(
    client, small_limits, django_capture_on_commit_callbacks
):
    # A confirmed account must not flood a stranger's mailbox with change requests.
    client.force_login(user_create(email="anna@example.com"))
    other = Client()
    other.force_login(user_create(email="bert@example.com"))

    with django_capture_on_commit_callbacks(execute=True):
        answers = [
            ask_for_email_change(client, "victim@example.com"),
            ask_for_email_change(client, "Victim@Example.com"),
            ask_for_email_change(
                other, "victim@example.com", REMOTE_ADDR="203.0.113.9"
            ),
        ]

    assert [answer.status_code for answer in answers] == [302, 302, 429]
    assert "accounts/email_change.html" not in template_names(answers[-1])
    assert 3595 <= int(answers[-1]["Retry-After"]) <= 3600
    assert len([m for m in mail.outbox if m.to[0].lower() == "victim@example.com"]) == 2
    assert User.objects.get(email="bert@example.com").email_change_nonce == ""


def test_wrong_current_passwords_count_against_the_ip_of_an_email_change(
    client, small_limits
):
    # A session left open is not a way to guess its password without limit.
    client.force_login(user_create(email="anna@example.com"))
    wrong = [
        ask_for_email_change(client, f"new{number}@example.com", WRONG)
        for number in range(5)
    ]

    blocked = ask_for_email_change(client, "fresh@example.com")

    assert [answer.status_code for answer in wrong] == [400] * 5
    assert blocked.status_code == 429
    assert User.objects.get(email="anna@example.com").email_change_nonce == ""
    assert mail.outbox == []


@pytest.mark.parametrize(
    "email", ["a\x00@example.com", "x" * 10_000 + "@example.com", "\x1b\u0085"]
)
def test_hostile_new_addresses_are_refused_without_an_error_below_and_at_the_limit(
    client, small_limits, email
):
    client.force_login(user_create(email="anna@example.com"))
    below = ask_for_email_change(client, email)
    for number in range(5):  # trips the IP limit
        ask_for_email_change(client, f"other{number}@example.com", WRONG)

    at_limit = ask_for_email_change(client, email)

    assert below.status_code == 400
    assert at_limit.status_code == 429
    assert list(User.objects.values_list("email", flat=True)) == ["anna@example.com"]


def test_a_limit_expires_by_itself(client, settings):
    # A real wait: on Redis the key's TTL runs on the server's clock, not ours.
    settings.ACCOUNTS_THROTTLE = {
        **settings.ACCOUNTS_THROTTLE,
        "login": {"ip": (10, 60), "email": (1, 1)},
    }
    user_create(email="anna@example.com")
    log_in(client, "anna@example.com")
    blocked = log_in(client, "anna@example.com", PASSWORD)

    time.sleep(1.2)
    after = log_in(client, "anna@example.com", PASSWORD)

    assert blocked.status_code == 429
    assert blocked["Retry-After"] == "1"
    assert "Please wait 1 second before" in blocked.content.decode()
    assert after.status_code == 302
    assert client.session["_auth_user_id"]


def test_a_counter_that_lost_its_expiry_restarts_instead_of_blocking_for_ever(
    small_limits,
):
    # Django's Redis incr() checks that the key exists before INCR; a TTL running
    # out in between leaves a counter without expiry and without its window's end.
    (counter,) = _counters(scope="login", ip=None, email="anna@example.com")
    cache.set(counter.key, 50, timeout=None)

    retry_before = throttle_retry_after(
        scope="login", ip=None, email="anna@example.com"
    )
    throttle_hit(scope="login", ip=None, email="anna@example.com")

    assert retry_before is None
    assert cache.get(counter.key) == 1
    assert cache.get(counter.end_key) is not None


def test_get_requests_are_never_throttled(client, small_limits):
    for number in range(5):
        log_in(client, f"guess{number}@example.com")

    page = client.get(LOGIN)

    assert page.status_code == 200


@pytest.mark.parametrize(
    ("seconds", "wait"),
    [
        (1, "1 second"),
        (45, "45 seconds"),
        (60, "1 minute"),
        (61, "2 minutes"),
        (14 * 60 - 30, "14 minutes"),
        (15 * 60, "15 minutes"),
    ],
)
def test_the_wait_is_told_in_minutes_rounded_up_or_in_seconds(seconds, wait):
    message = throttle_message(retry_after=seconds)

    assert message == f"Too many attempts. Please wait {wait} before you try again."


@pytest.mark.parametrize(
    ("proxies", "remote_addr", "forwarded_for", "expected"),
    [
        (0, "203.0.113.5", "198.51.100.1", "203.0.113.5"),
        (1, "10.0.0.1", "192.0.2.1, 198.51.100.1", "198.51.100.1"),
        (2, "10.0.0.1", "192.0.2.1, 198.51.100.1, 10.0.0.9", "198.51.100.1"),
        (2, "10.0.0.1", "198.51.100.1", "198.51.100.1"),
        (1, "10.0.0.1", "", "10.0.0.1"),
        (1, "10.0.0.1", "unknown", None),
        (0, "::ffff:192.0.2.1", "", "192.0.2.1"),
        (0, "2001:DB8::0001", "", "2001:db8::1"),
    ],
)
def test_client_ip_trusts_only_the_configured_proxies(
    settings, proxies, remote_addr, forwarded_for, expected
):
    settings.ACCOUNTS_TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get(
        "/", REMOTE_ADDR=remote_addr, HTTP_X_FORWARDED_FOR=forwarded_for
    )

    assert client_ip(request) == expected


@pytest.mark.parametrize(
    ("url", "field"),
    [(LOGIN, "username"), (REGISTER, "email"), (RESET, "email")],
)
@pytest.mark.parametrize(
    "email", ["a\x00@example.com", "x" * 10_000 + "@example.com", "\x1b\u0085"]
)
def test_hostile_e_mails_are_refused_without_an_error_below_and_at_the_limit(
    client, small_limits, url, field, email
):
    below = client.post(url, {field: email, "password": WRONG})
    for number in range(5):  # trips the IP limit
        client.post(url, {field: f"other{number}@example.com", "password": WRONG})

    at_limit = client.post(url, {field: email, "password": WRONG})

    assert below.status_code in (200, 400)
    assert at_limit.status_code == 429
    assert not User.objects.exists()
