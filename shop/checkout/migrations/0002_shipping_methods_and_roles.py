from decimal import Decimal

from django.db import migrations

from shop.accounts.roles import group_grant_permissions

FULFILMENT_PERMISSIONS = [
    "orders.view_order",
    "orders.fulfil_order",
    "payments.view_payment",
    "payments.add_refund",
]
MARKETING_PERMISSIONS = [
    f"checkout.{action}_shippingmethod" for action in ("add", "change", "delete", "view")
]


def forwards(apps, schema_editor):
    group_grant_permissions(
        apps, group_name="Fulfilment", permissions=FULFILMENT_PERMISSIONS
    )
    group_grant_permissions(
        apps, group_name="Marketing", permissions=MARKETING_PERMISSIONS
    )
    ShippingMethod = apps.get_model("checkout", "ShippingMethod")
    if not ShippingMethod.objects.exists():
        # Standard follows Settings > Shop (cost and free-shipping threshold).
        ShippingMethod.objects.create(
            name="Standard delivery", delivery_time="2-4 working days", position=0
        )
        ShippingMethod.objects.create(
            name="Express",
            delivery_time="next working day when ordered before 14:00",
            price_amount=Decimal("12.90"),
            position=1,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_backoffice_groups"),
        ("orders", "0002_checkout_states_history"),
        ("payments", "0001_initial"),
        ("checkout", "0001_initial"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
