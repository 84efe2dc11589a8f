"""Two registrations of one new address at the same time (a double submit).

The loser of the race must get the answer of any registration of a taken address:
the same redirect, never a 500, and there is exactly one account afterwards.
"""

import threading

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse

from shop.accounts.models import User
from tests.factories.accounts import PASSWORD, mail_link, user_create
from tests.shop.accounts.interleave import after_the_look_up_of

REGISTER = reverse("accounts:register")
SENT = reverse("accounts:register_sent")
EMAIL = "double@example.com"
OTHER_PASSWORD = "the-other-tabs-password-64"


def form(password=PASSWORD):
    return {
        "email": EMAIL,
        "password1": password,
        "password2": password,
        "first_name": "Nora",
    }


def answer(response):
    return response.status_code, response.get("Location")


@pytest.fixture
def no_attempt_limits(settings):
    settings.ACCOUNTS_THROTTLE = {
        scope: {"ip": (10_000, 3600), "email": (10_000, 3600)}
        for scope in settings.ACCOUNTS_THROTTLE
    }


@pytest.mark.django_db
def test_an_address_registered_between_look_up_and_insert_gets_the_usual_answer(
    client, django_capture_on_commit_callbacks
):
    # The other tab's registration commits right after this one looked the address
    # up and found nothing.
    def other_tab_registers():
        user_create(
            email=EMAIL,
            password=OTHER_PASSWORD,
            is_active=False,
            is_registration_pending=True,
            registration_nonce="other-tab",
        )

    normal = Client().post(REGISTER, {**form(), "email": "normal@example.com"})
    with (
        after_the_look_up_of(EMAIL, other_tab_registers),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(REGISTER, form())

    assert answer(response) == answer(normal) == (302, SENT)
    user = User.objects.get(email__iexact=EMAIL)
    # The later of two registrations wins, as when they come one after the other.
    assert user.check_password(PASSWORD)
    assert user.registration_nonce != "other-tab"
    confirmed = Client().post(
        mail_link(mail.outbox[-1]), {"password": PASSWORD}, follow=False
    )
    assert confirmed.status_code == 302
    assert User.objects.get(pk=user.pk).is_active


@pytest.mark.django_db
def test_an_address_confirmed_between_look_up_and_insert_gets_the_owners_note(
    client, django_capture_on_commit_callbacks
):
    def owner_account_appears():
        user_create(email=EMAIL, password=OTHER_PASSWORD)

    with (
        after_the_look_up_of(EMAIL, owner_account_appears),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(REGISTER, form())

    assert answer(response) == (302, SENT)
    owner = User.objects.get(email__iexact=EMAIL)
    assert owner.is_active and owner.check_password(OTHER_PASSWORD)
    assert [m.subject.split(" at ")[0] for m in mail.outbox] == [
        "You already have an account"
    ]


def _post_in_thread(results, index, start, data, wrap=None):
    client = Client(raise_request_exception=False)
    try:
        if start is not None:
            start.wait(timeout=10)
        if wrap is None:
            results[index] = client.post(REGISTER, data)
        else:
            with wrap():
                results[index] = client.post(REGISTER, data)
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_simultaneous_registrations_of_one_address_all_get_the_usual_answer(
    require_postgres, no_attempt_limits
):
    normal = Client().post(REGISTER, {**form(), "email": "normal@example.com"})
    threads_per_round, rounds = 4, 4
    answers = []
    for number in range(rounds):
        data = {**form(), "email": f"double{number}@example.com"}
        start = threading.Barrier(threads_per_round)
        results = [None] * threads_per_round
        threads = [
            threading.Thread(target=_post_in_thread, args=(results, index, start, data))
            for index in range(threads_per_round)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        answers += [answer(response) for response in results]
        assert User.objects.filter(email__iexact=data["email"]).count() == 1

    assert answers == [answer(normal)] * (threads_per_round * rounds)


@pytest.mark.django_db(transaction=True)
def test_a_registration_that_loses_to_a_committed_one_gets_the_usual_answer(
    require_postgres, no_attempt_limits
):
    # On PostgreSQL, in order: B looks the address up and finds nothing, A registers
    # it and commits, B carries on. B must not trip over A's committed row.
    a_done = threading.Event()
    b_looked_up = threading.Event()

    def wait_for_a():
        b_looked_up.set()
        assert a_done.wait(timeout=20)

    def pause_after_look_up():
        return after_the_look_up_of(EMAIL, wait_for_a)

    results = [None, None]
    b = threading.Thread(
        target=_post_in_thread,
        args=(results, 1, None, form(OTHER_PASSWORD), pause_after_look_up),
    )
    b.start()
    assert b_looked_up.wait(timeout=20)
    results[0] = Client(raise_request_exception=False).post(REGISTER, form())
    a_done.set()
    b.join(timeout=30)

    assert [answer(response) for response in results] == [(302, SENT)] * 2
    user = User.objects.get(email__iexact=EMAIL)
    assert user.is_registration_pending
    assert user.check_password(OTHER_PASSWORD)  # B came last, B's password holds
