from shop.core.exceptions import ShopError


class AccountError(ShopError):
    """An expected failure in an account flow; its message is shown to the user."""


class InvalidTokenError(AccountError):
    """A link from an account e-mail is malformed, tampered with, used or expired."""
