"""The login audit log: what the storefront and admin logins record, and who sees it."""

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail import hooks

from shop.accounts.audit import login_event_record
from shop.accounts.models import LoginEvent
from tests.factories.accounts import PASSWORD, user_create

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
ADMIN_LOGIN = reverse("wagtailadmin_login")
LIST = reverse("login-activity:index")
RESULTS = reverse("login-activity:index_results")
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
Outcome = LoginEvent.Outcome


def event_rows() -> list[tuple]:
    return list(
        LoginEvent.objects.order_by("pk").values_list(
            "outcome", "email", "user__email", "ip_address", "user_agent", "path"
        )
    )


def staff_create(*, email: str, permissions: tuple[str, ...] = ()):
    group = Group.objects.create(name=f"Group of {email}")
    group.permissions.add(
        *Permission.objects.filter(codename__in=("access_admin", *permissions))
    )
    return user_create(email=email, is_staff=True, groups=(group.name,))


def test_a_storefront_success_and_failure_are_recorded_with_the_client(client):
    user_create(email="anna@example.com")

    failed = client.post(
        LOGIN,
        {"username": "Anna@Example.com", "password": "wrong"},
        REMOTE_ADDR="203.0.113.7",
        HTTP_USER_AGENT=FIREFOX,
    )
    succeeded = client.post(
        LOGIN,
        {"username": "anna@example.com", "password": PASSWORD},
        REMOTE_ADDR="2001:db8::7",
        HTTP_USER_AGENT="curl/8.5",
    )

    assert (failed.status_code, succeeded.status_code) == (400, 302)
    assert event_rows() == [
        ("failure", "anna@example.com", None, "203.0.113.7", FIREFOX, LOGIN),
        (
            "success",
            "anna@example.com",
            "anna@example.com",
            "2001:db8::7",
            "curl/8.5",
            LOGIN,
        ),
    ]


def test_the_admin_login_is_recorded_too(client):
    user_create(email="root@example.com", is_staff=True, is_superuser=True)

    client.post(
        ADMIN_LOGIN,
        {"username": "root@example.com", "password": "wrong"},
        HTTP_USER_AGENT=FIREFOX,
    )
    response = client.post(
        ADMIN_LOGIN,
        {"username": "root@example.com", "password": PASSWORD},
        HTTP_USER_AGENT=FIREFOX,
    )

    assert response.status_code == 302
    assert event_rows() == [
        ("failure", "root@example.com", None, "127.0.0.1", FIREFOX, ADMIN_LOGIN),
        (
            "success",
            "root@example.com",
            "root@example.com",
            "127.0.0.1",
            FIREFOX,
            ADMIN_LOGIN,
        ),
    ]


def test_a_blocked_attempt_is_recorded_as_throttled_and_not_as_a_failure(
    client, settings
):
    settings.ACCOUNTS_THROTTLE = {
        **settings.ACCOUNTS_THROTTLE,
        "login": {"ip": (10, 600), "email": (1, 600)},
    }
    user_create(email="anna@example.com")
    client.post(LOGIN, {"username": "anna@example.com", "password": "wrong"})

    blocked = client.post(
        ADMIN_LOGIN,
        {"username": "ANNA@example.com", "password": PASSWORD},
        HTTP_USER_AGENT=FIREFOX,
    )

    assert blocked.status_code == 429
    assert event_rows() == [
        ("failure", "anna@example.com", None, "127.0.0.1", "", LOGIN),
        ("throttled", "anna@example.com", None, "127.0.0.1", FIREFOX, ADMIN_LOGIN),
    ]


def test_a_long_user_agent_is_cut_to_fit(client):
    agent = "Bot/1.0 " + "x" * 500

    client.post(
        LOGIN,
        {"username": "nobody@example.com", "password": "wrong"},
        HTTP_USER_AGENT=agent,
    )

    assert LoginEvent.objects.get().user_agent == agent[:300]


def test_a_failure_without_a_request_is_recorded_and_counted_without_an_ip(
    client, settings
):
    # authenticate() called by code that has no request at hand.
    settings.ACCOUNTS_THROTTLE = {
        **settings.ACCOUNTS_THROTTLE,
        "login": {"ip": (10, 600), "email": (1, 600)},
    }
    user_create(email="anna@example.com")

    user = authenticate(username="anna@example.com", password="wrong")
    response = client.post(
        LOGIN, {"username": "anna@example.com", "password": PASSWORD}
    )

    assert user is None
    assert response.status_code == 429
    assert event_rows()[0] == ("failure", "anna@example.com", None, None, "", "")


def test_login_event_record_normalises_and_cuts_what_it_is_given():
    event = login_event_record(
        outcome=Outcome.FAILURE,
        email="  Someone@Example.COM" + "m" * 300,
        user=None,
        ip="198.51.100.4",
        user_agent="u" * 400,
        path="/admin/login/" + "p" * 300,
    )

    event.refresh_from_db()
    assert event.email == ("someone@example.com" + "m" * 300)[:254]
    assert event.user_agent == "u" * 300
    assert len(event.path) == 200
    assert event.ip_address == "198.51.100.4"


def test_a_superuser_sees_the_events_in_the_admin(client):
    root = user_create(email="root@example.com", is_staff=True, is_superuser=True)
    client.post(
        LOGIN,
        {"username": "mallory@example.com", "password": "wrong"},
        REMOTE_ADDR="203.0.113.66",
        HTTP_USER_AGENT=FIREFOX,
    )
    client.force_login(root)

    listing = client.get(LIST)
    found = client.get(RESULTS, {"q": "mallory"})
    by_ip = client.get(RESULTS, {"q": "203.0.113.66"})
    successes = client.get(RESULTS, {"outcome": "success"})
    home = client.get(reverse("wagtailadmin_home"))

    page = listing.content.decode()
    assert listing.status_code == 200
    for text in ("mallory@example.com", "203.0.113.66", FIREFOX, LOGIN, "Failure"):
        assert text in page
    assert "mallory@example.com" in found.content.decode()
    assert "mallory@example.com" in by_ip.content.decode()
    assert "mallory@example.com" not in successes.content.decode()
    assert "Success" in successes.content.decode()
    assert "Login activity" in home.content.decode()


def test_the_list_costs_the_same_queries_for_more_events(client):
    root = user_create(email="root@example.com", is_staff=True, is_superuser=True)
    client.force_login(root)

    def queries_for_list() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(RESULTS).status_code == 200
        return len(context)

    client.get(RESULTS)  # warms the per-process caches (site, content types)
    few = queries_for_list()
    for number in range(5):
        client.force_login(user_create(email=f"buyer-{number}@example.com"))
    client.force_login(root)
    many = queries_for_list()

    assert LoginEvent.objects.count() == 7
    assert many == few


def test_events_cannot_be_added_edited_or_deleted_even_by_a_superuser(client):
    event = login_event_record(
        outcome=Outcome.FAILURE,
        email="mallory@example.com",
        user=None,
        ip="203.0.113.66",
        user_agent="",
        path=LOGIN,
    )
    root = user_create(email="root@example.com", is_staff=True, is_superuser=True)
    client.force_login(root)

    answers = [
        client.get(f"{LIST}new/").status_code,
        client.post(f"{LIST}new/", {"outcome": "success"}).status_code,
        client.get(f"{LIST}edit/{event.pk}/").status_code,
        client.post(f"{LIST}delete/{event.pk}/").status_code,
        client.get(f"{LIST}copy/{event.pk}/").status_code,
    ]
    inspect = client.get(reverse("login-activity:inspect", args=[event.pk]))

    assert answers == [404] * 5
    assert inspect.status_code == 200
    assert "mallory@example.com" in inspect.content.decode()
    assert LoginEvent.objects.filter(email="mallory@example.com").count() == 1
    assert LoginEvent.objects.count() == 2  # and the superuser's own login


def test_a_staff_member_without_the_permission_gets_no_access(client):
    event = login_event_record(
        outcome=Outcome.FAILURE,
        email="mallory@example.com",
        user=None,
        ip="203.0.113.66",
        user_agent="",
        path=LOGIN,
    )
    editor = staff_create(email="editor@example.com")
    client.force_login(editor)

    listing = client.get(LIST)
    inspect = client.get(reverse("login-activity:inspect", args=[event.pk]))
    home = client.get(reverse("wagtailadmin_home"))

    assert listing.status_code == 302
    assert listing["Location"] == reverse("wagtailadmin_home")
    assert inspect.status_code == 302
    assert home.status_code == 200
    assert "Login activity" not in home.content.decode()


def test_a_staff_member_with_the_view_permission_can_read_but_not_change(client):
    login_event_record(
        outcome=Outcome.FAILURE,
        email="mallory@example.com",
        user=None,
        ip="203.0.113.66",
        user_agent="",
        path=LOGIN,
    )
    auditor = staff_create(
        email="auditor@example.com", permissions=("view_loginevent",)
    )
    client.force_login(auditor)

    listing = client.get(LIST)
    add = client.get(f"{LIST}new/")

    assert listing.status_code == 200
    assert "mallory@example.com" in listing.content.decode()
    assert add.status_code == 404


def test_groups_can_be_given_only_the_view_permission():
    registered = {
        permission.codename
        for hook in hooks.get_hooks("register_permissions")
        for permission in hook()
        if permission.content_type.model_class() is LoginEvent
    }

    assert registered == {"view_loginevent"}


HOSTILE_EMAIL = "anna\x00@exa\u0085mple.com\x1b[31m"


@pytest.mark.parametrize("url", [LOGIN, ADMIN_LOGIN])
def test_a_blocked_attempt_with_control_characters_is_stored_cleaned(
    client, settings, url
):
    # The throttled path records what was typed before any form looks at it.
    settings.ACCOUNTS_THROTTLE = {
        **settings.ACCOUNTS_THROTTLE,
        "login": {"ip": (1, 600), "email": (10, 600)},
    }
    client.post(LOGIN, {"username": "first@example.com", "password": "wrong"})

    blocked = client.post(
        url,
        {"username": HOSTILE_EMAIL, "password": "wrong"},
        HTTP_USER_AGENT="Bot\x00/1.0\r\n" + "x" * 400,
    )

    assert blocked.status_code == 429
    event = LoginEvent.objects.get(outcome=Outcome.THROTTLED)
    assert event.email == "anna\ufffd@exa\ufffdmple.com\ufffd[31m"
    assert event.user_agent == ("Bot\ufffd/1.0\ufffd\ufffd" + "x" * 400)[:300]
    assert event.path == url


def test_login_event_record_replaces_control_characters():
    event = login_event_record(
        outcome=Outcome.FAILURE,
        email="a\x00b@example.com",
        user=None,
        ip=None,
        user_agent="agent\x07\x7f",
        path="/account/login/\x00",
    )

    event.refresh_from_db()
    assert (event.email, event.user_agent, event.path) == (
        "a\ufffdb@example.com",
        "agent\ufffd\ufffd",
        "/account/login/\ufffd",
    )
