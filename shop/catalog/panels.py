"""Admin panels of the catalog: the product's variants as a color x size table."""

from __future__ import annotations

from django.forms import Script
from django.utils.translation import gettext as _
from wagtail.admin.panels import InlinePanel


class VariantTablePanel(InlinePanel):
    """The variants inline formset, shown as one table: colors down, sizes across.

    The formset stays Wagtail's (same prefix, same management form, same validation),
    so saving works as with any inline panel. Only its rendering differs: every
    variant form becomes a cell holding the price input, with the SKU as text and
    color, size, id, order and delete as hidden inputs. ``admin_variant_table.js``
    builds the table from the color and size rows of the same editor and keeps it in
    step as rows are added, renamed, reordered or deleted: it renames the variants of
    a renamed row (the hidden color or size follows the row, not the old name) and
    adds a form for each new combination, whose SKU is made when the product is
    saved. Without the script the cells show as a plain list, each with its label.
    """

    class BoundPanel(InlinePanel.BoundPanel):
        template_name = "catalog/admin/variant_table_panel.html"

        class Media:
            js = [Script("js/admin_variant_table.js", type="module")]
            css = {"all": ["css/admin_grid.css", "css/admin_variant_table.css"]}

        # The editor's client-side panel tree must not build an inline panel (with
        # its add button and empty-form template) for this one: a plain panel.
        telepath_adapter_name = "wagtail.panels.Panel"

        def telepath_pack(self, context):
            opts = {"type": type(self.panel).__name__, "prefix": self.prefix}
            return (self.telepath_adapter_name, [opts])

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["cells"] = [child.form for child in self.children]
            for form in context["cells"]:
                self._describe_price(form)
            context["empty_cell"] = self.formset.empty_form
            context["table_text"] = {
                "corner": _("Color \\ Size"),
                "unnamedColor": _("(color without a name)"),
                "unnamedSize": _("(size without a name)"),
                "needsNames": _("Name the color and size first"),
            }
            return context

        @staticmethod
        def _describe_price(form) -> None:
            """The price input is described by its help text and every message of
            its cell: a color, size or duplicate error has no input of its own."""
            price = form["price_amount"]
            described = [f"{price.auto_id}_helptext"] if price.help_text else []
            if form.errors:
                described.append(f"{price.auto_id}_error")
                price.field.widget.attrs["aria-invalid"] = "true"
            if described:
                price.field.widget.attrs["aria-describedby"] = " ".join(described)
