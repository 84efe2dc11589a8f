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


class RegistrationPasswordError(AccountError):
    """A confirmation was attempted without the password chosen at registration."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "This is not the password chosen for this registration. If you have "
                "forgotten it, register again with this address: the new registration "
                "replaces this one."
            )
        )


class EmailChangeNotOwnerError(AccountError):
    """An e-mail change link was used by someone not logged in to its account."""

    code = "email_change_not_owner"
    http_status = 403

    def __init__(self) -> None:
        super().__init__(
            _(
                "Only the account that asked for this change can confirm it. Log in "
                "to that account, then open the link again."
            )
        )
