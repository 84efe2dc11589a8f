from django.utils.translation import gettext as _

from shop.core.exceptions import ShopError


class AccountError(ShopError):
    """An expected failure in an account flow; its message is shown to the user."""


class InvalidTokenError(AccountError):
    """A link from an account e-mail is malformed, tampered with, used or expired."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(
            message
            or _("This link is invalid or has expired. Links can be used only once.")
        )
