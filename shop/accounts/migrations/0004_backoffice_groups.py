"""The backoffice groups Editors, Marketing and Fulfilment with their permissions.

The grants are written out here rather than read from shop.accounts.roles.ROLES:
ROLES grows as later apps add permissions, and this migration must keep doing what
it did when it was written.
"""

from django.db import migrations

from shop.accounts.roles import group_grant_permissions

GROUPS = {
    "Editors": {
        "permissions": [
            "wagtailadmin.access_admin",
            "wagtailredirects.add_redirect",
            "wagtailredirects.change_redirect",
            "wagtailredirects.delete_redirect",
            "catalog.view_stocklevel",
            "catalog.change_stocklevel",
        ],
        "page_permissions": [
            "wagtailcore.add_page",
            "wagtailcore.change_page",
            "wagtailcore.publish_page",
            "wagtailcore.lock_page",
            "wagtailcore.unlock_page",
        ],
        "collection_permissions": [
            "wagtailimages.add_image",
            "wagtailimages.change_image",
            "wagtailimages.choose_image",
            "wagtailimages.delete_image",
            "wagtaildocs.add_document",
            "wagtaildocs.change_document",
            "wagtaildocs.choose_document",
            "wagtaildocs.delete_document",
        ],
    },
    "Marketing": {
        "permissions": ["wagtailadmin.access_admin"],
        "collection_permissions": [
            "wagtailimages.add_image",
            "wagtailimages.choose_image",
        ],
    },
    "Fulfilment": {
        "permissions": [
            "wagtailadmin.access_admin",
            "catalog.view_stocklevel",
            "catalog.change_stocklevel",
        ],
    },
}


def create_groups(apps, schema_editor):
    for name, grants in GROUPS.items():
        group_grant_permissions(apps, group_name=name, **grants)
    # Wagtail's initial data already made an "Editors" group and gave it image and
    # document permissions model-wide, from before collections existed. Wagtail's
    # image and document admin reads only the per-collection grants, so the
    # model-wide ones would just make has_perm() true for every collection,
    # including restricted ones added later.
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(
            *group.permissions.filter(
                content_type__app_label__in=["wagtailimages", "wagtaildocs"]
            )
        )


def remove_groups(apps, schema_editor):
    # Deleting a group also deletes its page and collection permissions and its
    # memberships.
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_profiles_for_existing_users"),
        ("catalog", "0001_initial"),
        ("core", "0001_initial"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
