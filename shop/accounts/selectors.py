"""Reads for the buyer's own pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from .models import Address, Profile, User


@dataclass(frozen=True)
class AccountOverview:
    user: User
    profile: Profile
    default_shipping: Address | None
    default_billing: Address | None


def profile_get_for_user(*, user: User) -> Profile:
    """The buyer's profile; an unsaved blank one should the row be missing."""
    # Every user gets a profile on creation (UserManager, migration 0003); the
    # fallback only keeps a page from failing for a row deleted by hand.
    profile = Profile.objects.filter(user=user).first() or Profile(user=user)
    profile.user = user  # the caller's instance: no second query for it
    return profile


def address_list_for_user(*, user: User) -> QuerySet[Address]:
    """The buyer's addresses, defaults first (the model's ordering)."""
    return Address.objects.filter(user=user)


def address_get_for_user(*, user: User, pk: int) -> Address:
    """One of the buyer's addresses; Address.DoesNotExist for anyone else's."""
    return Address.objects.get(user=user, pk=pk)


def account_overview_get(*, user: User) -> AccountOverview:
    defaults = list(
        Address.objects.filter(user=user).filter(
            Q(is_default_shipping=True) | Q(is_default_billing=True)
        )
    )
    return AccountOverview(
        user=user,
        profile=profile_get_for_user(user=user),
        default_shipping=next((a for a in defaults if a.is_default_shipping), None),
        default_billing=next((a for a in defaults if a.is_default_billing), None),
    )
