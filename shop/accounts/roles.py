"""Backoffice roles: which groups reach the Wagtail admin and what each may do there.

A user is a buyer unless a group (or superuser status) gives them
``wagtailadmin.access_admin``. Three groups carry the backoffice roles; ROLES below
says what each may do, and ``accounts/0004_backoffice_groups`` creates them.

Models that arrive later (offers and discount codes in pricing, orders in orders,
print files in designer) bring their permissions with them. The app that adds the
models writes a data migration that depends on ``("accounts",
"0004_backoffice_groups")`` and on its own model migration, and calls
``group_grant_permissions``; then it adds the same names to the role below, which
``tests/shop/accounts/test_roles.py`` compares with the migrated database::

    from django.db import migrations

    from shop.accounts.roles import group_grant_permissions

    def grant(apps, schema_editor):
        group_grant_permissions(
            apps,
            group_name="Marketing",
            permissions=["pricing.view_voucher", "pricing.change_voucher"],
        )

    class Migration(migrations.Migration):
        dependencies = [
            ("accounts", "0004_backoffice_groups"),
            ("pricing", "0001_initial"),
        ]
        operations = [migrations.RunPython(grant, migrations.RunPython.noop)]

Migrations import the helpers here, so they keep their names and signatures.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.auth.management import create_permissions
from django.db import transaction

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

EDITORS = "Editors"
MARKETING = "Marketing"
FULFILMENT = "Fulfilment"

ACCESS_ADMIN = "wagtailadmin.access_admin"
DESIGN_REVIEW = (
    "designer.view_designreview",
    "designer.change_designreview",
    "designer.review_design",
)

ORDER_FULFILMENT = (
    "orders.view_order",
    "orders.fulfil_order",
    "payments.view_payment",
    "payments.add_refund",
)


@dataclass(frozen=True, slots=True)
class Role:
    """What one backoffice group may do. Every name is "app_label.codename".

    ``permissions`` hold everywhere; ``page_permissions`` are granted on the root
    page and ``collection_permissions`` on the root collection, so they cover the
    whole page tree and every image and document collection.
    """

    group_name: str
    summary: str
    permissions: tuple[str, ...] = ()
    page_permissions: tuple[str, ...] = ()
    collection_permissions: tuple[str, ...] = ()


ROLES: tuple[Role, ...] = (
    Role(
        group_name=EDITORS,
        summary="Pages and the catalog: content, products, images, documents, "
        "redirects and stock; the designer's library (clipart, fonts, templates, "
        "text colors, the word list) and the review of flagged designs.",
        permissions=(
            ACCESS_ADMIN,
            "wagtailredirects.add_redirect",
            "wagtailredirects.change_redirect",
            "wagtailredirects.delete_redirect",
            "catalog.view_stocklevel",
            "catalog.change_stocklevel",
            *(
                f"designer.{action}_{model}"
                for model in ("clipart", "clipartcategory", "font", "designtemplate")
                for action in ("add", "change", "delete", "view")
            ),
            *(
                f"pricing.{action}_textcolor"
                for action in ("add", "change", "delete", "view")
            ),
            "designer.change_designersettings",
            *DESIGN_REVIEW,
        ),
        page_permissions=(
            "wagtailcore.add_page",
            "wagtailcore.change_page",
            "wagtailcore.publish_page",
            "wagtailcore.lock_page",
            "wagtailcore.unlock_page",
        ),
        collection_permissions=(
            "wagtailimages.add_image",
            "wagtailimages.change_image",
            "wagtailimages.choose_image",
            "wagtailimages.delete_image",
            "wagtaildocs.add_document",
            "wagtaildocs.change_document",
            "wagtaildocs.choose_document",
            "wagtaildocs.delete_document",
        ),
    ),
    Role(
        group_name=MARKETING,
        summary="Offers, discount codes, volume tiers, multi-buy rules, print "
        "techniques and shipping methods, and banner images for them.",
        permissions=(
            ACCESS_ADMIN,
            *(
                f"pricing.{action}_{model}"
                for model in (
                    "specialoffer",
                    "discountcode",
                    "volumetiertable",
                    "multibuyrule",
                    "printtechnique",
                )
                for action in ("add", "change", "delete", "view")
            ),
            "pricing.publish_specialoffer",
            "pricing.view_coderedemption",
            *(
                f"checkout.{action}_shippingmethod"
                for action in ("add", "change", "delete", "view")
            ),
        ),
        collection_permissions=(
            "wagtailimages.add_image",
            "wagtailimages.choose_image",
        ),
    ),
    Role(
        group_name=FULFILMENT,
        summary="Orders (production, shipping, refunds, cancellations), the "
        "review of flagged designs, and stock.",
        permissions=(
            ACCESS_ADMIN,
            "catalog.view_stocklevel",
            "catalog.change_stocklevel",
            *DESIGN_REVIEW,
            *ORDER_FULFILMENT,
        ),
    ),
)


def user_is_backoffice(user: AbstractBaseUser | AnonymousUser) -> bool:
    """True for staff who may use the Wagtail admin (superusers included)."""
    return bool(user.is_authenticated and user.has_perm(ACCESS_ADMIN))


# --- Migration helpers: take the historical `apps` (or django.apps.apps) -----------


def permissions_ensure(apps, *, app_labels: Iterable[str]) -> None:
    """Create the content types and permissions of these apps now.

    Django creates them in post_migrate, after every migration has run, so on a
    fresh database a data migration would find none of the default permissions.
    """
    for label in sorted(set(app_labels)):
        app_config = apps.get_app_config(label)
        # Historical app configs have no models module, and create_permissions
        # skips apps without one.
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        try:
            create_permissions(app_config, verbosity=0, apps=apps)
        finally:
            app_config.models_module = models_module


def permission_get(apps, name: str):
    """The Permission row for "app_label.codename"."""
    Permission = apps.get_model("auth", "Permission")
    app_label, _, codename = name.partition(".")
    try:
        return Permission.objects.get(
            content_type__app_label=app_label, codename=codename
        )
    except Permission.DoesNotExist:
        raise LookupError(f"There is no permission {name!r}.") from None


def group_grant_permissions(
    apps,
    *,
    group_name: str,
    permissions: Iterable[str] = (),
    page_permissions: Iterable[str] = (),
    collection_permissions: Iterable[str] = (),
) -> None:
    """Give a group these permissions, creating the group and permissions if missing.

    Idempotent: what the group already has stays as it is. Page permissions are
    granted on the root page and collection permissions on the root collection.
    """
    permissions = list(permissions)
    page_permissions = list(page_permissions)
    collection_permissions = list(collection_permissions)
    every_name = permissions + page_permissions + collection_permissions
    with transaction.atomic():
        permissions_ensure(
            apps, app_labels=(name.partition(".")[0] for name in every_name)
        )
        group, _ = apps.get_model("auth", "Group").objects.get_or_create(
            name=group_name
        )
        group.permissions.add(*(permission_get(apps, name) for name in permissions))
        if page_permissions:
            _grant_on_root(
                apps,
                group=group,
                names=page_permissions,
                tree_model="Page",
                link_model="GroupPagePermission",
                link_field="page",
            )
        if collection_permissions:
            _grant_on_root(
                apps,
                group=group,
                names=collection_permissions,
                tree_model="Collection",
                link_model="GroupCollectionPermission",
                link_field="collection",
            )


def _grant_on_root(apps, *, group, names, tree_model, link_model, link_field) -> None:
    root = (
        apps.get_model("wagtailcore", tree_model)
        .objects.filter(depth=1)
        .order_by("path")
        .first()
    )
    if root is None:
        raise LookupError(f"There is no root {tree_model.lower()} to grant on.")
    Link = apps.get_model("wagtailcore", link_model)
    for name in names:
        Link.objects.get_or_create(
            group=group, permission=permission_get(apps, name), **{link_field: root}
        )
