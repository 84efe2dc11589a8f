"""Renaming a color or size renames its variants; a blank variant price is the base."""

from decimal import Decimal

import pytest

from shop.catalog.models import ProductPage
from tests.shop.catalog import test_admin
from tests.shop.catalog.test_admin import autosave, edit_url, editor_data

editor_client = test_admin.editor_client
navy_tee = test_admin.navy_tee

pytestmark = pytest.mark.django_db


def _variants(product, **changes):
    return [
        {
            "id": v.pk,
            "sku": v.sku,
            "color": v.color,
            "size": v.size,
            "price_amount": changes.get(v.sku, str(v.price_amount)),
        }
        for v in product.get_latest_revision_as_object().variants.all()
    ]


def _colors(product, **names):
    return [
        {
            "id": c.pk,
            "name": names.get(c.name, c.name),
            "hex_code": c.hex_code,
            "front_image": c.front_image_id,
            "back_image": "",
            "left_image": "",
            "right_image": "",
        }
        for c in product.colors.all()
    ]


def test_renaming_a_color_and_a_size_renames_the_variants_and_keeps_skus(
    editor_client, navy_tee
):
    sku = navy_tee.variants.get().sku
    sizes = [{"id": s.pk, "name": "Medium"} for s in navy_tee.sizes.all()]
    data = editor_data(navy_tee, colors=_colors(navy_tee, Navy="Midnight"), sizes=sizes)

    response = editor_client.post(edit_url(navy_tee), data)

    assert response.status_code == 302, response.context["form"].errors
    product = ProductPage.objects.get(pk=navy_tee.pk)
    assert list(product.variants.values_list("color", "size", "sku")) == [
        ("Midnight", "Medium", sku)
    ]


def test_a_rename_survives_an_autosave_then_a_save_with_the_old_variant_rows(
    editor_client, navy_tee
):
    sku = navy_tee.variants.get().sku
    stale = _variants(navy_tee)
    autosave(editor_client, navy_tee, colors=_colors(navy_tee, Navy="Midnight"))
    product = ProductPage.objects.get(pk=navy_tee.pk)
    draft = product.get_latest_revision_as_object()
    assert [(v.color, v.sku) for v in draft.variants.all()] == [("Midnight", sku)]

    colors = [{**c, "name": "Midnight"} for c in _colors(navy_tee)]
    response = editor_client.post(
        edit_url(product), editor_data(product, colors=colors, variants=stale)
    )

    form = response.context and response.context.get("form")
    assert response.status_code == 302, [
        (n, fs.errors, fs.non_form_errors()) for n, fs in form.formsets.items()
    ]
    assert list(product.variants.values_list("color", "sku")) == [("Midnight", sku)]


def test_a_blank_price_is_the_base_price_and_shown_blank(editor_client, navy_tee):
    sku = navy_tee.variants.get().sku
    data = editor_data(navy_tee, variants=_variants(navy_tee, **{sku: ""}))

    response = editor_client.post(edit_url(navy_tee), data)

    assert response.status_code == 302, response.context["form"].errors
    variant = ProductPage.objects.get(pk=navy_tee.pk).variants.get()
    assert variant.price_amount == navy_tee.base_price_amount
    page = editor_client.get(edit_url(navy_tee)).content.decode()
    base = f"{navy_tee.base_price_amount:.2f}"
    assert f'placeholder="{base}"' in page
    assert f'name="variants-0-price_amount" value="{base}"' not in page


def test_a_base_price_change_moves_followers_and_keeps_overrides(
    editor_client, navy_tee
):
    navy_tee.sizes.create(name="L", sort_order=1)
    navy_tee.save_revision().publish()
    navy_tee = ProductPage.objects.get(pk=navy_tee.pk)
    editor_client.post(edit_url(navy_tee), editor_data(navy_tee))
    navy_tee = ProductPage.objects.get(pk=navy_tee.pk)
    base = navy_tee.base_price_amount
    l_sku = navy_tee.variants.get(size="L").sku
    m_sku = navy_tee.variants.get(size="M").sku
    editor_client.post(
        edit_url(navy_tee),
        editor_data(navy_tee, variants=_variants(navy_tee, **{l_sku: "31.50"})),
    )
    navy_tee = ProductPage.objects.get(pk=navy_tee.pk)

    response = editor_client.post(
        edit_url(navy_tee),
        editor_data(
            navy_tee,
            base_price_amount=str(base + 5),
            variants=_variants(navy_tee, **{m_sku: f"{base:.2f}"}),
        ),
    )

    assert response.status_code == 302, response.context["form"].errors
    prices = dict(
        ProductPage.objects.get(pk=navy_tee.pk).variants.values_list(
            "sku", "price_amount"
        )
    )
    assert prices == {m_sku: base + 5, l_sku: Decimal("31.50")}


@pytest.mark.parametrize("typed", ["abc", "-3", "1e9", "12.345", "99999", "0", "<b>"])
def test_a_hostile_price_cell_is_an_error_and_stores_nothing(
    editor_client, navy_tee, typed
):
    variant = navy_tee.variants.get()
    data = editor_data(navy_tee, variants=_variants(navy_tee, **{variant.sku: typed}))

    response = editor_client.post(edit_url(navy_tee), data)

    assert response.status_code == 200
    variants = response.context["form"].formsets["variants"]
    assert variants.forms[0].errors["price_amount"]
    variant.refresh_from_db()
    assert variant.price_amount == navy_tee.variants.get().price_amount
    assert ProductPage.objects.get(pk=navy_tee.pk).has_unpublished_changes is False
