from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def navigation(request: HttpRequest) -> dict:
    """Header categories and footer links, loaded only when a template uses them."""

    def load():
        from cms_pages.selectors import navigation_for_request

        return navigation_for_request(request)

    return {"navigation": SimpleLazyObject(load)}
