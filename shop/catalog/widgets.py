"""Admin form widgets of the catalog."""

from __future__ import annotations

import re

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext as _

_HEX = re.compile(r"#[0-9a-fA-F]{6}", re.ASCII)


class ColorPickerInput(forms.TextInput):
    """A hex code text box with the browser's colour picker beside it.

    ``static/js/admin_color_picker.js`` keeps both in sync (delegated events, so
    rows an inline panel adds later work too). The text box stays the form field:
    it can be typed into, pasted into, and read by screen readers.
    """

    class Media:
        js = ["js/admin_color_picker.js"]
        css = {"all": ["css/admin_color_picker.css"]}

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(
            {
                "maxlength": "7",
                "autocomplete": "off",
                "spellcheck": "false",
                "class": "color-picker__text",
                **(attrs or {}),
            }
        )

    def render(self, name, value, attrs=None, renderer=None) -> str:
        # Rendered here, not from a template: Django's default form renderer does
        # not look in the project's template folders.
        text_box = super().render(name, value, attrs, renderer)
        typed = str(value or "").strip()
        return format_html(
            '<span class="color-picker" data-color-picker>{}<input type="color" '
            'class="color-picker__swatch" value="{}" aria-label="{}" '
            "data-color-picker-swatch></span>",
            text_box,
            typed.lower() if _HEX.fullmatch(typed) else "#ffffff",
            _("Pick the colour"),
        )
