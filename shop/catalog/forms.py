"""The product page editor form: checks inline rows against each other, fills variants.

Uniqueness (color and size names, SKUs, one variant per combination, one print area
per view) is already checked by the inline formsets from the model constraints.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm


def _kept_rows(formset) -> list[dict]:
    """Cleaned data of the inline rows that are kept (not deleted, not empty)."""
    return [
        form.cleaned_data
        for form in formset.forms
        if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
    ]


class ProductPageForm(WagtailAdminPageForm):
    def is_valid(self) -> bool:
        valid = super().is_valid()
        if valid:
            self._check_variants_match_colors_and_sizes()
        return valid and not self.errors

    def _check_variants_match_colors_and_sizes(self) -> None:
        colors = {row["name"] for row in _kept_rows(self.formsets["colors"])}
        sizes = {row["name"] for row in _kept_rows(self.formsets["sizes"])}
        for row in _kept_rows(self.formsets["variants"]):
            if row["color"] not in colors:
                self.add_error(
                    None,
                    _(
                        "Variant %(sku)s uses the color “%(color)s”, which this "
                        "product does not have. Add the color or delete the variant."
                    )
                    % {"sku": row["sku"], "color": row["color"]},
                )
            if row["size"] not in sizes:
                self.add_error(
                    None,
                    _(
                        "Variant %(sku)s uses the size “%(size)s”, which this "
                        "product does not have. Add the size or delete the variant."
                    )
                    % {"sku": row["sku"], "size": row["size"]},
                )

    def save(self, commit: bool = True):
        from shop.catalog.services import product_fill_variants

        page = super().save(commit=False)
        product_fill_variants(product=page)
        if commit:
            page.save()
        return page
