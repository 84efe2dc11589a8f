from django.db import migrations

from shop.accounts.roles import group_grant_permissions

LIBRARY = ["clipart", "clipartcategory", "font", "designtemplate"]
EDITOR_PERMISSIONS = [
    f"designer.{action}_{model}"
    for model in LIBRARY
    for action in ("add", "change", "delete", "view")
] + [
    f"pricing.{action}_textcolor" for action in ("add", "change", "delete", "view")
] + ["designer.change_designersettings"]
REVIEW_PERMISSIONS = [
    "designer.view_designreview",
    "designer.change_designreview",
    "designer.review_design",
]


def grant(apps, schema_editor):
    group_grant_permissions(
        apps, group_name="Editors", permissions=EDITOR_PERMISSIONS + REVIEW_PERMISSIONS
    )
    group_grant_permissions(
        apps, group_name="Fulfilment", permissions=REVIEW_PERMISSIONS
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_backoffice_groups"),
        ("pricing", "0004_default_text_colors"),
        ("designer", "0001_initial"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
