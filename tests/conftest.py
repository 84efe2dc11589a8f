"""Shared fixtures. With REQUIRE_SERVICES=1 a missing PostgreSQL or Redis fails the run."""

from __future__ import annotations

import pytest
from django.conf import settings

from tests.factories.catalog import catalog_tree  # noqa: F401  (fixture)


def pytest_sessionstart(session) -> None:
    if not settings.REQUIRE_SERVICES:
        return
    problems = []
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        problems.append("REQUIRE_SERVICES=1 but DATABASE_URL is not PostgreSQL.")
    if not settings.REDIS_URL:
        problems.append("REQUIRE_SERVICES=1 but REDIS_URL is not set.")
    else:
        import redis

        try:
            redis.Redis.from_url(settings.REDIS_URL, socket_timeout=3).ping()
        except redis.RedisError as error:
            problems.append(f"Redis at {settings.REDIS_URL} is unreachable: {error}")
    if problems:
        raise pytest.UsageError("\n".join(problems))


def _skip_unless(condition: bool, reason: str) -> None:
    if condition:
        return
    if settings.REQUIRE_SERVICES:
        pytest.fail(f"{reason} (REQUIRE_SERVICES=1)")
    pytest.skip(reason)


@pytest.fixture
def require_postgres() -> None:
    _skip_unless(
        settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql",
        "needs PostgreSQL: set DATABASE_URL",
    )


@pytest.fixture
def require_redis() -> None:
    _skip_unless(bool(settings.REDIS_URL), "needs Redis: set REDIS_URL")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_and_quiet(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.CELERY_TASK_ALWAYS_EAGER = True


@pytest.fixture(scope="session")
def mollie_server():
    """The project's local Mollie-compatible server, in a thread for the whole run:
    the shop's gateway reaches it over HTTP through the real mollie-api-python."""
    from shop.payments.mollie_local import serve

    server, app, _url = serve()
    yield app
    server.shutdown()


@pytest.fixture(autouse=True)
def _mollie_local(settings, mollie_server) -> None:
    settings.MOLLIE_API_ENDPOINT = mollie_server.base_url


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    from django.core.cache import cache

    from shop.core.content_cache import content_memo_clear_local

    cache.clear()
    content_memo_clear_local()


# The rows the migrations made, serialized once per run (kept outside any connection
# object: a browser test may run on another one).
_migrated_rows: list[str] = []


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, and a copy of the rows the migrations made (site, home
    page, root collection, groups...) taken before any test ran."""
    from django.db import connection

    with django_db_blocker.unblock():
        _migrated_rows.append(connection.creation.serialize_db_to_string())


@pytest.fixture
def migrated_rows_restored(django_db_setup, transactional_db) -> None:
    """Put the migrated rows back before a transactional test that needs them.

    A transactional test ends with every table emptied, so the next one starts
    without the site and the home page. Django's own ``serialized_rollback``
    restores the rows only through the connection object that was handed the
    serialized copy, and Playwright's event loop can leave a test with another one;
    so the copy is restored here, after emptying again what the last flush's
    post_migrate re-created (content types, permissions).
    """
    from django.apps import apps
    from django.core.management import call_command
    from django.core.management.color import no_style
    from django.db import connection
    from wagtail.models import Collection

    if not Collection.objects.exists():
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        connection.creation.deserialize_db_from_string(_migrated_rows[-1])
        # The rows came back with their ids; move the id sequences past them.
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(
                no_style(), apps.get_models()
            ):
                cursor.execute(statement)
