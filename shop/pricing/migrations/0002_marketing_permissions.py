from django.db import migrations

from shop.accounts.roles import group_grant_permissions

MARKETING_PERMISSIONS = [
    f"pricing.{action}_{model}"
    for model in ("specialoffer", "discountcode", "volumetiertable", "multibuyrule", "printtechnique")
    for action in ("add", "change", "delete", "view")
] + ["pricing.publish_specialoffer", "pricing.view_coderedemption"]


def grant(apps, schema_editor):
    # Wagtail adds the publish permission of a draftable snippet after all
    # migrations (post_migrate); the group needs it now.
    from shop.accounts.roles import permissions_ensure

    permissions_ensure(apps, app_labels=["pricing"])
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    offer_type, _ = ContentType.objects.get_or_create(app_label="pricing", model="specialoffer")
    Permission.objects.get_or_create(
        content_type=offer_type,
        codename="publish_specialoffer",
        defaults={"name": "Can publish special offer"},
    )
    group_grant_permissions(apps, group_name="Marketing", permissions=MARKETING_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_backoffice_groups"),
        ("pricing", "0001_initial"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
