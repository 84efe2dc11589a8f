"""Page view restrictions, looked up only once a shop has one.

While no page has a view restriction (a shop without private pages), pages skip
Wagtail's two restriction queries per request (``RestrictionsCachedMixin``) and
listings skip ``.public()``'s subquery (``public_pages``). Whether any exists is read
once per content version (``shop.core.content_cache``): once an editor sets a
restriction, both behave exactly as Wagtail's.
"""

from __future__ import annotations

from wagtail.models import PageViewRestriction
from wagtail.query import PageQuerySet

from shop.core.content_cache import content_memo, content_version


def view_restrictions_exist() -> bool:
    """True once any page has a view restriction (cached per content version)."""
    return content_memo(
        "view-restrictions",
        content_version(stock=False),
        PageViewRestriction.objects.exists,
    )


def public_pages(queryset: PageQuerySet) -> PageQuerySet:
    """``queryset.public()``, without its restriction subquery while none exist."""
    return queryset.public() if view_restrictions_exist() else queryset


class RestrictionsCachedMixin:
    """For page models: no restriction queries while the shop has no restriction."""

    def get_view_restrictions(self):
        if not view_restrictions_exist():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
