import copy
import hashlib
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Page, PageLogEntry, Revision

from cms_pages.models import ContentPage
from shop.catalog.exceptions import CatalogExportError, CatalogImportError
from shop.catalog.importexport import (
    catalog_export,
    catalog_import,
    catalog_load,
)
from shop.catalog.models import (
    CategoryPage,
    ProductPage,
    ProductVariant,
    SizeGuide,
    StockLevel,
)
from shop.catalog.selectors import CARD_RENDITIONS, DETAIL_RENDITIONS, THUMB_RENDITIONS
from shop.catalog.size_guides import size_guide_tables
from tests.factories.catalog import home_page

SEED = Path(settings.BASE_DIR) / "fixtures" / "seed" / "catalog.json"


GUIDE_ROWS = [
    ["Size", "Chest (cm)", "Length (cm)"],
    ["S", "92", "70"],
    ["XXL", "", "78"],
]


def small_catalog() -> dict:
    """Two categories, a size guide and one product; three of its four variants are
    generated."""
    return {
        "version": 1,
        "size_guides": [
            {
                "name": "Tees",
                "intro": "Measured flat.",
                "rows": copy.deepcopy(GUIDE_ROWS),
            }
        ],
        "categories": [
            {"slug": "apparel", "title": "Apparel", "parent": None},
            {
                "slug": "tees",
                "title": "Tees",
                "parent": "apparel",
                "intro": "<p>Soft tees.</p>",
            },
        ],
        "products": [
            {
                "slug": "test-tee",
                "category": "tees",
                "title": "Test Tee",
                "summary": "A tee.",
                "description": "<p>Organic cotton.</p>",
                "material": "100% cotton",
                "base_price": "19.90",
                "is_featured": True,
                "colors": [
                    {
                        "name": "Black",
                        "hex": "#111111",
                        "images": {
                            "front": {"generate": {"shape": "tshirt"}},
                            "back": {"generate": {"shape": "tshirt"}},
                        },
                    },
                    {
                        "name": "White",
                        "hex": "#ffffff",
                        "images": {"front": {"generate": {"shape": "tshirt"}}},
                    },
                ],
                "sizes": ["S", "XXL"],
                "variants": [
                    {
                        "sku": "TEST-TEE-BLACK-XXL",
                        "color": "Black",
                        "size": "XXL",
                        "price": "21.90",
                    }
                ],
                "print_areas": [
                    {
                        "view": "front",
                        "left": "30",
                        "top": "25",
                        "width": "40",
                        "height": "45",
                        "width_mm": 300,
                        "height_mm": 400,
                        "price": "5.00",
                    }
                ],
                "size_guide": "Tees",
            }
        ],
        "stock": {"TEST-TEE-BLACK-XXL": 3, "TEST-TEE-BLACK-S": 12},
    }


def snapshot() -> dict:
    """Everything an import may change, to prove that it did not."""
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "log_entries": PageLogEntry.objects.count(),
        "images": get_image_model().objects.count(),
        "renditions": get_image_model().get_rendition_model().objects.count(),
        "stock": sorted(StockLevel.objects.values_list("sku", "quantity")),
        "variants": sorted(
            ProductVariant.objects.values_list("sku", "color", "size", "price_amount")
        ),
        "size_guides": [
            (g.pk, g.name, g.intro, list(g.table.raw_data))
            for g in SizeGuide.objects.order_by("pk")
        ],
        "product_guides": sorted(
            ProductPage.objects.values_list("slug", "size_guide__name")
        ),
    }


def _file_sha1(image) -> str:
    with image.open_file() as f:
        return hashlib.sha1(f.read()).hexdigest()


def canonical() -> dict:
    """The catalog as plain values, independent of ids, to compare two imports."""
    by_path = {c.path: c.slug for c in CategoryPage.objects.all()}

    def parent(page):
        return by_path.get(page.path[: -Page.steplen])

    return {
        "size_guides": [
            (g.name, g.intro, size_guide_tables(guide=g))
            for g in SizeGuide.objects.order_by("name")
        ],
        "categories": [
            (
                c.slug,
                parent(c),
                c.title,
                c.intro,
                c.products_per_page,
                c.show_in_menus,
                c.live,
            )
            for c in CategoryPage.objects.order_by("path")
        ],
        "products": [
            (
                parent(p),
                p.slug,
                p.title,
                p.summary,
                p.description,
                p.material,
                p.base_price_amount,
                p.is_featured,
                p.live,
                [
                    (
                        c.name,
                        c.hex_code,
                        {view: _file_sha1(image) for view, image in c.views},
                    )
                    for c in p.colors.all()
                ],
                [s.name for s in p.sizes.all()],
                [(v.sku, v.color, v.size, v.price_amount) for v in p.variants.all()],
                [
                    (
                        a.view,
                        a.left_percent,
                        a.top_percent,
                        a.width_percent,
                        a.height_percent,
                        a.width_mm,
                        a.height_mm,
                        a.price_amount,
                    )
                    for a in p.print_areas.all()
                ],
                p.size_guide.name if p.size_guide else None,
            )
            for p in ProductPage.objects.order_by("path")
        ],
        "stock": dict(StockLevel.objects.values_list("sku", "quantity")),
    }


def import_seed(**kwargs):
    data, base_dir = catalog_load(path=SEED)
    return catalog_import(data=data, base_dir=base_dir, **kwargs)


# --- The seed catalog -------------------------------------------------------------------


def test_seed_imports_and_importing_it_again_changes_nothing(db):
    report = import_seed(warm_renditions=False)

    assert report.categories_created >= 4
    assert report.products_created >= 12
    assert (report.updated, report.unchanged) == (0, 0)
    products = list(ProductPage.objects.live())
    assert len(products) == report.products_created
    assert all(2 <= p.colors.count() <= 5 for p in products)
    assert all(c.front_image_id for p in products for c in p.colors.all())
    assert all(p.print_areas.exists() for p in products)
    apparel = CategoryPage.objects.get(slug="apparel")
    assert CategoryPage.objects.child_of(apparel).count() >= 2
    stock = dict(StockLevel.objects.values_list("sku", "quantity"))
    assert set(stock) == set(ProductVariant.objects.values_list("sku", flat=True))
    assert 0 in stock.values()
    assert {2, 3} & set(stock.values())
    tee = ProductPage.objects.get(slug="classic-organic-tee")
    prices = {v.size: v.price_amount for v in tee.variants.filter(color="Black")}
    assert prices["M"] == Decimal("19.90")
    assert prices["XXL"] == Decimal("21.90")
    assert report.size_guides_created == 1
    guided = set(
        ProductPage.objects.filter(size_guide__name="Adult T-shirts").values_list(
            "slug", flat=True
        )
    )
    assert "classic-organic-tee" in guided and "kids-organic-tee" not in guided
    before = snapshot()

    again = import_seed(warm_renditions=False)

    assert (again.created, again.updated) == (0, 0)
    assert again.unchanged == report.created
    assert (again.size_guides_created, again.size_guides_updated) == (0, 0)
    assert again.size_guides_unchanged == 1
    assert (again.stock_changed, again.images_created) == (0, 0)
    assert snapshot() == before


def test_export_then_import_into_an_empty_shop_round_trips(db, tmp_path):
    import_seed(warm_renditions=False)
    original = canonical()

    path = catalog_export(out_dir=tmp_path / "export")
    for category in CategoryPage.objects.child_of(home_page()):
        category.delete()
    get_image_model().objects.all().delete()
    StockLevel.objects.all().delete()
    SizeGuide.objects.all().delete()
    assert not ProductPage.objects.exists()

    data, base_dir = catalog_load(path=path.parent)
    report = catalog_import(data=data, base_dir=base_dir, warm_renditions=False)

    assert report.products_created == len(original["products"])
    assert report.size_guides_created == len(original["size_guides"]) == 1
    assert canonical() == original
    assert any(p[-1] == "Adult T-shirts" for p in original["products"])
    exported = json.loads(path.read_text())
    assert exported["products"][0]["base_price"] == "19.90"
    image_files = list((tmp_path / "export" / "images").iterdir())
    assert len(image_files) == get_image_model().objects.count()


# --- Small catalogs -------------------------------------------------------------------------


def test_missing_variants_are_generated_at_the_base_price(db):
    report = catalog_import(data=small_catalog(), base_dir=None, warm_renditions=False)

    assert (report.categories_created, report.products_created) == (2, 1)
    tee = ProductPage.objects.get(slug="test-tee")
    assert tee.live
    assert tee.get_parent().slug == "tees"
    assert [(v.sku, v.price_amount) for v in tee.variants.all()] == [
        ("TEST-TEE-BLACK-S", Decimal("19.90")),
        ("TEST-TEE-BLACK-XXL", Decimal("21.90")),
        ("TEST-TEE-WHITE-S", Decimal("19.90")),
        ("TEST-TEE-WHITE-XXL", Decimal("19.90")),
    ]
    assert dict(StockLevel.objects.values_list("sku", "quantity")) == {
        "TEST-TEE-BLACK-S": 12,
        "TEST-TEE-BLACK-XXL": 3,
        "TEST-TEE-WHITE-S": 0,
        "TEST-TEE-WHITE-XXL": 0,
    }
    black, white = tee.colors.all()
    assert black.front_image and black.back_image and not black.left_image
    assert white.front_image_id != black.front_image_id
    assert report.images_created == 3


def test_team_order_prices_are_imported_updated_and_exported(db, tmp_path):
    data = small_catalog()
    data["products"][0]["name_price"] = "4.00"
    catalog_import(data=data, base_dir=None, warm_renditions=False)
    tee = ProductPage.objects.get(slug="test-tee")
    assert (tee.name_price_amount, tee.number_price_amount) == (
        Decimal("4.00"),
        Decimal("0.00"),
    )

    data["products"][0]["number_price"] = "2.50"
    report = catalog_import(data=data, base_dir=None, warm_renditions=False)
    tee.refresh_from_db()
    assert report.products_updated == 1
    assert tee.number_price_amount == Decimal("2.50")

    exported = json.loads(catalog_export(out_dir=tmp_path / "export").read_text())
    entry = exported["products"][0]
    assert (entry["name_price"], entry["number_price"]) == ("4.00", "2.50")


def test_a_changed_product_gets_exactly_one_new_revision(db):
    catalog_import(data=small_catalog(), base_dir=None, warm_renditions=False)
    tee = ProductPage.objects.get(slug="test-tee")
    revisions = Revision.objects.count()
    data = small_catalog()
    data["products"][0]["base_price"] = "22.50"
    data["products"][0]["sizes"] = ["S", "M", "XXL"]
    data["stock"]["TEST-TEE-BLACK-S"] = 7

    report = catalog_import(data=data, base_dir=None, warm_renditions=False)

    assert (report.products_updated, report.categories_unchanged) == (1, 2)
    assert report.stock_changed == 1
    assert Revision.objects.count() == revisions + 1
    tee.refresh_from_db()
    assert tee.base_price_amount == Decimal("22.50")
    # Generated variants keep their SKU and follow the base price; listed ones keep
    # their own price.
    assert [(v.sku, v.price_amount) for v in tee.variants.all()] == [
        ("TEST-TEE-BLACK-S", Decimal("22.50")),
        ("TEST-TEE-BLACK-M", Decimal("22.50")),
        ("TEST-TEE-BLACK-XXL", Decimal("21.90")),
        ("TEST-TEE-WHITE-S", Decimal("22.50")),
        ("TEST-TEE-WHITE-M", Decimal("22.50")),
        ("TEST-TEE-WHITE-XXL", Decimal("22.50")),
    ]
    assert StockLevel.objects.get(sku="TEST-TEE-BLACK-S").quantity == 7
    assert StockLevel.objects.get(sku="TEST-TEE-WHITE-M").quantity == 0


def test_skus_can_move_between_combinations_of_one_product(db):
    catalog_import(data=small_catalog(), base_dir=None, warm_renditions=False)
    data = small_catalog()
    data["products"][0]["variants"] = [
        {"sku": "TEST-TEE-BLACK-XXL", "color": "White", "size": "XXL"},
        {"sku": "TEST-TEE-WHITE-XXL", "color": "Black", "size": "XXL"},
    ]

    report = catalog_import(data=data, base_dir=None, warm_renditions=False)

    assert report.products_updated == 1
    tee = ProductPage.objects.get(slug="test-tee")
    assert {(v.color, v.size): v.sku for v in tee.variants.all()}[
        ("White", "XXL")
    ] == "TEST-TEE-BLACK-XXL"


def test_an_unpublished_product_is_published_again(db):
    catalog_import(data=small_catalog(), base_dir=None, warm_renditions=False)
    ProductPage.objects.get(slug="test-tee").unpublish()

    report = catalog_import(data=small_catalog(), base_dir=None, warm_renditions=False)

    assert report.products_updated == 1
    assert ProductPage.objects.get(slug="test-tee").live


def test_renditions_the_storefront_uses_are_made_once(db):
    report = catalog_import(data=small_catalog(), base_dir=None)

    tee = ProductPage.objects.get(slug="test-tee")
    black, white = tee.colors.all()

    def specs(image):
        return set(image.renditions.values_list("filter_spec", flat=True))

    assert specs(black.front_image) == {
        *CARD_RENDITIONS,
        *DETAIL_RENDITIONS,
        *THUMB_RENDITIONS,
    }
    assert specs(black.back_image) == {*DETAIL_RENDITIONS, *THUMB_RENDITIONS}
    assert specs(white.front_image) == set(DETAIL_RENDITIONS)
    assert report.renditions_created == 5 + 3 + 2
    assert catalog_import(data=small_catalog(), base_dir=None).renditions_created == 0


def _png(path: Path, color: str) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 40), color).save(buffer, format="PNG")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())
    return buffer.getvalue()


def test_file_images_are_read_relative_to_the_catalog_and_stored_once(db, tmp_path):
    content = _png(tmp_path / "images" / "black.png", "black")
    data = small_catalog()
    for color in data["products"][0]["colors"]:
        color["images"] = {"front": {"file": "images/black.png"}}
    (tmp_path / "catalog.json").write_text(json.dumps(data))

    loaded, base_dir = catalog_load(path=tmp_path)
    report = catalog_import(data=loaded, base_dir=base_dir, warm_renditions=False)

    assert report.images_created == 1
    image = ProductPage.objects.get(slug="test-tee").colors.first().front_image
    assert _file_sha1(image) == hashlib.sha1(content).hexdigest()


def test_json_numbers_are_read_as_decimals(db, tmp_path):
    text = json.dumps(small_catalog()).replace('"19.90"', "19.9")
    (tmp_path / "catalog.json").write_text(text)

    data, base_dir = catalog_load(path=tmp_path / "catalog.json")
    catalog_import(data=data, base_dir=base_dir, warm_renditions=False)

    assert data["products"][0]["base_price"] == Decimal("19.9")
    tee = ProductPage.objects.get(slug="test-tee")
    assert tee.base_price_amount == Decimal("19.90")


# --- Size guides ---------------------------------------------------------------------------


def test_a_guide_is_stored_as_the_editor_stores_a_table_and_shows_on_the_page(
    db, client
):
    report = catalog_import(data=small_catalog(), base_dir=None, warm_renditions=False)

    assert report.size_guides_created == 1
    guide = SizeGuide.objects.get()
    tee = ProductPage.objects.get(slug="test-tee")
    assert tee.size_guide == guide
    assert tee.get_latest_revision_as_object().size_guide_id == guide.pk
    assert guide.intro == "Measured flat."
    (block,) = guide.table
    assert block.block_type == "table"
    assert block.value == {
        "data": GUIDE_ROWS,
        "cell": [],
        "mergeCells": [],
        "first_row_is_table_header": True,
        "first_col_is_header": True,
        "table_header_choice": "both",
        "table_caption": "",
    }
    guide.full_clean()  # what the snippet editor checks on save
    html = client.get(tee.url).content.decode()
    table = html.split('class="size-guide__table"')[1].split("</table>")[0]
    assert '<th scope="col"' in table and "Length (cm)" in table
    assert '<th scope="row"' in table and "XXL" in table
    assert "<p>Measured flat.</p>" in html


def test_a_changed_guide_is_updated_in_place_and_its_products_keep_their_revision(db):
    catalog_import(data=small_catalog(), base_dir=None, warm_renditions=False)
    guide = SizeGuide.objects.get()
    revisions = Revision.objects.count()
    data = small_catalog()
    data["size_guides"][0]["rows"][1][1] = "93"
    data["size_guides"][0]["intro"] = "Measured flat, in cm."

    report = catalog_import(data=data, base_dir=None, warm_renditions=False)

    assert (report.size_guides_updated, report.products_unchanged) == (1, 1)
    assert Revision.objects.count() == revisions
    guide.refresh_from_db()
    assert guide.intro == "Measured flat, in cm."
    assert size_guide_tables(guide=guide)[0].rows[1] == ["S", "93", "70"]
    assert ProductPage.objects.get(slug="test-tee").size_guide_id == guide.pk


def test_a_guide_an_editor_made_with_other_headers_is_brought_in_line(db):
    guide = SizeGuide.objects.create(
        name="Tees",
        intro="Measured flat.",
        table=[
            (
                "table",
                {
                    "data": [[None, *GUIDE_ROWS[0][1:]], *GUIDE_ROWS[1:]],
                    "first_row_is_table_header": True,
                    "first_col_is_header": False,
                },
            )
        ],
    )
    data = small_catalog()
    data["size_guides"][0]["rows"][0][0] = ""  # an empty cell, stored as null

    report = catalog_import(data=data, base_dir=None, warm_renditions=False)
    again = catalog_import(data=data, base_dir=None, warm_renditions=False)

    assert report.size_guides_updated == 1
    assert again.size_guides_unchanged == 1
    guide.refresh_from_db()
    (table,) = size_guide_tables(guide=guide)
    assert table.first_col_is_header and table.rows[0][0] == ""


def test_a_product_without_a_guide_in_the_file_has_none(db):
    # Like every optional product key: the file describes the whole product.
    catalog_import(data=small_catalog(), base_dir=None, warm_renditions=False)
    revisions = Revision.objects.count()
    data = small_catalog()
    del data["size_guides"]  # a file written before guides travelled with it
    del _product(data)["size_guide"]

    report = catalog_import(data=data, base_dir=None, warm_renditions=False)

    assert report.products_updated == 1
    assert Revision.objects.count() == revisions + 1
    assert ProductPage.objects.get(slug="test-tee").size_guide is None
    # Guides the file does not mention stay as they are.
    assert SizeGuide.objects.get().intro == "Measured flat."
    assert catalog_import(data=data, base_dir=None, warm_renditions=False).updated == 0


def test_a_product_may_name_a_guide_of_the_shop(db):
    guide = SizeGuide.objects.create(name="Kids", table=[])
    data = small_catalog()
    _product(data)["size_guide"] = "Kids"

    report = catalog_import(data=data, base_dir=None, warm_renditions=False)

    assert report.size_guides_created == 1  # "Tees", from the file
    assert ProductPage.objects.get(slug="test-tee").size_guide_id == guide.pk
    guide.refresh_from_db()
    assert list(guide.table) == []  # not in the file: not touched


def test_the_export_writes_every_guide_and_each_products_guide(db, tmp_path):
    catalog_import(data=small_catalog(), base_dir=None, warm_renditions=False)
    SizeGuide.objects.create(
        name="Caps",
        table=[("table", {"data": [["Size", "Head"], ["One size", None]]})],
    )

    path = catalog_export(out_dir=tmp_path / "out")

    data = json.loads(path.read_text())
    assert data["size_guides"] == [
        {"name": "Caps", "intro": "", "rows": [["Size", "Head"], ["One size", ""]]},
        {"name": "Tees", "intro": "Measured flat.", "rows": GUIDE_ROWS},
    ]
    assert _product(data)["size_guide"] == "Tees"
    ProductPage.objects.update(size_guide=None)
    exported = json.loads(catalog_export(out_dir=tmp_path / "again").read_text())
    assert _product(exported)["size_guide"] is None


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ([], "Size guide “Caps”: has 0 tables; the catalog file carries one."),
        (
            [("table", {"data": [["Size"], ["S"]]})] * 2,
            "Size guide “Caps”: has 2 tables",
        ),
        (
            [("table", {"data": [["Size", "Head"], ["S", "54\n56"]]})],
            "Size guide “Caps”, rows[1][1]: remove the control characters.",
        ),
        (
            [("table", {"data": [["Size"]] * 31})],
            "Size guide “Caps”, rows: must list at most 30.",
        ),
    ],
    ids=["no-table", "two-tables", "line-break", "31-rows"],
)
def test_the_export_refuses_a_guide_the_file_cannot_carry(db, tmp_path, table, message):
    catalog_import(data=small_catalog(), base_dir=None, warm_renditions=False)
    SizeGuide.objects.create(name="Caps", table=table)

    with pytest.raises(CatalogExportError) as caught:
        catalog_export(out_dir=tmp_path / "out")

    assert message in str(caught.value)
    assert "Snippets > Size guides" in str(caught.value)
    assert not (tmp_path / "out" / "catalog.json").exists()


# --- Problems -----------------------------------------------------------------------------


def _product(data: dict) -> dict:
    return data["products"][0]


def _second_product(data: dict) -> None:
    other = copy.deepcopy(_product(data))
    other["slug"] = "other-tee"
    data["products"].append(other)


PROBLEMS = {
    "missing key": (
        lambda d: _product(d).pop("title"),
        "products[0] (test-tee): “title” is required.",
    ),
    "unknown key": (
        lambda d: _product(d).update(colour="red"),
        "products[0] (test-tee): “colour” is not a known key (allowed: “slug”,",
    ),
    "wrong type": (
        lambda d: _product(d).update(sizes="S, M"),
        "products[0] (test-tee).sizes: must be a list, not a string",
    ),
    "unknown category": (
        lambda d: _product(d).update(category="hats"),
        "“hats” is not a category in this file",
    ),
    "unknown parent": (
        lambda d: d["categories"][1].update(parent="clothing"),
        "categories[1] (tees).parent: “clothing” is not a category in this file.",
    ),
    "parent loop": (
        lambda d: d["categories"][0].update(parent="tees"),
        "categories[0] (apparel).parent: the parents form a loop: apparel > tees > "
        "apparel.",
    ),
    "duplicate SKU in the file": (
        _second_product,
        "the SKU TEST-TEE-BLACK-XXL is also listed for products[0] (test-tee)",
    ),
    "variant color": (
        lambda d: _product(d)["variants"][0].update(color="Red"),
        "the color “Red” is not one of its colors",
    ),
    "variant size": (
        lambda d: _product(d)["variants"][0].update(size="XL"),
        "the size “XL” is not one of its sizes",
    ),
    "print area out of bounds": (
        lambda d: _product(d)["print_areas"][0].update(left="70"),
        "the rectangle reaches outside the mockup",
    ),
    "bad hex": (
        lambda d: _product(d)["colors"][0].update(hex="#12345g"),
        "“#12345g” is not a hex color",
    ),
    "negative price": (
        lambda d: _product(d).update(base_price="-1.00"),
        "base_price: -1.00 must not be negative",
    ),
    "zero base price": (
        lambda d: _product(d).update(base_price="0.00"),
        "products[0] (test-tee).base_price: 0.00 must be more than 0.",
    ),
    "zero variant price": (
        lambda d: _product(d)["variants"][0].update(price="0"),
        "variants[0] (TEST-TEE-BLACK-XXL).price: 0 must be more than 0.",
    ),
    "price above the editor's maximum": (
        lambda d: _product(d).update(base_price="10000.01"),
        "base_price: 10000.01 must not be above 10000.00.",
    ),
    "print area price above the editor's maximum": (
        lambda d: _product(d)["print_areas"][0].update(price="99999999.00"),
        "print_areas[0].price: 99999999.00 must not be above 10000.00.",
    ),
    "three decimals": (
        lambda d: _product(d)["variants"][0].update(price="21.905"),
        "21.905 has more than two decimal places",
    ),
    "float price": (
        lambda d: _product(d).update(base_price=19.9),
        'must be a string such as "19.90", not a float',
    ),
    "negative stock": (
        lambda d: d["stock"].update({"TEST-TEE-BLACK-S": -2}),
        "stock.TEST-TEE-BLACK-S: -2 must not be negative",
    ),
    "stock over the grid's limit": (
        lambda d: d["stock"].update({"TEST-TEE-BLACK-S": 1_000_001}),
        "stock.TEST-TEE-BLACK-S: 1000001 must be at most 1000000",
    ),
    "stock of an unknown SKU": (
        lambda d: d["stock"].update({"NOPE-1": 2}),
        "stock.NOPE-1: no product in the file or the shop has this SKU",
    ),
    "unknown view": (
        lambda d: _product(d)["colors"][0]["images"].update(top={}),
        "unknown view “top”",
    ),
    "unknown shape": (
        lambda d: _product(d)["colors"][0]["images"].update(
            back={"generate": {"shape": "sock"}}
        ),
        "unknown shape “sock”",
    ),
    "missing front image": (
        lambda d: _product(d)["colors"][1].update(images={}),
        "a front image is required",
    ),
    "missing image file": (
        lambda d: _product(d)["colors"][0]["images"].update(
            back={"file": "images/nope.png"}
        ),
        "the image file images/nope.png does not exist",
    ),
    "bad SKU": (
        lambda d: _product(d)["variants"][0].update(sku="tee xxl"),
        "“tee xxl” is not a SKU",
    ),
    "duplicate size": (
        lambda d: _product(d).update(sizes=["S", "S"]),
        "the size “S” is listed twice",
    ),
    "unknown size guide": (
        lambda d: _product(d).update(size_guide="Hats"),
        "products[0] (test-tee).size_guide: “Hats” is not a size guide in this file "
        "or the shop.",
    ),
    "duplicate size guide": (
        lambda d: d["size_guides"].append(copy.deepcopy(d["size_guides"][0])),
        "size_guides[1] (Tees): size_guides[0] (Tees) has the same name.",
    ),
    "guide with one row": (
        lambda d: d["size_guides"][0].update(rows=[["Size", "Chest (cm)"]]),
        "size_guides[0] (Tees).rows: must list at least 2.",
    ),
    "guide with 31 rows": (
        lambda d: d["size_guides"][0].update(rows=[["S", "92"]] * 31),
        "size_guides[0] (Tees).rows: must list at most 30.",
    ),
    "guide with 13 columns": (
        lambda d: d["size_guides"][0].update(rows=[["x"] * 13, ["y"] * 13]),
        "size_guides[0] (Tees).rows[0]: must list at most 12.",
    ),
    "guide with an empty row": (
        lambda d: d["size_guides"][0]["rows"].append([]),
        "size_guides[0] (Tees).rows[3]: must list at least 1.",
    ),
    "guide with rows of different lengths": (
        lambda d: d["size_guides"][0]["rows"][2].pop(),
        "size_guides[0] (Tees).rows: rows[2] has 2 cells and rows[0] 3; every row "
        "needs as many cells as the first.",
    ),
    "guide cell too long": (
        lambda d: d["size_guides"][0]["rows"][1].__setitem__(1, "9" * 101),
        "size_guides[0] (Tees).rows[1][1]: is 101 characters long; the limit is 100.",
    ),
    "guide cell with a line break": (
        lambda d: d["size_guides"][0]["rows"][1].__setitem__(1, "92\n94"),
        "size_guides[0].rows[1][1]: remove the control characters.",
    ),
    "guide cell a number": (
        lambda d: d["size_guides"][0]["rows"][1].__setitem__(1, 92),
        "size_guides[0] (Tees).rows[1][1]: must be a string, not a number.",
    ),
    "guide intro with a line break": (
        lambda d: d["size_guides"][0].update(intro="Measured\nflat."),
        "size_guides[0] (Tees).intro: remove the control characters.",
    ),
    "guide without a name": (
        lambda d: d["size_guides"][0].update(name=""),
        "size_guides[0].name: must not be empty.",
    ),
}


@pytest.mark.parametrize("case", PROBLEMS, ids=list(PROBLEMS))
def test_a_problem_is_reported_and_nothing_changes(db, tmp_path, case):
    catalog_import(data=small_catalog(), base_dir=tmp_path, warm_renditions=False)
    before = snapshot()
    data = small_catalog()
    _product(data)["title"] = "Renamed Tee"  # a valid change that must not land
    break_it, message = PROBLEMS[case]
    break_it(data)

    with pytest.raises(CatalogImportError) as caught:
        catalog_import(data=data, base_dir=tmp_path, warm_renditions=False)

    assert message in str(caught.value)
    assert "nothing was imported" in str(caught.value)
    assert snapshot() == before
    assert ProductPage.objects.get(slug="test-tee").title == "Test Tee"


def test_every_problem_is_listed_at_once(db):
    data = small_catalog()
    _product(data).update(base_price="-1", sizes=["S", "XXL", "S"])
    _product(data)["colors"][0]["hex"] = "black"
    data["stock"]["TEST-TEE-BLACK-S"] = "many"

    with pytest.raises(CatalogImportError) as caught:
        catalog_import(data=data, base_dir=None, warm_renditions=False)

    assert len(caught.value.problems) == 4
    assert "The catalog has 4 problems" in str(caught.value)
    assert not ProductPage.objects.exists()


def test_an_unsupported_version_is_refused(db):
    with pytest.raises(CatalogImportError, match="Unsupported catalog version 2"):
        catalog_import(data={**small_catalog(), "version": 2}, base_dir=None)


def test_a_sku_of_another_product_in_the_shop_is_refused(catalog_tree):
    taken = catalog_tree["products"][0].variants.first()
    data = small_catalog()
    _product(data)["variants"][0]["sku"] = taken.sku
    before = snapshot()

    with pytest.raises(CatalogImportError) as caught:
        catalog_import(data=data, base_dir=None, warm_renditions=False)

    assert f"the SKU {taken.sku} belongs to another product, “Classic Tee”" in str(
        caught.value
    )
    assert snapshot() == before


def test_a_slug_taken_by_another_page_type_is_refused(db):
    page = ContentPage(title="Apparel info", slug="apparel")
    home_page().add_child(instance=page)

    with pytest.raises(CatalogImportError, match="the slug is taken by the content"):
        catalog_import(data=small_catalog(), base_dir=None, warm_renditions=False)

    assert not CategoryPage.objects.exists()


def test_file_images_must_stay_inside_the_catalog_directory(db, tmp_path):
    _png(tmp_path / "outside.png", "red")
    base_dir = tmp_path / "catalog"
    base_dir.mkdir()
    data = small_catalog()
    _product(data)["colors"][0]["images"]["back"] = {"file": "../outside.png"}

    with pytest.raises(CatalogImportError, match="outside the catalog's directory"):
        catalog_import(data=data, base_dir=base_dir, warm_renditions=False)


# --- Commands -------------------------------------------------------------------------------


def test_import_catalog_command_prints_the_report(db, tmp_path):
    (tmp_path / "catalog.json").write_text(json.dumps(small_catalog()))
    out = io.StringIO()

    call_command("import_catalog", str(tmp_path), "--no-renditions", stdout=out)

    assert "Products: 1 created, 0 updated, 0 unchanged." in out.getvalue()
    assert ProductPage.objects.filter(slug="test-tee").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "There is no catalog file at"),
        ('{"version": 1,', "is not valid JSON"),
        ("[1, 2]", "must hold a JSON object"),
        (
            '{"version": 1, "products": [{}]}',
            "products\\[0\\]: “slug”, “category”, “title”, “base_price”, “colors”, "
            "“sizes” are required.",
        ),
    ],
)
def test_import_catalog_command_fails_cleanly(db, tmp_path, content, message):
    path = tmp_path / "catalog.json"
    if content is not None:
        path.write_text(content)

    with pytest.raises(CommandError, match=message):
        call_command("import_catalog", str(path), stdout=io.StringIO())

    assert not CategoryPage.objects.exists()


def test_export_catalog_command_writes_the_file_and_images(db, tmp_path):
    catalog_import(data=small_catalog(), base_dir=None, warm_renditions=False)
    out = io.StringIO()

    call_command("export_catalog", str(tmp_path / "out"), stdout=out)

    data = json.loads((tmp_path / "out" / "catalog.json").read_text())
    assert "Exported 2 categories, 1 products, 1 size guides" in out.getvalue()
    assert [c["slug"] for c in data["categories"]] == ["apparel", "tees"]
    assert data["stock"]["TEST-TEE-BLACK-XXL"] == 3
    variant = data["products"][0]["variants"][1]
    assert variant == {
        "sku": "TEST-TEE-BLACK-XXL",
        "color": "Black",
        "size": "XXL",
        "price": "21.90",
    }
    front = data["products"][0]["colors"][0]["images"]["front"]["file"]
    assert (tmp_path / "out" / front).is_file()
    assert len(list((tmp_path / "out" / "images").iterdir())) == 3


# --- One shape, shared with the rest of the shop --------------------------------------------


def test_prices_follow_the_product_editor(db):
    from shop.core.forms import PRICE_MAX

    data = small_catalog()
    _product(data)["base_price"] = str(PRICE_MAX)
    _product(data)["print_areas"][0]["price"] = "0"

    catalog_import(data=data, base_dir=None, warm_renditions=False)

    tee = ProductPage.objects.get(slug="test-tee")
    assert tee.base_price_amount == PRICE_MAX
    assert tee.print_areas.get().price_amount == Decimal("0.00")


def test_a_catalog_in_another_currency_is_refused(db, settings):
    settings.SHOP_CURRENCY = "EUR"
    data = {**small_catalog(), "currency": "USD"}

    with pytest.raises(CatalogImportError) as caught:
        catalog_import(data=data, base_dir=None, warm_renditions=False)

    assert str(caught.value) == (
        "The catalog has 1 problem; nothing was imported.\n- currency: the prices are "
        "in 'USD', but this shop sells in EUR; convert the prices first."
    )
    assert not ProductPage.objects.exists()


def test_a_catalog_in_the_shop_currency_or_without_one_imports(db, settings):
    settings.SHOP_CURRENCY = "CHF"
    catalog_import(
        data={**small_catalog(), "currency": "CHF"},
        base_dir=None,
        warm_renditions=False,
    )
    report = catalog_import(data=small_catalog(), base_dir=None, warm_renditions=False)

    assert report.unchanged == 3


def test_the_export_is_written_through_the_import_schema(db, tmp_path, settings):
    from shop.catalog.importexport.schema import CatalogFile
    from shop.core.schema import Schema

    settings.SHOP_CURRENCY = "CHF"
    catalog_import(data=small_catalog(), base_dir=None, warm_renditions=False)

    path = catalog_export(out_dir=tmp_path / "out")
    data, _base_dir = catalog_load(path=path)

    assert data["currency"] == "CHF"
    assert issubclass(CatalogFile, Schema)  # the designer's and checkout's base too
    assert CatalogFile.model_validate(data).model_dump(mode="json") == json.loads(
        path.read_text()
    )
