"""Production settings refuse unsafe configurations; check --deploy is clean."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_ENV": "production",
    "DJANGO_SECRET_KEY": "test-only-secret-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEF",
    "DJANGO_ALLOWED_HOSTS": "shop.example.com",
    "DATABASE_URL": "postgres://u:p@db.invalid:5432/atelier",
    "REDIS_URL": "redis://redis.invalid:6379/0",
    "AWS_STORAGE_BUCKET_NAME": "atelier-media",
    "SHOP_BASE_URL": "https://shop.example.com",
    "MOLLIE_API_KEY": "live_testonlykey",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "AWS_", "SHOP_", "MOLLIE_"))
    }
    clean.pop("DATABASE_URL", None)
    clean.pop("REDIS_URL", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_variables():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("DJANGO_SECRET_KEY", "DJANGO_SECRET_KEY must be set"),
        ("DATABASE_URL", "DATABASE_URL must be set"),
        ("REDIS_URL", "REDIS_URL must be set"),
        ("AWS_STORAGE_BUCKET_NAME", "AWS_STORAGE_BUCKET_NAME must be set"),
        ("SHOP_BASE_URL", "SHOP_BASE_URL must be set"),
        ("MOLLIE_API_KEY", "MOLLIE_API_KEY must be set"),
    ],
)
def test_production_refuses_to_start_without_a_required_value(missing, message):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}

    result = manage("check", env=env)

    assert result.returncode != 0
    assert message in result.stderr


def test_production_refuses_debug():
    result = manage("check", env={**PRODUCTION, "DJANGO_DEBUG": "true"})

    assert result.returncode != 0
    assert "DJANGO_DEBUG must be off" in result.stderr


def test_production_uses_redis_for_cache_sessions_and_broker_and_s3_for_media():
    code = (
        "from django.conf import settings as s;"
        "print(s.CACHES['default']['BACKEND']);print(s.SESSION_ENGINE);"
        "print(s.CELERY_BROKER_URL);print(s.CELERY_TASK_ALWAYS_EAGER);"
        "print(s.STORAGES['default']['BACKEND']);print(s.DATABASES['default']['ENGINE']);"
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.DEBUG)"
    )
    result = manage("shell", "--no-imports", "-c", code, env=PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:7] == [
        "django.core.cache.backends.redis.RedisCache",
        "django.contrib.sessions.backends.cache",
        "redis://redis.invalid:6379/0",
        "False",
        "storages.backends.s3.S3Storage",
        "django.db.backends.postgresql",
        "True True False",
    ]


def test_embedded_defaults_need_no_service():
    code = (
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE']);print(s.CACHES['default']['BACKEND']);"
        "print(s.CELERY_TASK_ALWAYS_EAGER);print(s.STORAGES['default']['BACKEND']);"
        "print(s.EMAIL_BACKEND);print(s.DEBUG)"
    )
    result = manage("shell", "--no-imports", "-c", code, env={})

    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:6] == [
        "django.db.backends.sqlite3",
        "django.core.cache.backends.locmem.LocMemCache",
        "True",
        "django.core.files.storage.FileSystemStorage",
        "django.core.mail.backends.console.EmailBackend",
        "True",
    ]


def test_an_unknown_environment_name_is_refused():
    result = manage("check", env={"DJANGO_ENV": "prod"})

    assert result.returncode != 0
    assert "DJANGO_ENV must be development, test or production" in result.stderr
