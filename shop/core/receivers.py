"""Receivers that bump the content version (``shop.core.content_cache``).

Apps name the models whose rows a storefront page shows with
``content_models_register``; a save or delete of any of them, and of any page, drops
the storefront's cached reads. Saving a draft (a page row written with only Wagtail's
revision bookkeeping) changes nothing a shopper sees and is ignored.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models.signals import post_delete, post_save
from wagtail.models import COMMENTS_RELATION_NAME, Page
from wagtail.signals import page_unpublished, post_page_move

from shop.core.content_cache import content_changed

# Page columns written by saving a draft, locking or scheduling: not shown to shoppers.
_PAGE_BOOKKEEPING = frozenset(
    {
        "latest_revision",
        COMMENTS_RELATION_NAME,
        "latest_revision_created_at",
        "draft_title",
        "has_unpublished_changes",
        "locked",
        "locked_at",
        "locked_by",
    }
)


def _saved(sender, instance, update_fields=None, **kwargs) -> None:
    if (
        isinstance(instance, Page)
        and update_fields
        and _PAGE_BOOKKEEPING.issuperset(update_fields)
    ):
        return
    content_changed()


def _deleted(sender, instance, **kwargs) -> None:
    content_changed()


def _page_event(sender, **kwargs) -> None:
    content_changed()


def content_models_register(*models: type) -> None:
    """Saving or deleting a row of these models changes what the storefront shows."""
    for model in models:
        uid = f"content_cache:{model._meta.label}"
        post_save.connect(_saved, sender=model, dispatch_uid=f"{uid}:saved")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"{uid}:deleted")


def connect() -> None:
    """Every page model (all are loaded when apps are ready) and Wagtail's page
    events; apps register the other models they show."""
    content_models_register(
        *(m for m in apps.get_models() if issubclass(m, Page)), Page
    )
    page_unpublished.connect(_page_event, dispatch_uid="content_cache_unpublished")
    post_page_move.connect(_page_event, dispatch_uid="content_cache_moved")
