"""The product page editor: its form and the autosave rule.

Uniqueness (color and size names, SKUs, one variant per combination, one print area
per view) is already checked by the inline formsets from the model constraints.

Wagtail 8 autosaves the editor about half a second after typing stops. An autosave
is the same POST to the same create/edit view as "Save draft", but sent by ``fetch``
with ``Accept: application/json`` (Wagtail's own test: ``expects_json_response``).
It runs ``form.save()`` on whatever is in the inputs, such as the "X" of a size that
is about to become "XL", and the browser's form is not redrawn afterwards, so rows
made on the server would stay invisible to the editor. Hence variants are derived
from colors x sizes only on a real save (Save draft, Publish, Submit), never on an
autosave, and stock rows only on publish (``shop.catalog.receivers``).

Renames and price overrides only change rows the form already has, so they apply on
every save, autosave included: a color or size row is matched by its pk to its
names before (the stored row and the revision the form was opened on), and the
variants holding an old name take the new one with their SKU kept (the SKU is the
identity of stock and orders). As the browser's variant rows are not redrawn after
an autosave, a later save may post the old name again; it is renamed again then.
A variant price left blank sells at the base price; a price equal to the base is
shown blank, so when the base price changes, those variants follow it.
"""

from __future__ import annotations

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm

from shop.core.forms import PriceInput

# Set in the POST data by ``editor_request_mark`` (called from the editor's
# before_create_page/before_edit_page hooks); the form only sees its data.
AUTOSAVE_FIELD = "catalog-autosave"


def editor_request_is_autosave(request: HttpRequest) -> bool:
    """True for Wagtail's background autosave, False for a click on a button.

    Both post the editor form to the same view; only the autosave asks for JSON.
    """
    return request.method == "POST" and not request.accepts("text/html")


def editor_request_mark(request: HttpRequest) -> None:
    """Record in the POST data whether this editor POST is an autosave.

    The browser cannot claim either way: a value it sent is replaced.
    """
    if request.method != "POST":
        return
    data = request.POST.copy()
    data.pop(AUTOSAVE_FIELD, None)
    if editor_request_is_autosave(request):
        data[AUTOSAVE_FIELD] = "1"
    data._mutable = False
    request.POST = data


def _kept_forms(formset) -> list[forms.Form]:
    """The inline row forms that are kept (valid, not deleted, not empty)."""
    return [
        form
        for form in formset.forms
        if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
    ]


class ProductPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._renames_found: tuple[dict[str, str], dict[str, str]] | None = None
        base = self.initial.get("base_price_amount")
        placeholder = "" if base is None else PriceInput().format_value(base)
        variants = self.formsets.get("variants")
        if variants is None:
            return
        for form in [*variants.forms, variants.empty_form]:
            sku = form.fields["sku"]
            if form.instance.pk:
                # The SKU is the variant's identity in stock and orders: shown, and
                # whatever a browser posts for it is ignored.
                sku.disabled = True
            else:
                # A new combination's SKU is made on save (``product_variants_sync``);
                # None, not "", so that blank SKUs are not each other's duplicates.
                sku.required = False
                sku.empty_value = None
            field = form.fields["price_amount"]
            field.required = False
            field.widget.attrs["placeholder"] = placeholder
            if base is not None and form.initial.get("price_amount") == base:
                form.initial["price_amount"] = None

    @property
    def is_autosave(self) -> bool:
        return self.data.get(AUTOSAVE_FIELD) == "1"

    def is_valid(self) -> bool:
        valid = super().is_valid()
        # Price rules are checked even when another field is wrong, so that every
        # wrong cell of the variant table shows its message at once.
        problems = self._check_prices()
        if valid and not self.is_autosave:
            problems += self._check_typed_variants()
        if valid:
            # Last: its errors take the names out of cleaned_data.
            problems += self._check_moved_names()
        return valid and problems == 0

    def _check_moved_names(self) -> int:
        """A row may not take the name another row still has in the database.

        The database checks each row as it is written, one by one: swapping two
        colors' names, or renaming Blue to Navy while renaming Red to Blue, would
        fail halfway through the save. The editor does it in two saves instead.
        """
        from shop.catalog.models import PrintArea, ProductColor, ProductSize

        problems = 0
        for name, model, field, noun in (
            ("colors", ProductColor, "name", _("color")),
            ("sizes", ProductSize, "name", _("size")),
            ("print_areas", PrintArea, "view", _("print area")),
        ):
            kept = _kept_forms(self.formsets[name])
            stored = dict(
                model.objects.filter(
                    pk__in=[f.instance.pk for f in kept if f.instance.pk]
                ).values_list("pk", field)
            )
            new = {f.instance.pk: f.cleaned_data.get(field) for f in kept}
            held = {
                value: pk
                for pk, value in stored.items()
                if pk in new and new[pk] != value
            }
            for form in kept:
                value = form.cleaned_data.get(field)
                holder = held.get(value)
                if holder is None or holder == form.instance.pk:
                    continue
                form.add_error(
                    field,
                    _(
                        "“%(value)s” is still another %(noun)s's until this is "
                        "saved. Save first with a different name, then rename."
                    )
                    % {"value": value, "noun": noun},
                )
                problems += 1
        return problems

    def _check_prices(self) -> int:
        """A product and its variants cost something; a print may be included."""
        problems = 0
        if self.cleaned_data.get("base_price_amount") == 0:
            self.add_error(
                "base_price_amount", _("The base price must be more than 0.00.")
            )
            problems += 1
        for form in _kept_forms(self.formsets["variants"]):
            if form.cleaned_data.get("price_amount") == 0:
                form.add_error("price_amount", _("A price must be more than 0.00."))
                problems += 1
        return problems

    def _check_typed_variants(self) -> int:
        """A variant row the editor typed or changed must name this product's options.

        Only such rows: the editor is looking at them. A variant left over from a
        deleted or renamed color or size is removed when the form is saved
        (``product_variants_sync``) instead of becoming an error elsewhere.
        """
        color_renames, size_renames = self._renames()
        # An old name of a renamed row is known too: the save renames it.
        colors = {f.cleaned_data["name"] for f in _kept_forms(self.formsets["colors"])}
        colors |= set(color_renames)
        sizes = {f.cleaned_data["name"] for f in _kept_forms(self.formsets["sizes"])}
        sizes |= set(size_renames)
        problems = 0
        for form in _kept_forms(self.formsets["variants"]):
            typed = form.instance.pk is None or {"color", "size"} & set(
                form.changed_data
            )
            if not typed:
                continue
            color, size = form.cleaned_data["color"], form.cleaned_data["size"]
            if color not in colors:
                form.add_error(
                    "color",
                    _("This product has no color “%(color)s”.") % {"color": color},
                )
                problems += 1
            if size not in sizes:
                form.add_error(
                    "size", _("This product has no size “%(size)s”.") % {"size": size}
                )
                problems += 1
        return problems

    def save(self, commit: bool = True):
        from shop.catalog.services import product_variants_sync

        page = super().save(commit=False)
        self._rename_variants(page)
        self._price_variants(page)
        if self.is_autosave:
            # New combinations get their SKU on a real save; the browser still
            # holds their forms and posts them again then.
            unnamed = [v for v in page.variants.all() if not v.pk and not v.sku]
            if unnamed:
                page.variants.remove(*unnamed)
        else:
            product_variants_sync(product=page)
        if commit:
            page.save()
            self._save_m2m()
        return page

    def _old_names(self, formset_name: str, model) -> dict[str, str]:
        """Old name -> new name of the renamed rows of the colors or sizes formset."""
        forms_ = [f for f in _kept_forms(self.formsets[formset_name]) if f.instance.pk]
        stored = dict(
            model.objects.filter(pk__in=[f.instance.pk for f in forms_]).values_list(
                "pk", "name"
            )
        )
        current = {
            f.cleaned_data["name"] for f in _kept_forms(self.formsets[formset_name])
        }
        renames: dict[str, str] = {}
        for form in forms_:
            new = form.cleaned_data["name"]
            for old in (form.initial.get("name"), stored.get(form.instance.pk)):
                if old and old != new and old not in current:
                    renames[old] = new
        return renames

    def _renames(self) -> tuple[dict[str, str], dict[str, str]]:
        """The color and size renames of this (validated) form, looked up once."""
        if self._renames_found is None:
            from shop.catalog.models import ProductColor, ProductSize

            self._renames_found = (
                self._old_names("colors", ProductColor),
                self._old_names("sizes", ProductSize),
            )
        return self._renames_found

    def _rename_variants(self, page) -> None:
        """Variants of a renamed color or size take the new name; SKUs stay."""
        colors, sizes = self._renames()
        for variant in page.variants.all():
            variant.color = colors.get(variant.color, variant.color)
            variant.size = sizes.get(variant.size, variant.size)

    def _price_variants(self, page) -> None:
        """Blank prices sell at the base price; followers of the old base move."""
        base = page.base_price_amount
        old = self.initial.get("base_price_amount")
        for variant in page.variants.all():
            if variant.price_amount is None or (
                old is not None and variant.price_amount == old
            ):
                variant.price_amount = base
