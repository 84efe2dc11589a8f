from shop.core.exceptions import ShopError


class OrderError(ShopError):
    code = "order_error"


class OrderTransitionError(OrderError):
    """The order cannot move to that state from where it is (409)."""

    code = "illegal_transition"
    http_status = 409


class OrderNotFound(OrderError):
    code = "order_not_found"
    http_status = 404
