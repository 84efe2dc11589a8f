from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def shop(request: HttpRequest) -> dict:
    """``shop`` in templates: the shop context, read when a template first uses it."""
    from shop.core.selectors import shop_context_for_request

    return {"shop": SimpleLazyObject(lambda: shop_context_for_request(request))}
