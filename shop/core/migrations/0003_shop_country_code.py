"""The shop's legal country becomes an ISO 3166-1 code, like every address.

Free-text names the list knows ("Netherlands", "the netherlands", "NL") become their
code; anything else is kept out of the short column as an empty value only after
it was written to the migration's output, so nobody loses it silently.
"""

from django.db import migrations, models


def names_to_codes(apps, schema_editor):
    from shop.core.countries import country_code_from_text

    ShopSettings = apps.get_model("core", "ShopSettings")
    for row in ShopSettings.objects.exclude(country=""):
        text = row.country.strip()
        code = country_code_from_text(text)
        if code is None:
            code = ""
            print(  # noqa: T201 - migration output an operator reads
                f"\n  Shop settings of site {row.site_id}: country {text!r} is not in "
                "the country list; set it again in Settings > Shop."
            )
        row.country = code
        row.save(update_fields=["country"])


class Migration(migrations.Migration):
    dependencies = [("core", "0002_shop_currency_readonly_delivery_shipping")]

    operations = [
        migrations.RunPython(names_to_codes, migrations.RunPython.noop),
    ]
