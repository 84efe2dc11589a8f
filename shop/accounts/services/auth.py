"""Registration, e-mail verification, password reset and e-mail change.

None of these tells a visitor whether an address has an account: the caller shows the
same answer either way, and the e-mail goes to the mailbox concerned, whose owner may
know.
"""

from __future__ import annotations

from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ..emails import absolute_url, account_email_send
from ..exceptions import AccountError, InvalidTokenError
from ..models import Profile, User
from ..tokens import (
    EmailChange,
    email_change_link_is_current,
    email_change_token_make,
    email_change_token_read,
    password_reset_token_make,
    password_reset_uid_make,
    verify_token_make,
    verify_token_user_id,
)


def email_normalize(email: str) -> str:
    return User.objects.normalize_email(email.strip())


def _user_by_email(email: str) -> User | None:
    return User.objects.filter(email__iexact=email).first()


def registration_verification_send(*, user: User) -> None:
    path = reverse("accounts:verify", args=[verify_token_make(user=user)])
    account_email_send(
        to=user.email,
        template="verify_registration",
        context={"user": user, "url": absolute_url(path)},
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
    """Start a registration; the account stays inactive until the link is followed.

    An address that already has an account gets a note saying so instead of a link.
    A registration that was never confirmed is started again: the newest password
    wins and a new link is sent.
    """
    email = email_normalize(email)
    existing = _user_by_email(email)
    if existing is None:
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    email=email,
                    password=password,
                    first_name=first_name,
                    last_name=last_name,
                    is_active=False,
                    is_registration_pending=True,
                )
        except IntegrityError:
            # A concurrent registration of the same address won the race.
            existing = _user_by_email(email)
        else:
            if has_marketing_opt_in:
                Profile.objects.filter(user=user).update(
                    has_marketing_opt_in=True, marketing_opt_in_at=timezone.now()
                )
            registration_verification_send(user=user)
            return
    if existing is None:
        return
    if existing.is_registration_pending:
        existing.set_password(password)
        existing.first_name, existing.last_name = first_name, last_name
        existing.save(update_fields=["password", "first_name", "last_name"])
        registration_verification_send(user=existing)
        return
    # Hash anyway, so the answer takes as long as for a new address.
    make_password(password)
    account_email_send(
        to=existing.email,
        template="account_exists",
        context={
            "user": existing,
            "login_url": absolute_url(reverse("accounts:login")),
            "reset_url": absolute_url(reverse("accounts:password_reset")),
        },
    )


def _verification_user(token: str, *, lock: bool) -> User:
    users = User.objects.select_for_update() if lock else User.objects
    user = users.filter(pk=verify_token_user_id(token)).first()
    # Neither pending nor active: an admin deactivated it, and a link never undoes that.
    if user is None or not (user.is_registration_pending or user.is_active):
        raise InvalidTokenError()
    return user


def registration_pending_user_get(*, token: str) -> User:
    """The account a verification link is for, without changing anything."""
    return _verification_user(token, lock=False)


@transaction.atomic
def user_verify_email(*, token: str) -> tuple[User, bool]:
    """Activate the account of a verification link; (user, whether it changed).

    Following the link twice is harmless: the second time reports that the address
    was already confirmed. An account an admin deactivated is never re-activated.
    """
    user = _verification_user(token, lock=True)
    if not user.is_registration_pending:
        return user, False
    user.is_active = True
    user.is_registration_pending = False
    user.email_verified_at = timezone.now()
    user.save(
        update_fields=["is_active", "is_registration_pending", "email_verified_at"]
    )
    return user, True


def registration_pending_user_authenticate(*, email: str, password: str) -> User | None:
    """A not yet confirmed account, if these are its credentials."""
    user = User.objects.filter(
        email__iexact=email_normalize(email), is_registration_pending=True
    ).first()
    if user is not None and user.check_password(password):
        return user
    return None


def password_reset_request(*, email: str) -> None:
    """E-mail a reset link if the address has an active account; else nothing."""
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


def email_change_request(*, user: User, new_email: str) -> None:
    """Send a confirmation link to the new address; the change waits for it."""
    new_email = email_normalize(new_email)
    if new_email.lower() == user.email.lower():
        raise AccountError(_("This is already your e-mail address."))
    if _user_by_email(new_email) is not None:
        account_email_send(
            to=new_email,
            template="email_change_taken",
            context={"reset_url": absolute_url(reverse("accounts:password_reset"))},
        )
        return
    path = reverse(
        "accounts:email_change_confirm",
        args=[email_change_token_make(user=user, new_email=new_email)],
    )
    account_email_send(
        to=new_email,
        template="email_change_confirm",
        context={"user": user, "new_email": new_email, "url": absolute_url(path)},
    )


def _email_change_target(token: str, *, lock: bool) -> tuple[User, EmailChange]:
    change = email_change_token_read(token)
    users = User.objects.select_for_update() if lock else User.objects
    user = users.filter(pk=change.user_id, is_active=True).first()
    if user is None or not email_change_link_is_current(change, user):
        raise InvalidTokenError()
    return user, change


def email_change_pending_get(*, token: str) -> tuple[User, str]:
    """The account and new address of a confirmation link, without changing them."""
    user, change = _email_change_target(token, lock=False)
    return user, change.new_email


@transaction.atomic
def email_change_confirm(*, token: str) -> User:
    """Apply a confirmed e-mail change and tell the old address about it."""
    user, change = _email_change_target(token, lock=True)
    taken = AccountError(
        _("The address %(email)s now belongs to another account.")
        % {"email": change.new_email}
    )
    if User.objects.filter(email__iexact=change.new_email).exclude(pk=user.pk).exists():
        raise taken
    old_email = user.email
    user.email = change.new_email
    user.email_verified_at = timezone.now()
    try:
        with transaction.atomic():
            user.save(update_fields=["email", "email_verified_at"])
    except IntegrityError as error:
        raise taken from error
    account_email_send(
        to=old_email,
        template="email_changed_notice",
        context={"user": user, "old_email": old_email, "new_email": user.email},
    )
    return user
