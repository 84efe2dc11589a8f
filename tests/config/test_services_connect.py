"""With REDIS_URL the cache and the sessions live in Redis (real server, no mocks)."""

import pytest
from django.conf import settings
from django.core.cache import cache


def test_cache_round_trips_through_redis(require_redis):
    assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")

    cache.set("atelier-test-key", {"n": 1}, timeout=5)

    assert cache.get("atelier-test-key") == {"n": 1}


@pytest.mark.django_db
def test_sessions_are_stored_in_redis(require_redis, client):
    from django.contrib.sessions.backends.cache import SessionStore

    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cache"
    session = SessionStore()
    session["cart"] = "x"
    session.save()

    assert SessionStore(session_key=session.session_key)["cart"] == "x"


@pytest.mark.django_db
def test_the_database_is_postgresql_when_configured(require_postgres):
    from django.db import connection

    assert connection.vendor == "postgresql"
    assert connection.pg_version >= 130000
