"""Password authentication with exactly one password hash per attempt.

Django's ModelBackend already hashes once for an unknown address (a dummy hash) and
once for a known one. Telling a not yet confirmed registration "please confirm first"
needs to know whether its password was right; checking it a second time after a
failed authenticate() made a wrong password for a pending address cost two hashes,
and the time that took told anyone who had registered. So the one check this backend
makes also reports that case, on the request, to the storefront login form.
"""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from .models import User

_UNCONFIRMED_ATTRIBUTE = "accounts_unconfirmed_user"


class EmailPasswordBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs,
    ) -> User | None:
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if username is None or password is None:
            return None
        try:
            user = User._default_manager.get_by_natural_key(username)
        except User.DoesNotExist:
            # The same cost as checking a real password (Django #20760).
            User().set_password(password)
            return None
        if not user.check_password(password):
            return None
        if self.user_can_authenticate(user):
            return user
        # Right password, but the account may not log in. The attempt still fails
        # (authenticate() reports it to the audit log and the attempt limits).
        if user.is_registration_pending and request is not None:
            setattr(request, _UNCONFIRMED_ATTRIBUTE, user)
        return None


def unconfirmed_registration_get(request: HttpRequest | None) -> User | None:
    """The pending registration whose right password this request just gave, if any."""
    return getattr(request, _UNCONFIRMED_ATTRIBUTE, None)
