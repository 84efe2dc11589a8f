"""The product page editor form: checks inline rows against each other, fills variants."""

from __future__ import annotations

from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm


def _live_rows(formset) -> list[dict]:
    """Cleaned data of the inline rows that are kept (not deleted, not empty)."""
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None)
        if not data or data.get("DELETE"):
            continue
        rows.append(data)
    return rows


class ProductPageForm(WagtailAdminPageForm):
    def is_valid(self) -> bool:
        valid = super().is_valid()
        if valid:
            self._check_rows()
        return valid and not self.errors

    def _check_rows(self) -> None:
        from shop.catalog.models import ProductVariant

        colors = [row["name"] for row in _live_rows(self.formsets["colors"])]
        sizes = [row["name"] for row in _live_rows(self.formsets["sizes"])]
        variants = _live_rows(self.formsets["variants"])
        views = [row["view"] for row in _live_rows(self.formsets["print_areas"])]
        errors = []
        for label, names in ((_("color"), colors), (_("size"), sizes)):
            duplicates = sorted({n for n in names if names.count(n) > 1})
            if duplicates:
                errors.append(
                    _("Each %(label)s must be unique; repeated: %(names)s.")
                    % {"label": label, "names": ", ".join(duplicates)}
                )
        if len(set(views)) != len(views):
            errors.append(_("Each view can have only one print area."))
        combos, skus = set(), []
        for row in variants:
            if row["color"] not in colors:
                errors.append(
                    _(
                        "Variant %(sku)s uses the color “%(color)s”, which this product "
                        "does not have. Add the color or delete the variant."
                    )
                    % {"sku": row["sku"], "color": row["color"]}
                )
            if row["size"] not in sizes:
                errors.append(
                    _(
                        "Variant %(sku)s uses the size “%(size)s”, which this product "
                        "does not have. Add the size or delete the variant."
                    )
                    % {"sku": row["sku"], "size": row["size"]}
                )
            combo = (row["color"], row["size"])
            if combo in combos:
                errors.append(
                    _("There are two variants for %(color)s / %(size)s.")
                    % {"color": row["color"], "size": row["size"]}
                )
            combos.add(combo)
            skus.append(row["sku"])
        repeated = sorted({s for s in skus if skus.count(s) > 1})
        if repeated:
            errors.append(_("SKUs must be unique; repeated: %s.") % ", ".join(repeated))
        taken = (
            ProductVariant.objects.filter(sku__in=skus)
            .exclude(page_id=self.instance.pk)
            .values_list("sku", flat=True)
        )
        if taken:
            errors.append(
                _("These SKUs belong to another product: %s.")
                % ", ".join(sorted(taken))
            )
        for error in errors:
            self.add_error(None, error)

    def save(self, commit: bool = True):
        from shop.catalog.services import product_fill_variants

        page = super().save(commit=False)
        product_fill_variants(product=page)
        if commit:
            page.save()
        return page
