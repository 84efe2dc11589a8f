"""The cart's HTML forms. Prices are never a field: the server re-quotes."""

from __future__ import annotations

import csv
import io

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator

from shop.core.params import ID_MAX as QUERY_ID_MAX
from shop.core.params import QueryForm, WholeNumberField, id_field, text_field
from shop.pricing.schema import MAX_ROSTER

ID_MAX = 2**31 - 1
CSV_MAX_BYTES = 64 * 1024


def _quantity_field(minimum: int) -> forms.IntegerField:
    """Pieces on a line: whole numbers from ``minimum`` to CART_LINE_MAX."""
    return forms.IntegerField(
        initial=1,
        validators=[
            MinValueValidator(minimum),
            MaxValueValidator(lambda: settings.CART_LINE_MAX),
        ],
        error_messages={"invalid": "Enter a whole number of pieces."},
    )


class AddToCartForm(forms.Form):
    product = forms.IntegerField(
        min_value=1, max_value=ID_MAX, widget=forms.HiddenInput
    )
    color = forms.CharField(
        max_length=50, error_messages={"required": "Choose a color."}
    )
    size = forms.CharField(max_length=20, error_messages={"required": "Choose a size."})
    quantity = _quantity_field(1)


class AddToCartQuery(QueryForm):
    """The product page's form sent without JavaScript (a GET: the product page is
    stored whole for every visitor and carries no CSRF token); the cart confirms
    the choice with a POST form that does."""

    product = id_field()
    color = text_field(max_length=50)
    size = text_field(max_length=20)
    quantity = WholeNumberField(
        required=False, min_value=1, max_value=QUERY_ID_MAX, initial=1
    )


class QuantityForm(forms.Form):
    """0 removes the line."""

    quantity = _quantity_field(0)


class CodeForm(forms.Form):
    code = forms.CharField(
        max_length=32,
        label="Discount code",
        error_messages={
            "required": "Type a code.",
            "max_length": "A code has at most 32 characters.",
        },
    )


class RosterUploadError(ValueError):
    pass


def roster_rows_from_post(data) -> list[dict]:
    """The typed table: parallel lists size/name/number; empty rows are skipped."""
    sizes, names, numbers = (
        data.getlist(k)[: MAX_ROSTER + 1] for k in ("size", "name", "number")
    )
    rows = []
    for i in range(max(len(sizes), len(names), len(numbers))):
        size = (sizes[i] if i < len(sizes) else "").strip()
        name = (names[i] if i < len(names) else "").strip()
        number = (numbers[i] if i < len(numbers) else "").strip()
        if size or name or number:
            rows.append({"size": size, "name": name, "number": number})
    if len(rows) > MAX_ROSTER:
        raise RosterUploadError(f"A roster holds at most {MAX_ROSTER} pieces.")
    return rows


def roster_rows_from_csv(upload) -> list[dict]:
    """size,name,number per line (a header row is recognised and skipped)."""
    if upload.size > CSV_MAX_BYTES:
        raise RosterUploadError("The file is larger than 64 KB.")
    raw = upload.read(CSV_MAX_BYTES + 1)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RosterUploadError("Save the file as CSV in UTF-8.") from None
    if "\x00" in text:
        raise RosterUploadError("This is not a CSV file.")
    rows = []
    try:
        for number, record in enumerate(
            csv.reader(io.StringIO(text), strict=True), start=1
        ):
            if not any(cell.strip() for cell in record):
                continue
            if number == 1 and record and record[0].strip().lower() == "size":
                continue
            if len(record) > 3:
                raise RosterUploadError(
                    f"Line {number}: use three columns: size, name, number."
                )
            cells = [c.strip() for c in record] + ["", ""]
            rows.append({"size": cells[0], "name": cells[1], "number": cells[2]})
            if len(rows) > MAX_ROSTER:
                raise RosterUploadError(f"A roster holds at most {MAX_ROSTER} pieces.")
    except csv.Error as error:
        raise RosterUploadError(f"The file is not valid CSV: {error}.") from None
    return rows
