"""Expected failures of shop rules: a stable code, a translated message, a status."""

from __future__ import annotations


class ShopError(Exception):
    """An expected failure of a shop rule; the message is shown to the user.

    ``code`` is stable (snake_case, for API clients and logs); each subclass names
    its default and the HTTP status the API answers with (400, or 409 for a
    conflict with the current state such as missing stock).
    """

    code: str = "shop_error"
    http_status: int = 400

    def __init__(self, message: str = "", *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = str(message)
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return self.message
