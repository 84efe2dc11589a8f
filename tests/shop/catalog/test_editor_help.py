"""The product editor explains itself: help texts and the hex colour picker."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from shop.accounts.roles import EDITORS
from shop.catalog.models import PrintArea, ProductColor, ProductPage
from shop.catalog.widgets import ColorPickerInput
from tests.factories.accounts import user_create
from tests.factories.catalog import category_create, image_create, product_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def edit_page(client) -> str:
    client.force_login(user_create(groups=(EDITORS,)))
    product = product_create(
        category=category_create(), colors=(("Navy", "#1b2a4a"),), image=image_create()
    )
    response = client.get(reverse("wagtailadmin_pages:edit", args=(product.pk,)))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("model", "field"),
    [
        (ProductPage, "is_featured"),
        (ProductPage, "summary"),
        (ProductPage, "material"),
        (ProductColor, "hex_code"),
        (ProductColor, "front_image"),
        (ProductColor, "back_image"),
        (PrintArea, "left_percent"),
        (PrintArea, "width_percent"),
        (PrintArea, "width_mm"),
        (PrintArea, "height_mm"),
        (PrintArea, "price_amount"),
    ],
)
def test_fields_an_editor_hesitates_over_have_help(model, field):
    help_text = str(model._meta.get_field(field).help_text)

    assert help_text.endswith(".")
    assert 15 < len(help_text) < 200


def test_the_editor_shows_the_help_texts(edit_page):
    assert "at least 1600 px wide" in edit_page
    assert "plain light background" in edit_page
    assert "Smallest first" in edit_page  # the sizes panel
    assert "in % of its width" in edit_page
    assert "millimetres" in edit_page
    assert "Shown first on the home page" in edit_page


def test_the_hex_code_has_a_colour_picker_beside_it(edit_page):
    row = re.search(r'<span class="color-picker"[^>]*>.*?</span>', edit_page, re.S)

    assert row is not None
    assert 'name="colors-0-hex_code"' in row.group(0)
    assert 'type="color"' in row.group(0)
    assert 'value="#1b2a4a"' in row.group(0)
    assert "js/admin_color_picker.js" in edit_page
    # The row template for colors added later carries the picker too.
    assert 'name="colors-__prefix__-hex_code"' in edit_page.replace("&quot;", '"')


@pytest.mark.parametrize(
    ("value", "swatch"),
    [
        ("#1B2A4A", "#1b2a4a"),
        ("", "#ffffff"),
        ('"><script>', "#ffffff"),
        ("#12", "#ffffff"),
    ],
)
def test_the_picker_shows_a_valid_colour_whatever_was_typed(value, swatch):
    html = ColorPickerInput().render("hex_code", value)

    assert f'type="color" class="color-picker__swatch" value="{swatch}"' in html
    assert "<script>" not in html
