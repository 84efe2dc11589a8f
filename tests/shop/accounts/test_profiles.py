"""Every user has a profile; buyers edit their name, phone and marketing consent."""

from datetime import UTC, datetime
from importlib import import_module

import pytest
import time_machine
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db.models.signals import post_save
from django.urls import reverse

from shop.accounts.models import Profile, User
from shop.accounts.selectors import profile_get_for_user
from shop.accounts.services.auth import user_register
from shop.accounts.services.profiles import profile_update
from tests.factories.accounts import user_create

pytestmark = pytest.mark.django_db

PROFILE = reverse("accounts:profile")
MAY_1 = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
JUNE_1 = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def profile_data(**overrides):
    return {
        "first_name": "Anna",
        "last_name": "Muster",
        "phone": "+41 44 123 45 67",
        **overrides,
    }


# --- A profile for every user ---------------------------------------------------


def test_create_user_gets_a_blank_profile():
    user = User.objects.create_user(email="anna@example.com", password="x")

    profile = Profile.objects.get(user=user)
    assert profile.phone == ""
    assert profile.has_marketing_opt_in is False
    assert profile.marketing_opt_in_at is None


def test_create_superuser_gets_a_profile():
    admin = User.objects.create_superuser(email="boss@example.com", password="x")

    assert Profile.objects.filter(user=admin).count() == 1


def test_saving_a_user_again_does_not_add_a_second_profile():
    user = user_create()

    user.first_name = "Anna"
    user.save()

    assert Profile.objects.filter(user=user).count() == 1


def test_a_user_added_in_the_wagtail_admin_gets_a_profile(client):
    admin = User.objects.create_superuser(email="boss@example.com", password="x")
    client.force_login(admin)

    response = client.post(
        reverse("wagtailusers_users:add"),
        {
            "email": "new.editor@example.com",
            "first_name": "Nora",
            "last_name": "Editor",
            "password1": "an-unguessable-passphrase-42",
            "password2": "an-unguessable-passphrase-42",
        },
    )

    assert response.status_code == 302
    user = User.objects.get(email="new.editor@example.com")
    assert Profile.objects.filter(user=user).count() == 1


def test_createsuperuser_gives_the_new_superuser_a_profile(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "an-unguessable-passphrase-42")

    call_command(
        "createsuperuser", "--noinput", "--email", "root@example.com", verbosity=0
    )

    admin = User.objects.get(email="root@example.com")
    assert admin.is_superuser
    assert Profile.objects.filter(user=admin).count() == 1


def test_registration_creates_the_pending_account_with_one_profile(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        user_register(email="nora@example.com", password="an-unguessable-phrase-42")

    user = User.objects.get(email="nora@example.com")
    assert user.is_registration_pending
    assert Profile.objects.filter(user=user).count() == 1


def test_the_test_factory_creates_one_profile():
    user = user_create()

    assert Profile.objects.filter(user=user).count() == 1


def test_no_shop_code_creates_profiles_from_a_post_save_signal():
    # Profiles come from the user-creation paths above, not from a receiver.
    receivers = [
        (module, name)
        for module, name in _receiver_origins(post_save, sender=User)
        if module.startswith(("shop", "cms_pages"))
    ]

    assert receivers == []


def test_a_profile_made_by_the_migration_is_the_one_the_selector_returns():
    # Users from before the profile rule got their row from migration 0003; rows
    # built past the manager (bulk_create) look the same to the selector.
    [user] = User.objects.bulk_create([User(email="old@example.com")])
    assert not Profile.objects.filter(user=user).exists()
    create_missing_profiles = import_module(
        "shop.accounts.migrations.0003_profiles_for_existing_users"
    ).create_missing_profiles

    create_missing_profiles(django_apps, None)

    profile = profile_get_for_user(user=user)
    assert profile.pk is not None
    assert profile == Profile.objects.get(user=user)


def _receiver_origins(signal, *, sender):
    for receiver in signal._live_receivers(sender)[0]:
        function = getattr(receiver, "__func__", receiver)
        yield function.__module__, function.__qualname__


# --- The service ------------------------------------------------------------------


def test_profile_update_saves_the_name_on_the_user_and_the_phone_on_the_profile():
    user = user_create()

    profile_update(
        user=user,
        first_name="Anna",
        last_name="Muster",
        phone="+41 44 123 45 67",
        has_marketing_opt_in=False,
    )

    user = User.objects.get(pk=user.pk)
    assert (user.first_name, user.last_name) == ("Anna", "Muster")
    assert user.profile.phone == "+41 44 123 45 67"
    assert user.profile.marketing_opt_in_at is None


def test_consent_keeps_the_time_it_was_first_given_until_withdrawn():
    user = user_create()

    profile_update(user=user, **profile_data(), has_marketing_opt_in=True, now=MAY_1)
    profile_update(user=user, **profile_data(), has_marketing_opt_in=True, now=JUNE_1)
    kept = Profile.objects.get(user=user)
    profile_update(user=user, **profile_data(), has_marketing_opt_in=False, now=JUNE_1)
    withdrawn = Profile.objects.get(user=user)

    assert (kept.has_marketing_opt_in, kept.marketing_opt_in_at) == (True, MAY_1)
    assert (withdrawn.has_marketing_opt_in, withdrawn.marketing_opt_in_at) == (
        False,
        None,
    )


def test_profile_update_refuses_an_invalid_phone_and_saves_nothing():
    user = user_create(first_name="Old")

    with pytest.raises(ValidationError):
        profile_update(
            user=user,
            first_name="New",
            last_name="",
            phone="call me maybe",
            has_marketing_opt_in=True,
        )

    assert User.objects.get(pk=user.pk).first_name == "Old"
    profile = Profile.objects.get(user=user)
    assert (profile.phone, profile.has_marketing_opt_in) == ("", False)


# --- The profile page --------------------------------------------------------------


def test_the_profile_page_shows_the_current_values(client):
    user = user_create(first_name="Anna", last_name="Muster")
    Profile.objects.filter(user=user).update(phone="+41 44 123 45 67")
    client.force_login(user)

    response = client.get(PROFILE)

    assert response.status_code == 200
    assert response.templates[0].name == "accounts/profile.html"
    assert response.context["form"].initial == {
        "first_name": "Anna",
        "last_name": "Muster",
        "phone": "+41 44 123 45 67",
        "has_marketing_opt_in": False,
    }
    assert user.email in response.content.decode()


def test_saving_the_profile_with_consent_records_the_time(client):
    user = user_create()
    client.force_login(user)

    with time_machine.travel(MAY_1, tick=False):
        response = client.post(
            PROFILE, profile_data(first_name=" Anna ", has_marketing_opt_in="on")
        )

    assert response.status_code == 302
    assert response["Location"] == PROFILE
    user = User.objects.get(pk=user.pk)
    assert (user.first_name, user.last_name) == ("Anna", "Muster")
    assert user.profile.phone == "+41 44 123 45 67"
    assert user.profile.has_marketing_opt_in is True
    assert user.profile.marketing_opt_in_at == MAY_1
    page = client.get(PROFILE)
    assert [str(m) for m in page.context["messages"]] == [
        "Your profile has been saved."
    ]
    assert "You agreed to receive offers and news on 1 May 2026." in (
        page.content.decode()
    )


def test_withdrawing_consent_on_the_page_clears_the_time(client):
    user = user_create()
    profile_update(user=user, **profile_data(), has_marketing_opt_in=True, now=MAY_1)
    client.force_login(user)

    response = client.post(PROFILE, profile_data())  # the box left unticked

    assert response.status_code == 302
    profile = Profile.objects.get(user=user)
    assert (profile.has_marketing_opt_in, profile.marketing_opt_in_at) == (
        False,
        None,
    )


def test_an_invalid_phone_is_a_form_error_and_nothing_is_saved(client):
    user = user_create(first_name="Old")
    client.force_login(user)

    response = client.post(
        PROFILE,
        profile_data(first_name="New", phone="call me", has_marketing_opt_in="on"),
    )

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "phone": [
            "Enter a phone number with digits only, for example +41 44 123 45 67."
        ]
    }
    assert User.objects.get(pk=user.pk).first_name == "Old"
    profile = Profile.objects.get(user=user)
    assert (profile.phone, profile.has_marketing_opt_in) == ("", False)
    assert 'class="field field--error"' in response.content.decode()


def test_a_too_long_name_is_a_form_error(client):
    user = user_create(first_name="Old")
    client.force_login(user)

    response = client.post(PROFILE, profile_data(last_name="x" * 151))

    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["last_name"]
    assert User.objects.get(pk=user.pk).last_name == ""


@pytest.mark.parametrize("field", ["first_name", "last_name"])
def test_a_name_with_control_characters_is_a_form_error(client, field):
    user = user_create(first_name="Old")
    client.force_login(user)

    response = client.post(PROFILE, profile_data(**{field: "Anna\x1b[2J\x07"}))

    assert response.status_code == 400
    assert list(response.context["form"].errors) == [field]
    assert User.objects.get(pk=user.pk).first_name == "Old"


def test_the_profile_page_needs_a_login(client):
    response = client.post(PROFILE, profile_data())

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={PROFILE}"
