"""Editors manage products in the Wagtail admin and see them on the site."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from shop.accounts.models import User
from shop.catalog.models import ProductPage, StockLevel
from tests.factories.catalog import category_create, image_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    user = User.objects.create_superuser(email="editor@atelier.test", password="pw")
    client.force_login(user)
    return client


def product_form(image, **overrides):
    color = {"back_image": "", "left_image": "", "right_image": ""}
    data = {
        "title": "Organic Tee",
        "slug": "organic-tee",
        "summary": "Soft organic cotton.",
        "description": rich_text("<p>Made from 100% organic cotton.</p>"),
        "base_price_amount": "21.50",
        "material": "Organic cotton",
        "colors": inline_formset(
            [
                {
                    "name": "Black",
                    "hex_code": "#111111",
                    "front_image": image.pk,
                    **color,
                },
                {
                    "name": "Sand",
                    "hex_code": "#d8c8a8",
                    "front_image": image.pk,
                    **color,
                },
            ]
        ),
        "sizes": inline_formset([{"name": "M"}, {"name": "L"}]),
        "variants": inline_formset([]),
        "print_areas": inline_formset(
            [
                {
                    "view": "front",
                    "left_percent": "30",
                    "top_percent": "20",
                    "width_percent": "40",
                    "height_percent": "50",
                    "width_mm": "300",
                    "height_mm": "400",
                    "price_amount": "6.00",
                }
            ]
        ),
        "comments": inline_formset([]),
        "action-publish": "publish",
    }
    data.update(overrides)
    return nested_form_data(data)


def add_url(category):
    return reverse(
        "wagtailadmin_pages:add", args=("catalog", "productpage", category.pk)
    )


def test_editor_adds_a_product_with_two_colors_and_sizes_and_sees_it(editor_client):
    category = category_create(title="Shirts")
    image = image_create()

    response = editor_client.post(add_url(category), product_form(image))

    assert response.status_code == 302, response.context["form"].errors
    product = ProductPage.objects.get(slug="organic-tee")
    assert product.live
    variants = {(v.color, v.size): v for v in product.variants.all()}
    assert set(variants) == {
        ("Black", "M"),
        ("Black", "L"),
        ("Sand", "M"),
        ("Sand", "L"),
    }
    assert variants["Black", "M"].sku == "ORGANIC-TEE-BLACK-M"
    assert variants["Sand", "L"].price_amount == product.base_price_amount
    assert set(StockLevel.objects.values_list("sku", "quantity")) == {
        (v.sku, 0) for v in variants.values()
    }

    page = editor_client.get(product.url)
    listing = editor_client.get(category.url)

    assert page.status_code == 200
    assert "Organic Tee" in page.content.decode()
    assert "Sand" in page.content.decode()
    assert "Organic Tee" in listing.content.decode()


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ("sizes", "The page could not be created due to validation errors."),
        (
            "variants",
            "Variant X-1 uses the color “Red”, which this product does not have.",
        ),
    ],
)
def test_inconsistent_rows_are_refused_and_nothing_is_created(
    editor_client, override, message
):
    category = category_create()
    image = image_create()
    rows = {
        "sizes": inline_formset([{"name": "M"}, {"name": "M"}]),
        "variants": inline_formset(
            [{"sku": "X-1", "color": "Red", "size": "M", "price_amount": "9.00"}]
        ),
    }

    response = editor_client.post(
        add_url(category), product_form(image, **{override: rows[override]})
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ProductPage.objects.exists()
    assert not StockLevel.objects.exists()


def test_a_sku_of_another_product_is_refused(editor_client, catalog_tree):
    taken = catalog_tree["products"][0].variants.first().sku
    image = image_create()
    variants = inline_formset(
        [{"sku": taken, "color": "Black", "size": "M", "price_amount": "9.00"}]
    )

    response = editor_client.post(
        add_url(catalog_tree["shirts"]), product_form(image, variants=variants)
    )

    assert response.status_code == 200
    assert "Product variant with this SKU already exists." in response.content.decode()
    assert not ProductPage.objects.filter(slug="organic-tee").exists()


def test_a_print_area_outside_the_mockup_is_refused(editor_client):
    category = category_create()
    image = image_create()
    area = {
        "view": "front",
        "left_percent": "70",
        "top_percent": "20",
        "width_percent": "40",
        "height_percent": "50",
        "width_mm": "300",
        "height_mm": "400",
        "price_amount": "6.00",
    }

    response = editor_client.post(
        add_url(category), product_form(image, print_areas=inline_formset([area]))
    )

    assert response.status_code == 200
    assert not ProductPage.objects.exists()


def test_staff_edit_stock_in_the_admin_and_the_product_page_shows_it(
    editor_client, catalog_tree
):
    tee = catalog_tree["products"][0]
    level = StockLevel.objects.get(sku=tee.variants.first().sku)

    listing = editor_client.get("/admin/stock/")
    response = editor_client.post(
        f"/admin/stock/edit/{level.pk}/", {"sku": level.sku, "quantity": "2"}
    )

    assert listing.status_code == 200
    assert level.sku in listing.content.decode()
    assert response.status_code == 302
    level.refresh_from_db()
    assert level.quantity == 2


def test_negative_stock_is_refused_in_the_admin(editor_client, catalog_tree):
    level = StockLevel.objects.first()

    response = editor_client.post(
        f"/admin/stock/edit/{level.pk}/", {"sku": level.sku, "quantity": "-4"}
    )

    assert response.status_code == 200
    level.refresh_from_db()
    assert level.quantity == 10


def test_copying_a_product_gives_the_copy_its_own_skus(editor_client, catalog_tree):
    tee = catalog_tree["products"][0]
    original_skus = {v.sku for v in tee.variants.all()}

    copy = tee.copy(
        to=catalog_tree["shirts"],
        update_attrs={"slug": "tee-copy", "title": "Tee copy"},
    )
    # The editor opens the copy and saves it as it is.
    colors = [
        {
            "id": c.pk,
            "name": c.name,
            "hex_code": c.hex_code,
            "front_image": c.front_image_id,
            "back_image": "",
            "left_image": "",
            "right_image": "",
        }
        for c in copy.colors.all()
    ]
    sizes = [{"id": s.pk, "name": s.name} for s in copy.sizes.all()]
    areas = [
        {
            "id": a.pk,
            "view": a.view,
            "left_percent": a.left_percent,
            "top_percent": a.top_percent,
            "width_percent": a.width_percent,
            "height_percent": a.height_percent,
            "width_mm": a.width_mm,
            "height_mm": a.height_mm,
            "price_amount": a.price_amount,
        }
        for a in copy.print_areas.all()
    ]
    response = editor_client.post(
        reverse("wagtailadmin_pages:edit", args=(copy.pk,)),
        product_form(
            catalog_tree["image"],
            title="Tee copy",
            slug="tee-copy",
            colors=inline_formset(colors, initial=len(colors)),
            sizes=inline_formset(sizes, initial=len(sizes)),
            print_areas=inline_formset(areas, initial=len(areas)),
        ),
    )

    assert response.status_code == 302, response.context["form"].errors
    copy = ProductPage.objects.get(pk=copy.pk)
    skus = {v.sku for v in copy.variants.all()}
    assert len(skus) == 6
    assert "TEE-COPY-BLACK-M" in skus
    assert not skus & original_skus
    assert StockLevel.objects.filter(sku__in=skus, quantity=0).count() == 6
    assert {v.sku for v in tee.variants.all()} == original_skus
