from shop.core.exceptions import ShopError


class PricingError(ShopError):
    """A configuration or product that cannot be priced."""

    code = "pricing_error"


class DiscountCodeError(ShopError):
    """A code that cannot be used; ``code`` says why (see engine.CODE_MESSAGES)."""

    code = "discount_code_invalid"
    http_status = 409
