"""Signed, expiring tokens for the links in account e-mails.

Registration and e-mail change links are signed with the secret key and a timestamp;
they carry no secret themselves. Each is single-purpose (its own salt) and binds the
state it was issued for, so it stops working once that state is gone: a registration
link names its registration (User.registration_nonce), so registering the address
again voids it. An e-mail change link names its request (User.email_change_nonce,
replaced by a newer request, cleared once used or declined), the address it changes
and a keyed digest of the password hash, so a new request, a changed address or a new
password voids it. Password reset links use Django's token generator, which dies with
the password it resets.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from .exceptions import InvalidTokenError
from .models import User

_VERIFY_SALT = "accounts.verify-registration"
_EMAIL_CHANGE_SALT = "accounts.email-change"


def _load(token: str, *, salt: str, max_age: int) -> dict:
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as error:
        raise InvalidTokenError(
            _("This link has expired. Please ask for a new one.")
        ) from error
    except signing.BadSignature as error:
        raise InvalidTokenError() from error
    if not isinstance(data, dict):
        raise InvalidTokenError()
    return data


@dataclass(frozen=True)
class RegistrationLink:
    user_id: int
    # The registration the link was mailed for (see User.registration_nonce).
    nonce: str


def verify_token_make(*, user: User) -> str:
    return signing.dumps(
        {"u": user.pk, "r": user.registration_nonce}, salt=_VERIFY_SALT
    )


def verify_token_read(token: str) -> RegistrationLink:
    data = _load(token, salt=_VERIFY_SALT, max_age=settings.ACCOUNTS_VERIFY_MAX_AGE)
    # A link without the registration it belongs to (issued before links named it)
    # cannot prove it is the newest: refused.
    if not isinstance(data.get("u"), int) or not isinstance(data.get("r"), str):
        raise InvalidTokenError()
    return RegistrationLink(user_id=data["u"], nonce=data["r"])


def registration_link_is_current(link: RegistrationLink, user: User) -> bool:
    return user.pk == link.user_id and constant_time_compare(
        user.registration_nonce, link.nonce
    )


@dataclass(frozen=True)
class EmailChange:
    user_id: int
    # The request the link was mailed for (see User.email_change_nonce).
    nonce: str
    old_email: str
    new_email: str
    # When the old address was confirmed: a later change makes the link stale even if
    # the account has come back to the old address since.
    verified_at: str
    # Digest of the password hash the account had when the change was asked for.
    password: str


def _verified_stamp(user: User) -> str:
    return user.email_verified_at.isoformat() if user.email_verified_at else ""


def _password_stamp(user: User) -> str:
    # Keyed, because a signed token is readable by whoever holds the link: the link
    # must not carry the password hash itself.
    return salted_hmac(
        f"{_EMAIL_CHANGE_SALT}.password", user.password, algorithm="sha256"
    ).hexdigest()[:32]


def email_change_link_is_current(change: EmailChange, user: User) -> bool:
    return (
        user.pk == change.user_id
        and bool(user.email_change_nonce)
        and constant_time_compare(user.email_change_nonce, change.nonce)
        and user.email.lower() == change.old_email.lower()
        and _verified_stamp(user) == change.verified_at
        and constant_time_compare(_password_stamp(user), change.password)
    )


def email_change_token_make(*, user: User, new_email: str) -> str:
    """A link for the user's current request (call after its nonce was drawn)."""
    return signing.dumps(
        {
            "u": user.pk,
            "c": user.email_change_nonce,
            "o": user.email,
            "n": new_email,
            "v": _verified_stamp(user),
            "p": _password_stamp(user),
        },
        salt=_EMAIL_CHANGE_SALT,
    )


def email_change_token_read(token: str) -> EmailChange:
    data = _load(
        token, salt=_EMAIL_CHANGE_SALT, max_age=settings.ACCOUNTS_EMAIL_CHANGE_MAX_AGE
    )
    # A link without the request it belongs to (issued before links named it) cannot
    # prove it is the newest: refused.
    if not isinstance(data.get("u"), int) or not all(
        isinstance(data.get(key), str) for key in ("c", "o", "n", "v", "p")
    ):
        raise InvalidTokenError()
    return EmailChange(
        user_id=data["u"],
        nonce=data["c"],
        old_email=data["o"],
        new_email=data["n"],
        verified_at=data["v"],
        password=data["p"],
    )


def password_reset_uid_make(*, user: User) -> str:
    return urlsafe_base64_encode(force_bytes(user.pk))


def password_reset_token_make(*, user: User) -> str:
    return default_token_generator.make_token(user)


def password_reset_user_get(*, uidb64: str, token: str) -> User:
    """The user a reset link belongs to, if the link is still valid."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
        user = User.objects.get(pk=pk, is_active=True)
    except (TypeError, ValueError, OverflowError, User.DoesNotExist) as error:
        raise InvalidTokenError() from error
    if not default_token_generator.check_token(user, token):
        raise InvalidTokenError()
    return user
