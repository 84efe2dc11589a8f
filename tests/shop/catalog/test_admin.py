"""Editors manage products in the Wagtail admin and see them on the site."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Revision
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from shop.accounts.models import User
from shop.catalog.models import ProductPage, ProductVariant, StockLevel
from shop.core.forms import PriceField, PriceInput
from tests.factories.catalog import category_create, image_create, product_create

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
        "name_price_amount": "4.00",
        "number_price_amount": "0",
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
        # A variant row the editor typed is checked on that row.
        ("variants", "This product has no color “Red”."),
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
    grid = reverse("stock:product", args=(tee.pk,))

    listing = editor_client.get("/admin/stock/")
    response = editor_client.post(
        grid, {f"stock-{level.sku}": "2", f"shown-{level.sku}": str(level.quantity)}
    )

    assert listing.status_code == 200
    assert level.sku in listing.content.decode()
    assert response.status_code == 302
    level.refresh_from_db()
    assert level.quantity == 2
    assert "2 left" in editor_client.get(tee.url).content.decode()


def test_negative_stock_is_refused_in_the_admin(editor_client, catalog_tree):
    tee = catalog_tree["products"][0]
    level = StockLevel.objects.get(sku=tee.variants.first().sku)

    response = editor_client.post(
        reverse("stock:product", args=(tee.pk,)),
        {f"stock-{level.sku}": "-4", f"shown-{level.sku}": "10"},
    )

    assert response.status_code == 400
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


# --- The editor never corrupts the catalog: autosave, drafts, publish --------------


def edit_url(product):
    return reverse("wagtailadmin_pages:edit", args=(product.pk,))


def editor_data(product, *, action="publish", **overrides):
    """The edit form as the editor's browser posts it, from the latest revision.

    ``overrides`` replaces fields, or a formset's rows (lists of dicts, existing rows
    with their id).
    """
    draft = product.get_latest_revision_as_object()
    colors = [
        {
            "id": c.pk or "",
            "name": c.name,
            "hex_code": c.hex_code,
            "front_image": c.front_image_id,
            "back_image": "",
            "left_image": "",
            "right_image": "",
        }
        for c in draft.colors.all()
    ]
    sizes = [{"id": s.pk or "", "name": s.name} for s in draft.sizes.all()]
    variants = [
        {
            "id": v.pk or "",
            "sku": v.sku,
            "color": v.color,
            "size": v.size,
            "price_amount": str(v.price_amount),
        }
        for v in draft.variants.all()
    ]
    areas = [
        {
            "id": a.pk or "",
            "view": a.view,
            "left_percent": a.left_percent,
            "top_percent": a.top_percent,
            "width_percent": a.width_percent,
            "height_percent": a.height_percent,
            "width_mm": a.width_mm,
            "height_mm": a.height_mm,
            "price_amount": str(a.price_amount),
        }
        for a in draft.print_areas.all()
    ]
    current = {
        "colors": colors,
        "sizes": sizes,
        "variants": variants,
        "print_areas": areas,
    }
    data = {
        "title": draft.title,
        "slug": draft.slug,
        "summary": draft.summary,
        "description": rich_text(draft.description or "<p></p>"),
        "base_price_amount": str(draft.base_price_amount),
        "name_price_amount": str(draft.name_price_amount),
        "number_price_amount": str(draft.number_price_amount),
        "material": draft.material,
        "comments": inline_formset([]),
    }
    for name, items in current.items():
        items = overrides.pop(name, items)
        data[name] = inline_formset(items, initial=sum(1 for i in items if i["id"]))
    data.update(overrides)
    if action:
        data[f"action-{action}"] = action
    return nested_form_data(data)


def autosave(client, product, **overrides):
    """Post the editor's form as Wagtail's autosave does: fetch, asking for JSON."""
    return client.post(
        edit_url(product),
        editor_data(product, action=None, **overrides),
        HTTP_ACCEPT="application/json",
    )


def live_state(product):
    """What the shop sells: the page row and its inline rows in the database."""
    product = ProductPage.objects.get(pk=product.pk)
    return {
        "base_price": product.base_price_amount,
        "sizes": sorted(product.sizes.values_list("name", flat=True)),
        "variants": sorted(product.variants.values_list("color", "size", "sku")),
        "stock": sorted(StockLevel.objects.values_list("sku", "quantity")),
    }


@pytest.fixture
def navy_tee(catalog_tree):
    """A live product: one color (Navy), one size (M), stock 10."""
    return product_create(
        category=catalog_tree["shirts"],
        title="Navy Tee",
        colors=(("Navy", "#1b2a4a"),),
        sizes=("M",),
        image=catalog_tree["image"],
    )


def test_an_autosave_of_a_half_typed_size_makes_no_variant_and_no_stock_row(
    editor_client, navy_tee
):
    before = live_state(navy_tee)
    sizes = [{"id": s.pk, "name": s.name} for s in navy_tee.sizes.all()]

    response = autosave(
        editor_client, navy_tee, sizes=[*sizes, {"id": "", "name": "X"}]
    )

    assert response.status_code == 200, response.content
    assert response.json()["success"] is True
    draft = ProductPage.objects.get(pk=navy_tee.pk).get_latest_revision_as_object()
    assert [s.name for s in draft.sizes.all()] == ["M", "X"]
    assert [(v.color, v.size) for v in draft.variants.all()] == [("Navy", "M")]
    assert live_state(navy_tee) == before


def test_an_autosave_of_a_product_never_published_writes_no_variant(
    editor_client, catalog_tree
):
    # Wagtail writes a never-published page's rows straight to the tables on every
    # save; an autosave must still add no variant and no stock row.
    product = product_create(
        category=catalog_tree["shirts"],
        colors=(("Navy", "#1b2a4a"),),
        sizes=("M",),
        image=catalog_tree["image"],
        live=False,
    )
    stock_before = set(StockLevel.objects.values_list("sku", flat=True))
    sizes = [{"id": s.pk, "name": s.name} for s in product.sizes.all()]

    response = autosave(editor_client, product, sizes=[*sizes, {"id": "", "name": "X"}])

    assert response.json()["success"] is True
    assert sorted(product.sizes.values_list("name", flat=True)) == ["M", "X"]
    assert list(product.variants.values_list("color", "size")) == [("Navy", "M")]
    assert set(StockLevel.objects.values_list("sku", flat=True)) == stock_before


@pytest.mark.parametrize(("kind", "variants"), [("autosave", 0), ("draft", 4)])
def test_a_new_product_saved_as_a_draft_gets_variants_but_no_stock_rows(
    editor_client, kind, variants
):
    category = category_create()
    data = product_form(image_create())
    del data["action-publish"]
    headers = {"HTTP_ACCEPT": "application/json"} if kind == "autosave" else {}

    response = editor_client.post(add_url(category), data, **headers)

    assert response.status_code == 200 if kind == "autosave" else 302
    product = ProductPage.objects.get(slug="organic-tee")
    assert not product.live
    assert product.variants.count() == variants
    assert not StockLevel.objects.exists()


@pytest.mark.parametrize("blank", ["", "   "])
@pytest.mark.parametrize("kind", ["autosave", "draft"])
def test_a_nameless_size_is_an_error_on_its_row_and_saves_nothing(
    editor_client, navy_tee, kind, blank
):
    before = live_state(navy_tee)
    revisions = navy_tee.revisions.count()
    sizes = [{"id": s.pk, "name": s.name} for s in navy_tee.sizes.all()]
    sizes.append({"id": "", "name": blank})

    if kind == "autosave":
        response = autosave(editor_client, navy_tee, sizes=sizes)
        assert response.status_code == 400
        assert response.json()["error_code"] == "validation_error"
    else:
        response = editor_client.post(
            edit_url(navy_tee), editor_data(navy_tee, action=None, sizes=sizes)
        )
        assert response.status_code == 200
        size_form = response.context["form"].formsets["sizes"].forms[1]
        assert size_form.errors["name"] == ["This field is required."]

    assert navy_tee.revisions.count() == revisions
    assert live_state(navy_tee) == before


def test_save_draft_adds_variants_to_the_draft_only_and_makes_no_stock_rows(
    editor_client, navy_tee
):
    before = live_state(navy_tee)
    sizes = [{"id": s.pk, "name": s.name} for s in navy_tee.sizes.all()]

    response = editor_client.post(
        edit_url(navy_tee),
        editor_data(
            navy_tee,
            action=None,
            base_price_amount="26,00",
            sizes=[*sizes, {"id": "", "name": "XL"}],
        ),
    )

    assert response.status_code == 302
    draft = ProductPage.objects.get(pk=navy_tee.pk).get_latest_revision_as_object()
    assert {(v.color, v.size) for v in draft.variants.all()} == {
        ("Navy", "M"),
        ("Navy", "XL"),
    }
    assert draft.base_price_amount == Decimal("26.00")
    # Nothing live changed: the page row, its variants, the stock.
    assert live_state(navy_tee) == before


def test_publish_after_autosaves_sells_only_what_the_editor_finally_typed(
    editor_client, navy_tee
):
    sizes = [{"id": s.pk, "name": s.name} for s in navy_tee.sizes.all()]
    for typed in ("X", "XL"):
        assert autosave(
            editor_client, navy_tee, sizes=[*sizes, {"id": "", "name": typed}]
        ).json()["success"]

    response = editor_client.post(
        edit_url(navy_tee),
        editor_data(navy_tee, sizes=[*sizes, {"id": "", "name": "XL"}]),
    )

    assert response.status_code == 302
    state = live_state(navy_tee)
    assert [(c, s) for c, s, _sku in state["variants"]] == [
        ("Navy", "M"),
        ("Navy", "XL"),
    ]
    xl_sku = next(sku for _c, size, sku in state["variants"] if size == "XL")
    assert (xl_sku, 0) in state["stock"]
    assert not [sku for sku, _q in state["stock"] if sku.endswith("-X")]


def test_variants_left_by_a_removed_size_or_an_old_autosave_are_removed_silently(
    editor_client, navy_tee
):
    # A variant the editor's form does not show (made by an autosave before this
    # fix) and one whose size the editor deletes now.
    ProductVariant.objects.create(
        page=navy_tee, sku="OLD-NAVY-X", color="Navy", size="X", price_amount=9
    )
    navy_tee.sizes.create(name="L", sort_order=1)
    m_variant = navy_tee.variants.get(size="M")
    ProductVariant.objects.create(
        page=navy_tee, sku="OLD-NAVY-L", color="Navy", size="L", price_amount=9
    )
    navy_tee.save_revision().publish()
    navy_tee = ProductPage.objects.get(pk=navy_tee.pk)
    data = editor_data(navy_tee)
    variants_shown = [
        {
            "id": v.pk,
            "sku": v.sku,
            "color": v.color,
            "size": v.size,
            "price_amount": str(v.price_amount),
        }
        for v in navy_tee.variants.exclude(sku="OLD-NAVY-X")
    ]
    sizes = [
        {"id": s.pk, "name": s.name, "DELETE": "1" if s.name == "L" else ""}
        for s in navy_tee.sizes.all()
    ]
    data = editor_data(navy_tee, sizes=sizes, variants=variants_shown)

    response = editor_client.post(edit_url(navy_tee), data)

    assert response.status_code == 302, response.context["form"].errors
    assert list(navy_tee.variants.values_list("sku", flat=True)) == [m_variant.sku]
    # The stock rows stay: counts are keyed by SKU, and an order may still ship.
    assert StockLevel.objects.filter(sku__in=["OLD-NAVY-L"]).exists()


def test_stock_rows_come_with_scheduled_publishing_not_with_the_draft(
    editor_client, navy_tee
):
    sizes = [{"id": s.pk, "name": s.name} for s in navy_tee.sizes.all()]
    response = editor_client.post(
        edit_url(navy_tee),
        editor_data(
            navy_tee,
            go_live_at="2099-01-01 10:00",
            sizes=[*sizes, {"id": "", "name": "XL"}],
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    draft = ProductPage.objects.get(pk=navy_tee.pk).get_latest_revision_as_object()
    xl_sku = next(v.sku for v in draft.variants.all() if v.size == "XL")
    assert not StockLevel.objects.filter(sku=xl_sku).exists()

    # The go-live time comes: move the scheduled revision's time into the past.
    scheduled = Revision.objects.get(approved_go_live_at__isnull=False)
    past = timezone.now() - timedelta(minutes=1)
    scheduled.content["go_live_at"] = past.isoformat()
    scheduled.approved_go_live_at = past
    scheduled.save()
    call_command("publish_scheduled")

    assert navy_tee.variants.filter(sku=xl_sku).exists()
    assert StockLevel.objects.get(sku=xl_sku).quantity == 0


# --- Prices: a decimal comma or point, shown back as 24.90 --------------------------


def test_a_price_typed_with_a_decimal_comma_is_stored_and_shown_as_24_90(
    editor_client, navy_tee
):
    variant = navy_tee.variants.get()
    variants = [
        {
            "id": variant.pk,
            "sku": variant.sku,
            "color": "Navy",
            "size": "M",
            "price_amount": "24,90",
        }
    ]

    response = editor_client.post(
        edit_url(navy_tee), editor_data(navy_tee, variants=variants)
    )
    page = editor_client.get(edit_url(navy_tee)).content.decode()

    assert response.status_code == 302, response.context["form"].errors
    variant.refresh_from_db()
    assert variant.price_amount == Decimal("24.90")
    tag = _input_tag(page, "variants-0-price_amount")
    assert 'value="24.90"' in tag, tag
    assert 'type="text"' in tag, tag


def test_every_price_input_of_the_editor_is_a_decimal_text_input(editor_client):
    category = category_create()

    page = editor_client.get(add_url(category)).content.decode()

    for name in (
        "base_price_amount",
        "name_price_amount",
        "number_price_amount",
        "variants-__prefix__-price_amount",
        "print_areas-__prefix__-price_amount",
    ):
        tag = _input_tag(page, name)
        assert 'type="text"' in tag, tag
        assert 'inputmode="decimal"' in tag, tag


def _input_tag(html: str, name: str) -> str:
    start = html.index(f'name="{name}"')
    return html[html.rindex("<input", 0, start) : html.index(">", start) + 1]


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("variant", "-5", "A price cannot be negative."),
        ("variant", "0", "A price must be more than 0.00."),
        ("variant", "0,00", "A price must be more than 0.00."),
        ("variant", "24900", "A price cannot be more than 10000.00."),
        ("variant", "1.234,50", "no thousands separator"),
        ("variant", "1,234", "at most two decimals"),
        ("variant", "2e3", "Enter a price such as 24.90 or 24,90."),
        ("variant", "NaN", "Enter a price such as 24.90 or 24,90."),
        ("base", "0", "The base price must be more than 0.00."),
        ("print", "-1", "A price cannot be negative."),
    ],
)
def test_absurd_prices_are_refused_with_a_message_and_change_nothing(
    editor_client, navy_tee, field, typed, message
):
    before = live_state(navy_tee)
    revisions = navy_tee.revisions.count()
    draft = editor_data(navy_tee)
    key = {
        "variant": "variants-0-price_amount",
        "base": "base_price_amount",
        "print": "print_areas-0-price_amount",
    }[field]
    draft[key] = typed

    response = editor_client.post(edit_url(navy_tee), draft)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert navy_tee.revisions.count() == revisions
    assert live_state(navy_tee) == before


def test_a_free_print_is_allowed(editor_client, navy_tee):
    draft = editor_data(navy_tee)
    draft["print_areas-0-price_amount"] = "0"

    response = editor_client.post(edit_url(navy_tee), draft)

    assert response.status_code == 302, response.context["form"].errors
    assert navy_tee.print_areas.get().price_amount == Decimal("0.00")


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("24,90", "24.90"),
        ("24.90", "24.90"),
        (" 24,9 ", "24.90"),
        ("24", "24.00"),
        ("24.", "24.00"),
        (",5", "0.50"),
        ("0", "0.00"),
        ("10000", "10000.00"),
        ("0024,90", "24.90"),
    ],
)
def test_price_field_reads_a_decimal_comma_or_point(typed, amount):
    assert PriceField().clean(typed) == Decimal(amount)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("1.234,50", "separators"),
        ("1,234.50", "separators"),
        ("24,90,1", "separators"),
        ("1,234", "decimals"),
        ("24.999", "decimals"),
        ("-5", "negative"),
        ("-0,01", "negative"),
        ("10000.01", "max_value"),
        ("99999999999", "max_value"),
        ("2e3", "invalid"),
        ("1E+3", "invalid"),
        ("NaN", "invalid"),
        ("inf", "invalid"),
        ("€24", "invalid"),
        ("24 90", "invalid"),
        ("٢٤", "invalid"),  # Arabic-Indic digits: Decimal() would take them
        (".", "invalid"),
        ("1" * 40, "invalid"),
        ("", "required"),
        ("   ", "required"),
        ("\t\n", "required"),
    ],
)
def test_price_field_refuses_what_is_not_a_plain_price(typed, code):
    field = PriceField()

    with pytest.raises(ValidationError) as error:
        field.clean(typed)

    assert [e.code for e in error.value.error_list] == [code]
    assert error.value.messages[0].endswith(".")


def test_price_input_shows_a_stored_price_with_two_decimals():
    widget = PriceInput()

    assert widget.format_value(Decimal("24.9")) == "24.90"
    assert widget.format_value("24,9") == "24,9"  # what was typed, on an error
    assert 'inputmode="decimal"' in widget.render("price", Decimal("3"))


@pytest.mark.parametrize("publish", [True, False], ids=["published copy", "draft copy"])
def test_the_admins_copy_gives_the_copy_its_variants_at_the_sources_prices(
    editor_client, catalog_tree, publish
):
    from decimal import Decimal

    tee = catalog_tree["products"][0]
    original = {(v.color, v.size): (v.sku, v.price_amount) for v in tee.variants.all()}
    override = tee.variants.order_by("pk").last()
    override.price_amount = Decimal("31.90")
    override.save()
    tee.save_revision().publish()

    response = editor_client.post(
        reverse("wagtailadmin_pages:copy", args=(tee.pk,)),
        {
            "new_title": "Tee copy",
            "new_slug": "tee-copy",
            "new_parent_page": catalog_tree["shirts"].pk,
            "publish_copies": "on" if publish else "",
        },
    )

    assert response.status_code == 302
    copy = ProductPage.objects.get(slug="tee-copy")
    assert copy.live is publish
    variants = {(v.color, v.size): v for v in copy.variants.all()}
    assert set(variants) == set(original)
    assert not {v.sku for v in variants.values()} & {s for s, _p in original.values()}
    assert all(v.sku.startswith("TEE-COPY-") for v in variants.values())
    copied = variants[override.color, override.size]
    assert copied.price_amount == Decimal("31.90")
    draft = copy.get_latest_revision_as_object()
    assert {v.sku for v in draft.variants.all()} == {v.sku for v in variants.values()}
    stocked = StockLevel.objects.filter(sku__in=[v.sku for v in variants.values()])
    assert stocked.count() == (len(variants) if publish else 0)
    # The source is untouched.
    assert {(v.color, v.size): v.sku for v in tee.variants.all()} == {
        key: sku for key, (sku, _p) in original.items()
    }
