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
"""

from __future__ import annotations

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm

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
    @property
    def is_autosave(self) -> bool:
        return self.data.get(AUTOSAVE_FIELD) == "1"

    def is_valid(self) -> bool:
        valid = super().is_valid()
        if not valid:
            return False
        problems = self._check_prices()
        if not self.is_autosave:
            problems += self._check_typed_variants()
        return problems == 0

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
        colors = {f.cleaned_data["name"] for f in _kept_forms(self.formsets["colors"])}
        sizes = {f.cleaned_data["name"] for f in _kept_forms(self.formsets["sizes"])}
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
        if not self.is_autosave:
            product_variants_sync(product=page)
        if commit:
            page.save()
            self._save_m2m()
        return page
