from decimal import Decimal

from django.db import migrations

# A starting palette for the designer's text: plain inks at no charge, two special
# inks with a surcharge per printed area. Editors change them under Designer.
COLORS = [
    ("Black", "#111111", "0"),
    ("White", "#ffffff", "0"),
    ("Red", "#d62828", "0"),
    ("Navy", "#1d3557", "0"),
    ("Royal blue", "#1f6feb", "0"),
    ("Green", "#2a9d8f", "0"),
    ("Yellow", "#ffd166", "0"),
    ("Orange", "#f77f00", "0"),
    ("Neon pink", "#ff3ea5", "1.00"),
    ("Metallic gold", "#c9a227", "2.00"),
]


def add_colors(apps, schema_editor):
    from django.conf import settings

    TextColor = apps.get_model("pricing", "TextColor")
    if TextColor.objects.exists():
        return
    TextColor.objects.bulk_create(
        TextColor(
            name=name,
            hex_code=hex_code,
            surcharge_amount=Decimal(surcharge),
            currency=settings.SHOP_CURRENCY,
            sort_order=i,
        )
        for i, (name, hex_code, surcharge) in enumerate(COLORS)
    )


class Migration(migrations.Migration):
    dependencies = [("pricing", "0003_text_colors_print_quality")]
    operations = [migrations.RunPython(add_colors, migrations.RunPython.noop)]
