"""Registration, e-mail verification, password reset and e-mail change.

None of these tells a visitor whether an address has an account: the caller shows the
same answer either way, and the e-mail goes to the mailbox concerned, whose owner may
know.

Registration and who may confirm it
-----------------------------------
Anyone can type any address into the registration form, so a registration proves
nothing until the mailbox answers, and the mailbox alone is not enough either: its
owner may be a shopper who never asked for an account, clicking a link that someone
else's registration sent. A registration therefore goes live only when both halves
come together:

* the link from the mail, which names the one registration it was sent for
  (User.registration_nonce). Registering the address again draws a new nonce, stores
  the new password in the same UPDATE and voids every older link;
* the password chosen in that registration, typed on the confirmation page.

Whoever registers a stranger's address thus never gets a live account: they lack the
mail, and the mailbox owner lacks their password. The owner's choices are "this was
not me", which deletes the pending registration (no account remains, nothing else
changes), or registering themselves, which replaces it. A newer registration never
changes an account that is already confirmed (a conditional UPDATE on the pending
flag), so a confirmation and a re-registration racing each other cannot leave a live
account with the other party's password.

E-mail change and who may confirm it
------------------------------------
The same two halves, for an account that exists: the link mailed to the new address
proves that mailbox, and the account's own logged-in session proves the account (a
visitor who is not logged in is asked to log in, with the account's password). A link
alone changes nothing, so an account holder who asks to move their account to a
stranger's address cannot complete it with the stranger's click, and the stranger
cannot end up with an account they never chose. The mail to the new address quotes
nothing the requester typed but that address, and offers "I did not ask for this",
which cancels the pending request and nothing else. Each request draws a new nonce
(User.email_change_nonce), so only the newest link works; confirming or declining
clears it. The current address is told of every request, with the new address masked,
so an owner whose account is being moved notices.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ..emails import absolute_url, account_email_send
from ..exceptions import (
    AccountError,
    EmailChangeNotOwnerError,
    InvalidTokenError,
    RegistrationPasswordError,
)
from ..models import Profile, User
from ..tasks import password_reset_send_task
from ..tokens import (
    EmailChange,
    email_change_link_is_current,
    email_change_token_make,
    email_change_token_read,
    password_reset_token_make,
    password_reset_uid_make,
    registration_link_is_current,
    verify_token_make,
    verify_token_read,
)


def email_normalize(email: str) -> str:
    return User.objects.normalize_email(email.strip())


def email_mask(email: str) -> str:
    """The address as a mail to another mailbox shows it: j***@example.com."""
    local, _, domain = email.rpartition("@")
    return f"{local[:1]}***@{domain}"


def _user_by_email(email: str) -> User | None:
    return User.objects.filter(email__iexact=email).first()


def _nonce_new() -> str:
    return secrets.token_hex(16)


def registration_verification_send(*, user: User) -> None:
    """Mail the links to confirm (or remove) the user's current registration."""
    token = verify_token_make(user=user)
    account_email_send(
        to=user.email,
        # No name in this mail: whoever registered typed it, and the mailbox owner
        # may not be that person.
        template="verify_registration",
        context={
            "email": user.email,
            "url": absolute_url(reverse("accounts:verify", args=[token])),
            "decline_url": absolute_url(
                reverse("accounts:verify_decline", args=[token])
            ),
        },
    )


def _registration_create(
    *,
    email: str,
    password_hash: str,
    first_name: str,
    last_name: str,
    has_marketing_opt_in: bool,
) -> User | None:
    """A new pending account with its profile, or None if the address was taken."""
    user = User(
        email=email,
        password=password_hash,
        first_name=first_name,
        last_name=last_name,
        is_active=False,
        is_registration_pending=True,
        registration_nonce=_nonce_new(),
    )
    # Uniqueness is left to the INSERT and its constraint, the only check that cannot
    # race: a concurrent registration of the address may commit its row after our
    # look-up, and then full_clean() would refuse with a ValidationError where the
    # insert raises the IntegrityError handled below.
    user.full_clean(
        exclude=["password"], validate_unique=False, validate_constraints=False
    )
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        return None
    Profile.objects.create(
        user=user,
        has_marketing_opt_in=has_marketing_opt_in,
        marketing_opt_in_at=timezone.now() if has_marketing_opt_in else None,
    )
    return user


def _registration_restart(
    *, user: User, password_hash: str, first_name: str, last_name: str
) -> bool:
    """Replace a pending registration with this one; False if it was confirmed."""
    nonce = _nonce_new()
    # Conditional: if the account was confirmed a moment ago, it keeps its password.
    replaced = User.objects.filter(pk=user.pk, is_registration_pending=True).update(
        password=password_hash,
        first_name=first_name,
        last_name=last_name,
        registration_nonce=nonce,
    )
    if not replaced:
        return False
    user.password, user.registration_nonce = password_hash, nonce
    user.first_name, user.last_name = first_name, last_name
    return True


def _account_exists_notice_send(*, user: User) -> None:
    account_email_send(
        to=user.email,
        template="account_exists",
        context={
            "user": user,
            "login_url": absolute_url(reverse("accounts:login")),
            "reset_url": absolute_url(reverse("accounts:password_reset")),
        },
    )


@transaction.atomic
def user_register(
    *,
    email: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    has_marketing_opt_in: bool = False,
) -> None:
    """Start a registration; the account stays inactive until it is confirmed.

    An address that already has an account gets a note saying so instead of a link.
    A registration that was never confirmed is replaced: the newest password wins,
    a new link is sent and the older links stop working. Two registrations of a new
    address at the same moment end like one after the other.
    """
    email = email_normalize(email)
    # Hashed once, before anything else: every outcome below costs the same.
    password_hash = make_password(password)
    names = {"first_name": first_name, "last_name": last_name}
    existing = _user_by_email(email)
    if existing is None:
        user = _registration_create(
            email=email,
            password_hash=password_hash,
            has_marketing_opt_in=has_marketing_opt_in,
            **names,
        )
        if user is not None:
            registration_verification_send(user=user)
            return
        # A concurrent registration of the same address won the race: from here on
        # this one is a registration of a taken address, like any other.
        existing = _user_by_email(email)
        if existing is None:
            # ...and was removed again already; the visitor may simply try again.
            return
    if existing.is_registration_pending and _registration_restart(
        user=existing, password_hash=password_hash, **names
    ):
        registration_verification_send(user=existing)
        return
    _account_exists_notice_send(user=existing)


def _registration_for_link(token: str, *, lock: bool) -> User:
    link = verify_token_read(token)
    users = User.objects.select_for_update() if lock else User.objects
    user = users.filter(pk=link.user_id).first()
    if user is None:
        # Removed ("this was not me") or never there.
        raise InvalidTokenError()
    if not registration_link_is_current(link, user):
        raise InvalidTokenError(
            _(
                "This link belongs to an earlier registration of this address. Please "
                "use the link in the newest e-mail."
            )
        )
    # Neither pending nor active: an admin deactivated it, and a link never undoes that.
    if not (user.is_registration_pending or user.is_active):
        raise InvalidTokenError()
    return user


def registration_pending_get(*, token: str) -> User:
    """The account of a current confirmation link, without changing anything."""
    return _registration_for_link(token, lock=False)


@transaction.atomic
def registration_confirm(*, token: str, password: str) -> tuple[User, bool]:
    """Activate the registration of a link; (user, whether it changed).

    The link proves the mailbox, the password proves the registrant (see the module
    docstring); a wrong password raises RegistrationPasswordError and changes nothing.
    Confirming twice is harmless: the second time reports that the address was
    already confirmed. An account an admin deactivated is never re-activated.
    """
    user = _registration_for_link(token, lock=True)
    if not user.is_registration_pending:
        return user, False
    if not user.check_password(password):
        raise RegistrationPasswordError()
    user.is_active = True
    user.is_registration_pending = False
    user.email_verified_at = timezone.now()
    user.save(
        update_fields=["is_active", "is_registration_pending", "email_verified_at"]
    )
    return user, True


@transaction.atomic
def registration_decline(*, token: str) -> str:
    """Delete a pending registration its mailbox did not ask for; its address.

    Only the registration goes: no account remains, and nothing else changes.
    """
    user = _registration_for_link(token, lock=True)
    if not user.is_registration_pending:
        raise AccountError(
            _(
                "This address has already been confirmed, so there is no registration "
                "to remove. If you do not know this account, choose a new password "
                "for it and contact us."
            )
        )
    email = user.email
    user.delete()
    return email


def password_reset_request(*, email: str) -> None:
    """Queue the reset mail for the address, whether it has an account or not.

    The request does the same work for every address: one task, queued after the
    commit. The task looks the address up (password_reset_send), so whether a mail
    is sent, and how long that takes, never shows in the answer.
    """
    email = email_normalize(email)
    # robust: a broker outage is logged like a mail server outage; the visitor can
    # ask again.
    transaction.on_commit(lambda: password_reset_send_task.delay(email), robust=True)


def password_reset_send(*, email: str) -> None:
    """E-mail a reset link if the address has an active account; else nothing.

    A registration that is not confirmed yet gets its confirmation link again.
    """
    user = _user_by_email(email_normalize(email))
    if user is None:
        return
    if user.is_registration_pending:
        registration_verification_send(user=user)
        return
    if not user.is_active or not user.has_usable_password():
        return
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": password_reset_uid_make(user=user),
            "token": password_reset_token_make(user=user),
        },
    )
    account_email_send(
        to=user.email,
        template="password_reset",
        context={"user": user, "url": absolute_url(path)},
    )


@transaction.atomic
def user_password_set(*, user: User, password: str) -> None:
    """Set a new password and tell the owner; other sessions of the user end."""
    user.set_password(password)
    user.save(update_fields=["password"])
    account_email_send(
        to=user.email,
        template="password_changed",
        context={
            "user": user,
            "reset_url": absolute_url(reverse("accounts:password_reset")),
        },
    )


@dataclass(frozen=True, slots=True)
class PendingEmailChange:
    """What a current e-mail change link asks for, as one visitor may see it."""

    new_email: str
    # Whether the visitor is logged in to the account that asked: only they confirm.
    is_viewers_account: bool
    # The account's current address, for its own session only; whoever else holds
    # the link (the new mailbox) learns nothing about the account.
    old_email: str | None


@transaction.atomic
def email_change_request(*, user: User, new_email: str) -> None:
    """Mail a link to the new address and a notice to the current one.

    The change waits for the link, confirmed from the account's own session (see the
    module docstring). Every request voids the links of older ones. An address that
    already belongs to an account gets a note instead of a link; the requester sees
    no difference, and the current address gets the same notice either way.
    """
    new_email = email_normalize(new_email)
    if new_email.lower() == user.email.lower():
        raise AccountError(_("This is already your e-mail address."))
    user.email_change_nonce = _nonce_new()
    user.save(update_fields=["email_change_nonce"])
    if _user_by_email(new_email) is not None:
        account_email_send(
            to=new_email,
            template="email_change_taken",
            context={"reset_url": absolute_url(reverse("accounts:password_reset"))},
        )
    else:
        token = email_change_token_make(user=user, new_email=new_email)
        account_email_send(
            to=new_email,
            # No name in this mail: the mailbox owner may not be the account holder.
            template="email_change_confirm",
            context={
                "new_email": new_email,
                "url": absolute_url(
                    reverse("accounts:email_change_confirm", args=[token])
                ),
                "decline_url": absolute_url(
                    reverse("accounts:email_change_decline", args=[token])
                ),
            },
        )
    account_email_send(
        to=user.email,
        template="email_change_requested",
        context={
            "user": user,
            "new_email_masked": email_mask(new_email),
            "reset_url": absolute_url(reverse("accounts:password_reset")),
        },
    )


def _email_change_target(token: str, *, lock: bool) -> tuple[User, EmailChange]:
    change = email_change_token_read(token)
    users = User.objects.select_for_update() if lock else User.objects
    user = users.filter(pk=change.user_id, is_active=True).first()
    if user is None or not email_change_link_is_current(change, user):
        raise InvalidTokenError()
    return user, change


def _is_account_of(user: User | None, change: EmailChange) -> bool:
    return user is not None and user.is_authenticated and user.pk == change.user_id


def email_change_pending_get(*, token: str, user: User | None) -> PendingEmailChange:
    """The change a current link asks for, as the logged-in user (or None) sees it."""
    account, change = _email_change_target(token, lock=False)
    is_own = _is_account_of(user, change)
    return PendingEmailChange(
        new_email=change.new_email,
        is_viewers_account=is_own,
        old_email=account.email if is_own else None,
    )


@transaction.atomic
def email_change_confirm(*, token: str, user: User | None) -> User:
    """Move the account to the link's address and tell the old address about it.

    ``user`` is who is logged in (None: nobody). Only the account that asked may
    confirm; anyone else gets EmailChangeNotOwnerError and nothing changes. The link
    works once.
    """
    account, change = _email_change_target(token, lock=True)
    if not _is_account_of(user, change):
        raise EmailChangeNotOwnerError()
    taken = AccountError(
        _("The address %(email)s now belongs to another account.")
        % {"email": change.new_email}
    )
    others = User.objects.filter(email__iexact=change.new_email).exclude(pk=account.pk)
    if others.exists():
        raise taken
    old_email = account.email
    account.email = change.new_email
    account.email_verified_at = timezone.now()
    account.email_change_nonce = ""
    try:
        with transaction.atomic():
            account.save(
                update_fields=["email", "email_verified_at", "email_change_nonce"]
            )
    except IntegrityError as error:
        raise taken from error
    account_email_send(
        to=old_email,
        template="email_changed_notice",
        context={"user": account, "new_email_masked": email_mask(account.email)},
    )
    return account


@transaction.atomic
def email_change_decline(*, token: str) -> str:
    """Cancel the request a link names ("I did not ask for this"); its new address.

    Only that request goes: the account, its address and its sessions stay as they
    are. Declining again, or a link a newer request replaced, changes nothing and
    answers the same. A change that was confirmed already is not undone here.
    """
    change = email_change_token_read(token)
    account = User.objects.select_for_update().filter(pk=change.user_id).first()
    if account is None:
        raise InvalidTokenError()
    if email_change_link_is_current(change, account):
        account.email_change_nonce = ""
        account.save(update_fields=["email_change_nonce"])
    elif account.email.lower() == change.new_email.lower():
        raise AccountError(
            _(
                "This change has already been confirmed, so there is nothing to "
                "cancel. If you do not know this account, choose a new password for "
                "it and contact us."
            )
        )
    return change.new_email
