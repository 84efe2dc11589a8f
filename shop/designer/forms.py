from __future__ import annotations

from django import forms

from shop.core.text import validate_safe_text


class RenameForm(forms.Form):
    name = forms.CharField(max_length=80, validators=[validate_safe_text])
