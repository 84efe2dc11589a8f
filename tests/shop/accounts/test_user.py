import pytest
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.core.exceptions import ValidationError

from shop.accounts.models import User

pytestmark = pytest.mark.django_db


def test_the_user_model_is_the_email_login_user():
    assert settings.AUTH_USER_MODEL == "accounts.User"
    assert get_user_model() is User
    assert User.USERNAME_FIELD == "email"
    assert not hasattr(User, "username")


def test_the_user_table_comes_from_the_first_accounts_migration():
    from importlib import import_module

    migration = import_module("shop.accounts.migrations.0001_initial").Migration
    assert migration.initial
    assert any(getattr(op, "name", "") == "User" for op in migration.operations)


def test_create_user_normalizes_the_domain_and_logs_in_case_insensitively():
    user = User.objects.create_user(email="Ann@Example.COM", password="s3cret-pass")

    assert user.email == "Ann@example.com"
    assert authenticate(username="ann@EXAMPLE.com", password="s3cret-pass") == user
    assert authenticate(username="ann@example.com", password="wrong") is None
    assert not user.is_staff


def test_the_same_address_in_other_case_is_refused():
    User.objects.create_user(email="ann@example.com", password="x")

    with pytest.raises(ValidationError):
        User.objects.create_user(email="ANN@example.com", password="x")

    assert User.objects.count() == 1


@pytest.mark.parametrize("email", ["", "not-an-address"])
def test_a_bad_address_is_refused(email):
    with pytest.raises((ValueError, ValidationError)):
        User.objects.create_user(email=email, password="x")

    assert not User.objects.exists()


def test_create_superuser_is_staff_and_superuser():
    admin = User.objects.create_superuser(email="boss@example.com", password="x")

    assert admin.is_staff and admin.is_superuser
    assert admin.get_full_name() == "boss@example.com"


def test_a_superuser_without_staff_is_refused():
    with pytest.raises(ValueError, match="is_staff"):
        User.objects.create_superuser(
            email="b@example.com", password="x", is_staff=False
        )
