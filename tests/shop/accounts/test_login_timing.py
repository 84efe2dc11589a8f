"""A failed login costs the same whatever the address: exactly one password hash.

Otherwise the time of a wrong password tells an attacker which addresses have an
account, or a registration waiting for confirmation.
"""

import hashlib
import statistics
import time

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories.accounts import PASSWORD, user_create
from tests.shop.accounts.hashers import (
    CountingMD5PasswordHasher,
    TunablePBKDF2PasswordHasher,
)

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
WRONG = "not-the-password-12"
HASHERS = "tests.shop.accounts.hashers"

# kind of address: (e-mail, password typed)
FAILURES = {
    "unknown address": ("nobody@example.com", PASSWORD),
    "active account, wrong password": ("active@example.com", WRONG),
    "pending registration, wrong password": ("pending@example.com", WRONG),
    "pending registration, right password": ("pending@example.com", PASSWORD),
    "deactivated account, wrong password": ("gone@example.com", WRONG),
    "deactivated account, right password": ("gone@example.com", PASSWORD),
}


@pytest.fixture
def no_attempt_limits(settings):
    settings.ACCOUNTS_THROTTLE = {
        scope: {"ip": (10_000, 3600), "email": (10_000, 3600)}
        for scope in settings.ACCOUNTS_THROTTLE
    }


def accounts_of_every_kind():
    user_create(email="active@example.com")
    user_create(
        email="pending@example.com", is_active=False, is_registration_pending=True
    )
    user_create(email="gone@example.com", is_active=False)


def test_every_failed_login_computes_exactly_one_password_hash(
    settings, no_attempt_limits
):
    settings.PASSWORD_HASHERS = [f"{HASHERS}.CountingMD5PasswordHasher"]
    accounts_of_every_kind()
    client = Client()

    hashes = {}
    for kind, (email, password) in FAILURES.items():
        CountingMD5PasswordHasher.computed = 0
        response = client.post(LOGIN, {"username": email, "password": password})
        assert response.status_code == 400, kind
        hashes[kind] = CountingMD5PasswordHasher.computed

    assert hashes == dict.fromkeys(FAILURES, 1)


def _iterations_for(seconds: float) -> int:
    """PBKDF2 iterations that take about this long on this machine, now."""
    sample = 20_000
    started = time.perf_counter()
    hashlib.pbkdf2_hmac("sha256", b"password", b"salt", sample)
    elapsed = time.perf_counter() - started
    return max(1_000, int(sample * seconds / elapsed))


def test_a_failed_login_takes_as_long_for_every_kind_of_address(
    settings, monkeypatch, no_attempt_limits
):
    # One hash is made to cost ~45 ms, twice the rest of a failed login request
    # (~25 ms here), so a second hash shows as a ratio of about 1.6.
    monkeypatch.setattr(
        TunablePBKDF2PasswordHasher, "iterations", _iterations_for(0.045)
    )
    settings.PASSWORD_HASHERS = [f"{HASHERS}.TunablePBKDF2PasswordHasher"]
    accounts_of_every_kind()
    kinds = {
        "unknown": FAILURES["unknown address"],
        "active": FAILURES["active account, wrong password"],
        "pending": FAILURES["pending registration, wrong password"],
        "deactivated": FAILURES["deactivated account, wrong password"],
    }
    client = Client()
    for email, password in kinds.values():  # warm up caches, templates, connections
        client.post(LOGIN, {"username": email, "password": password})

    durations = {kind: [] for kind in kinds}
    for _ in range(15):
        # Interleaved, so that load from elsewhere on the machine hits every kind.
        for kind, (email, password) in kinds.items():
            started = time.perf_counter()
            response = client.post(LOGIN, {"username": email, "password": password})
            durations[kind].append(time.perf_counter() - started)
            assert response.status_code == 400
    median = {kind: statistics.median(times) for kind, times in durations.items()}

    ratios = {
        kind: round(median[kind] / median["unknown"], 2)
        for kind in ("active", "pending", "deactivated")
    }
    assert all(0.7 <= ratio <= 1.4 for ratio in ratios.values()), (ratios, median)
