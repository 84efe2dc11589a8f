from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from wagtail.models import Site


def navigation(request: HttpRequest) -> dict:
    """Header categories and footer links, loaded only when a template uses them."""

    def load() -> dict:
        from cms_pages.selectors import navigation_get

        return navigation_get(site=Site.find_for_request(request))

    return {"navigation": SimpleLazyObject(load)}
