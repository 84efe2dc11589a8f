"""Renaming a color or size renames its variants; a blank variant price is the base."""

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup

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


@pytest.mark.parametrize("blank", ["", "   "])
def test_a_blank_price_is_the_base_price_and_shown_blank(
    editor_client, navy_tee, blank
):
    sku = navy_tee.variants.get().sku
    data = editor_data(navy_tee, variants=_variants(navy_tee, **{sku: blank}))

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


# --- The variant table's contract with the server ------------------------------


def _new_size_cells(product, size, prices=("",)):
    """Cells the table adds for a new size: no id, no SKU."""
    colors = [c.name for c in product.colors.all()]
    return [
        {"id": "", "sku": "", "color": color, "size": size, "price_amount": price}
        for color, price in zip(colors, prices, strict=False)
    ]


def test_the_editor_shows_variants_as_table_cells_with_the_sku_as_text(
    editor_client, navy_tee
):
    variant = navy_tee.variants.get()
    response = editor_client.get(edit_url(navy_tee))

    html = response.content.decode()
    assert "data-variant-table" in html
    assert 'type="module"' in html and "js/admin_variant_table.js" in html
    # The SKU is text, not an input; the price is the cell's one visible input.
    assert f"data-variant-cell-sku>{variant.sku}<" in html
    assert 'name="variants-0-sku"' not in html
    assert 'name="variants-0-price_amount"' in html
    assert 'name="variants-0-color" value="Navy"' in html
    # The empty form the script copies for a new combination.
    assert 'name="variants-__prefix__-sku"' in html
    # No Wagtail inline panel is built for the variants (the table replaces it).
    assert "id_variants-ADD" not in html


def test_new_cells_get_a_generated_sku_on_save(editor_client, navy_tee):
    sizes = [{"id": s.pk, "name": s.name} for s in navy_tee.sizes.all()]
    sizes.append({"id": "", "name": "XL"})
    data = editor_data(
        navy_tee,
        sizes=sizes,
        variants=_variants(navy_tee) + _new_size_cells(navy_tee, "XL", ["27,50"]),
    )

    response = editor_client.post(edit_url(navy_tee), data)

    assert response.status_code == 302, response.context["form"].errors
    xl = ProductPage.objects.get(pk=navy_tee.pk).variants.get(size="XL")
    assert xl.sku.endswith("-NAVY-XL")
    assert xl.price_amount == Decimal("27.50")


def test_two_new_cells_without_sku_are_not_duplicates(editor_client, navy_tee):
    colors = [
        *_colors(navy_tee),
        {
            "id": "",
            "name": "Sand",
            "hex_code": "#d8c8a8",
            "front_image": navy_tee.colors.get().front_image_id,
            "back_image": "",
            "left_image": "",
            "right_image": "",
        },
    ]
    sizes = [{"id": s.pk, "name": s.name} for s in navy_tee.sizes.all()]
    sizes.append({"id": "", "name": "XL"})
    new = [
        {"id": "", "sku": "", "color": c, "size": s, "price_amount": ""}
        for c, s in (("Navy", "XL"), ("Sand", "M"), ("Sand", "XL"))
    ]
    data = editor_data(
        navy_tee, colors=colors, sizes=sizes, variants=_variants(navy_tee) + new
    )

    response = editor_client.post(edit_url(navy_tee), data)

    assert response.status_code == 302, response.context["form"].errors
    skus = set(
        ProductPage.objects.get(pk=navy_tee.pk).variants.values_list("sku", flat=True)
    )
    assert len(skus) == 4


def test_an_autosave_does_not_store_new_cells(editor_client, navy_tee):
    sizes = [{"id": s.pk, "name": s.name} for s in navy_tee.sizes.all()]
    sizes.append({"id": "", "name": "XL"})
    response = autosave(
        editor_client,
        navy_tee,
        sizes=sizes,
        variants=_variants(navy_tee) + _new_size_cells(navy_tee, "XL"),
    )

    assert response.status_code == 200, response.content
    draft = ProductPage.objects.get(pk=navy_tee.pk).get_latest_revision_as_object()
    assert [v.size for v in draft.variants.all()] == ["M"]
    assert list(navy_tee.variants.values_list("size", flat=True)) == ["M"]


@pytest.mark.parametrize("posted", ["CHANGED-SKU", "", "bad sku!", "x" * 500])
def test_a_posted_sku_of_a_saved_variant_is_ignored(editor_client, navy_tee, posted):
    variant = navy_tee.variants.get()
    rows = _variants(navy_tee)
    rows[0]["sku"] = posted

    response = editor_client.post(
        edit_url(navy_tee), editor_data(navy_tee, variants=rows)
    )

    assert response.status_code == 302, response.context["form"].errors
    assert ProductPage.objects.get(pk=navy_tee.pk).variants.get().sku == variant.sku


def test_a_deleted_cell_of_a_deleted_color_goes_with_it(editor_client, navy_tee):
    """The table marks the cells of a deleted row for deletion; saving removes them."""
    rows = _variants(navy_tee)
    rows[0]["DELETE"] = "1"
    data = editor_data(navy_tee, variants=rows)

    response = editor_client.post(edit_url(navy_tee), data)

    # The color still exists, so the save makes the combination again, new SKU.
    assert response.status_code == 302, response.context["form"].errors
    assert ProductPage.objects.get(pk=navy_tee.pk).variants.count() == 1


def test_every_message_of_a_cell_describes_its_price_input(editor_client, navy_tee):
    """A screen reader hears a cell's messages on its one input, the price."""
    sizes = [{"id": s.pk, "name": s.name} for s in navy_tee.sizes.all()]
    sizes.append({"id": "", "name": "XL"})
    rows = _variants(navy_tee, **{navy_tee.variants.get().sku: "abc"})
    # Two new cells for one combination: a message with no price input of its own.
    rows += _new_size_cells(navy_tee, "XL") + _new_size_cells(navy_tee, "XL")
    data = editor_data(navy_tee, sizes=sizes, variants=rows)

    response = editor_client.post(edit_url(navy_tee), data)

    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    invalid = html.select("[data-variant-table] input[aria-invalid=true]")
    assert [tag["name"] for tag in invalid] == [
        "variants-0-price_amount",
        "variants-2-price_amount",
    ]
    described = {}
    for tag in invalid:
        ids = tag["aria-describedby"].split()
        assert all(html.find(id=id_) for id_ in ids), ids
        described[tag["name"]] = " ".join(html.find(id=i).get_text() for i in ids)
    assert "Price incl. VAT." in described["variants-0-price_amount"]
    assert "Enter a price such as 24.90" in described["variants-0-price_amount"]
    assert "duplicate" in described["variants-2-price_amount"]
    # A cell without a message is described by its help text only.
    plain = html.find("input", attrs={"name": "variants-1-price_amount"})
    assert plain["aria-describedby"] == "id_variants-1-price_amount_helptext"
    assert not plain.has_attr("aria-invalid")


def test_a_saved_variant_is_marked_as_such_for_the_table(editor_client, navy_tee):
    """An autosave that stores a deletion empties the form's id in the browser; the
    table still knows the cell was a saved variant (listed as removed, not reused)."""
    html = BeautifulSoup(editor_client.get(edit_url(navy_tee)).content, "html.parser")

    cells = html.select("[data-variant-table] [data-variant-cell]")
    saved = [
        cell["data-prefix"]
        for cell in cells
        if cell.has_attr("data-variant-cell-saved")
    ]
    assert saved == ["variants-0"]
    empty = html.select_one("template[data-variant-table-empty]")
    assert "data-variant-cell-saved" not in str(empty)


# --- Names moving between rows -------------------------------------------------


@pytest.fixture
def two_colors(catalog_tree):
    from tests.factories.catalog import image_create, product_create

    return product_create(
        category=catalog_tree["shirts"],
        colors=(("Red", "#aa0000"), ("Blue", "#0000aa")),
        sizes=("M", "L"),
        image=image_create(hex_code="#aa0000"),
    )


def _state(product):
    product = ProductPage.objects.get(pk=product.pk)
    return (
        sorted(product.colors.values_list("pk", "name")),
        sorted(product.sizes.values_list("pk", "name")),
        sorted(product.variants.values_list("sku", "color", "size")),
        sorted(product.print_areas.values_list("pk", "view")),
    )


def _renamed(product, colors=None, sizes=None):
    colors, sizes = colors or {}, sizes or {}
    rows = _variants(product)
    for row in rows:
        row["color"] = colors.get(row["color"], row["color"])
        row["size"] = sizes.get(row["size"], row["size"])
    return {
        "colors": _colors(product, **colors),
        "sizes": [
            {"id": s.pk, "name": sizes.get(s.name, s.name)} for s in product.sizes.all()
        ],
        "variants": rows,
    }


@pytest.mark.parametrize(
    ("colors", "sizes", "refused"),
    [
        ({"Red": "Blue", "Blue": "Red"}, {}, "Blue"),
        ({"Red": "Blue", "Blue": "Navy"}, {}, "Blue"),
        ({}, {"M": "L", "L": "M"}, "L"),
        ({}, {"M": "L", "L": "XL"}, "L"),
    ],
    ids=["color swap", "color chain", "size swap", "size chain"],
)
@pytest.mark.parametrize("action", ["publish", None], ids=["publish", "draft"])
def test_a_name_another_row_still_has_is_refused_not_a_crash(
    editor_client, two_colors, colors, sizes, refused, action
):
    before = _state(two_colors)
    data = editor_data(two_colors, action=action, **_renamed(two_colors, colors, sizes))

    response = editor_client.post(edit_url(two_colors), data)

    assert response.status_code == 200
    assert f"“{refused}” is still another" in response.content.decode()
    assert _state(two_colors) == before


def test_print_area_views_swapped_are_refused_not_a_crash(editor_client, two_colors):
    from tests.factories.catalog import PrintArea

    two_colors.print_areas.add(
        PrintArea(
            view="back",
            left_percent=Decimal("30"),
            top_percent=Decimal("25"),
            width_percent=Decimal("40"),
            height_percent=Decimal("45"),
            width_mm=300,
            height_mm=400,
            price_amount=Decimal("5.00"),
        )
    )
    two_colors.save_revision().publish()
    before = _state(two_colors)
    assert len(before[3]) == 2
    data = editor_data(two_colors)
    for key in [
        k for k in data if k.startswith("print_areas-") and k.endswith("-view")
    ]:
        data[key] = {"front": "back", "back": "front"}[data[key]]

    response = editor_client.post(edit_url(two_colors), data)

    assert response.status_code == 200
    assert "is still another print area" in response.content.decode()
    assert _state(two_colors) == before


def test_a_swap_done_in_two_saves_keeps_every_sku(editor_client, two_colors):
    skus = dict(two_colors.variants.values_list("sku", "color"))
    for step in ({"Red": "Tmp"}, {"Blue": "Red"}, {"Tmp": "Blue"}):
        data = editor_data(two_colors, **_renamed(two_colors, step))
        response = editor_client.post(edit_url(two_colors), data)
        assert response.status_code == 302, response.context["form"].errors
        two_colors = ProductPage.objects.get(pk=two_colors.pk)

    swapped = {"Red": "Blue", "Blue": "Red"}
    assert dict(two_colors.variants.values_list("sku", "color")) == {
        sku: swapped[color] for sku, color in skus.items()
    }
