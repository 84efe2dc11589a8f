"""Admin forms of the designer's library: every clipart SVG is sanitized and every
font file checked before anything is stored."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from wagtail.admin.forms import WagtailAdminModelForm

from shop.designer.assets import AssetRefused, svg_sanitize
from shop.designer.fonts import font_file_check
from shop.designer.models import ClipartCategory

MAX_BULK_FILES = 100


def _read(upload, limit: int) -> bytes:
    if upload.size > limit:
        raise ValidationError(f"“{upload.name}” is larger than {limit // 1024} KB.")
    return upload.read()


class ClipartForm(WagtailAdminModelForm):
    def clean_svg(self):
        upload = self.cleaned_data.get("svg")
        if upload is None or not hasattr(upload, "content_type"):
            return upload  # unchanged file
        try:
            clean = svg_sanitize(_read(upload, 1024 * 1024))
        except AssetRefused as error:
            raise ValidationError(str(error)) from None
        self.instance.width, self.instance.height = clean.width, clean.height
        return ContentFile(clean.data, name="clipart.svg")


class FontForm(WagtailAdminModelForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None or not hasattr(upload, "content_type"):
            return upload
        data = _read(upload, 4 * 1024 * 1024)
        file_format, family = font_file_check(data)
        self.instance.file_format, self.instance.family = file_format, family
        return ContentFile(data, name=f"font.{file_format}")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern)."""

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class ClipartBulkForm(forms.Form):
    category = forms.ModelChoiceField(queryset=ClipartCategory.objects.all())
    files = MultipleFileField(
        required=False,
        widget=MultipleFileInput(
            attrs={"multiple": True, "accept": ".svg,image/svg+xml"}
        ),
        help_text="Up to 100 SVG files; each is cleaned of scripts and external "
        "references, and named after its file.",
    )

    def __init__(self, *args, files_list=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.files_list = files_list or []

    def clean_files(self):
        if not self.files_list:
            raise ValidationError("Choose at least one SVG file.")
        if len(self.files_list) > MAX_BULK_FILES:
            raise ValidationError(f"Upload at most {MAX_BULK_FILES} files at a time.")
        cleaned, problems = [], []
        for upload in self.files_list:
            try:
                clean = svg_sanitize(_read(upload, 1024 * 1024))
            except (AssetRefused, ValidationError) as error:
                message = (
                    error.messages[0]
                    if isinstance(error, ValidationError)
                    else str(error)
                )
                problems.append(f"{upload.name[:80]}: {message}")
                continue
            cleaned.append((upload.name, clean))
        if problems:
            raise ValidationError(problems)
        return cleaned
