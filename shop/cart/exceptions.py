from shop.core.exceptions import ShopError


class CartError(ShopError):
    """A cart change that cannot be made; the message says why."""

    code = "cart_error"
    http_status = 400
