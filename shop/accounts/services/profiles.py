"""Writes to a buyer's profile and address book.

A buyer who has addresses always has exactly one default billing and one default
shipping address: the first address takes both, a default moves only when another
address takes it over, and deleting a default hands it to the oldest remaining
address. Every address write locks the owner's row and then their address rows
(ordered by pk), so concurrent writes for one buyer run one after another.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shop.core.address import PostalAddress
from shop.core.countries import postal_code_error

from ..exceptions import AccountError
from ..models import Address, Profile, User

AddressKind = Literal["billing", "shipping"]
ADDRESS_KINDS: tuple[AddressKind, ...] = ("billing", "shipping")
_DEFAULT_FIELD = {"billing": "is_default_billing", "shipping": "is_default_shipping"}


def profile_ensure(*, user: User) -> Profile:
    """The user's profile, created blank if it is missing.

    For users whose row was built past UserManager: Wagtail's user form saves the
    model itself, and its after_create_user hook calls this.
    """
    profile, _created = Profile.objects.get_or_create(user=user)
    return profile


@transaction.atomic
def profile_update(
    *,
    user: User,
    first_name: str,
    last_name: str,
    phone: str,
    has_marketing_opt_in: bool,
    now: datetime | None = None,
) -> Profile:
    """Save the buyer's name and profile.

    ``marketing_opt_in_at`` records when consent was given: set when it is given,
    kept while it stands, cleared when it is withdrawn.
    """
    now = now or timezone.now()
    profile, _created = Profile.objects.select_for_update().get_or_create(user=user)

    user.first_name, user.last_name = first_name, last_name
    user.full_clean(exclude=["password"])
    user.save(update_fields=["first_name", "last_name"])

    if has_marketing_opt_in and not profile.has_marketing_opt_in:
        profile.marketing_opt_in_at = now
    elif not has_marketing_opt_in:
        profile.marketing_opt_in_at = None
    profile.phone = phone
    profile.has_marketing_opt_in = has_marketing_opt_in
    profile.full_clean()
    profile.save()
    return profile


def _address_book_lock(*, user_id: int) -> list[Address]:
    """Lock the buyer and their addresses; the addresses, oldest first.

    Locking the user row too serialises inserts, which row locks on the addresses
    alone cannot (a buyer without addresses has no rows to lock).
    """
    list(User.objects.select_for_update().filter(pk=user_id).values_list("pk"))
    return list(
        Address.objects.select_for_update().filter(user_id=user_id).order_by("pk")
    )


def _locked_address(*, address: Address) -> tuple[Address, list[Address]]:
    """The locked row of ``address`` and the buyer's other locked addresses."""
    locked = _address_book_lock(user_id=address.user_id)
    current = next((a for a in locked if a.pk == address.pk), None)
    if current is None:
        raise AccountError(_("This address no longer exists."))
    return current, [a for a in locked if a.pk != address.pk]


def _check_postal_code(*, country: str, postal_code: str) -> None:
    error = postal_code_error(country, postal_code)
    if error is not None:
        raise AccountError(error)


def _take_default(*, address: Address, kind: AddressKind) -> None:
    """Make ``address`` the default of ``kind``; the caller holds the lock."""
    field = _DEFAULT_FIELD[kind]
    # The partial unique index is not deferrable: clear the old default first.
    Address.objects.filter(user_id=address.user_id, **{field: True}).exclude(
        pk=address.pk
    ).update(**{field: False, "updated_at": timezone.now()})
    setattr(address, field, True)


def _apply(*, row: Address, address: PostalAddress) -> None:
    for name, value in address.as_dict().items():
        setattr(row, name, value)


@transaction.atomic
def address_create(
    *,
    user: User,
    address: PostalAddress,
    is_default_billing: bool = False,
    is_default_shipping: bool = False,
) -> Address:
    """Add an address; the buyer's first one becomes the default of both kinds."""
    existing = _address_book_lock(user_id=user.pk)
    limit = settings.ACCOUNTS_MAX_ADDRESSES
    if len(existing) >= limit:
        raise AccountError(
            _(
                "You can keep at most %(limit)d addresses. Delete one you no longer "
                "need, then add the new one."
            )
            % {"limit": limit}
        )
    _check_postal_code(country=address.country, postal_code=address.postal_code)
    row = Address(user=user)
    _apply(row=row, address=address)
    is_first = not existing
    if is_default_billing or is_first:
        _take_default(address=row, kind="billing")
    if is_default_shipping or is_first:
        _take_default(address=row, kind="shipping")
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def address_update(
    *,
    address: Address,
    postal_address: PostalAddress,
    is_default_billing: bool = False,
    is_default_shipping: bool = False,
) -> Address:
    """Change an address book entry to ``postal_address``. A default flag can be
    given, not taken away here.

    Un-ticking a default leaves it in place: the default moves when another address
    becomes the default (address_set_default, or ticking it on that address).
    """
    current, _others = _locked_address(address=address)
    _check_postal_code(
        country=postal_address.country, postal_code=postal_address.postal_code
    )
    _apply(row=current, address=postal_address)
    if is_default_billing:
        _take_default(address=current, kind="billing")
    if is_default_shipping:
        _take_default(address=current, kind="shipping")
    current.full_clean()
    current.save()
    return current


@transaction.atomic
def address_delete(*, address: Address) -> None:
    """Delete an address; a default it held passes to the oldest remaining one."""
    try:
        current, remaining = _locked_address(address=address)
    except AccountError:
        return  # Already gone: deleting twice is harmless.
    current.delete()
    if not remaining:
        return
    heir = remaining[0]
    inherited = [
        field
        for field in _DEFAULT_FIELD.values()
        if getattr(current, field) and not getattr(heir, field)
    ]
    for field in inherited:
        setattr(heir, field, True)
    if inherited:
        heir.save(update_fields=[*inherited, "updated_at"])


@transaction.atomic
def address_set_default(*, address: Address, kind: AddressKind) -> Address:
    """Make the address the buyer's default of ``kind`` ("billing" or "shipping")."""
    if kind not in _DEFAULT_FIELD:
        raise AccountError(_("Unknown kind of default address."))
    current, _others = _locked_address(address=address)
    field = _DEFAULT_FIELD[kind]
    if not getattr(current, field):
        _take_default(address=current, kind=kind)
        current.save(update_fields=[field, "updated_at"])
    return current
