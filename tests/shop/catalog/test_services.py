import threading
from decimal import Decimal

import pytest
from django.db import connection

from shop.catalog.exceptions import StockError
from shop.catalog.models import (
    SKU_VALIDATOR,
    ProductColor,
    ProductPage,
    ProductSize,
    ProductVariant,
    StockLevel,
)
from shop.catalog.services import (
    product_fill_variants,
    product_stock_ensure_rows,
    product_variants_sync,
    sku_generate,
    stock_decrement,
    stock_ensure_rows,
    stock_set,
)
from tests.factories.catalog import product_create


def test_missing_combinations_get_variants_with_sku_and_base_price(db):
    product = ProductPage(
        title="Crew Neck", slug="crew-neck", base_price_amount=Decimal("18.00")
    )
    product.colors = [ProductColor(name="Forest Green"), ProductColor(name="Black")]
    product.sizes = [ProductSize(name="M"), ProductSize(name="2XL")]

    added = product_fill_variants(product=product)

    assert {(v.color, v.size, v.sku) for v in added} == {
        ("Forest Green", "M", "CREW-NECK-FOREST-GREEN-M"),
        ("Forest Green", "2XL", "CREW-NECK-FOREST-GREEN-2XL"),
        ("Black", "M", "CREW-NECK-BLACK-M"),
        ("Black", "2XL", "CREW-NECK-BLACK-2XL"),
    }
    assert all(v.price_amount == Decimal("18.00") for v in added)
    assert len(product.variants.all()) == 4
    assert product_fill_variants(product=product) == []


def test_generated_skus_avoid_skus_of_other_products(catalog_tree):
    tee = catalog_tree["products"][0]
    taken_by_tee = tee.variants.first().sku
    other = ProductPage(title="x", slug="x", base_price_amount=Decimal("1"))

    sku = sku_generate(product=other, color="a", size="b", taken={"X-A-B"})

    assert sku == "X-A-B-2"
    assert sku != taken_by_tee


@pytest.mark.parametrize(
    ("slug", "color", "size"),
    [
        ("футболка", "Чёрный", "Ш"),
        ("tee", "★", "☆"),
        ("tee", "-Noir-", "XL"),
        ("t" * 29 + "-x", "a" * 15 + "-b", "XL"),
    ],
)
def test_a_generated_sku_is_a_valid_sku_whatever_the_names(db, slug, color, size):
    product = ProductPage(title="x", slug=slug, base_price_amount=Decimal("1"))

    first = sku_generate(product=product, color=color, size=size, taken=set())
    second = sku_generate(product=product, color=color, size=size, taken={first})
    again = sku_generate(product=product, color=color, size=size, taken=set())

    SKU_VALIDATOR(first)
    SKU_VALIDATOR(second)
    assert "--" not in first
    assert first.count("-") >= 2
    assert second == f"{first}-2"
    assert again == first


def test_names_without_latin_letters_give_different_skus(db):
    product = ProductPage(title="x", slug="футболка", base_price_amount=Decimal("1"))

    skus = {
        sku_generate(product=product, color=color, size="Ш", taken=set())
        for color in ("Чёрный", "Белый", "Синий")
    }

    assert len(skus) == 3


def test_stock_rows_are_created_once(db):
    assert stock_ensure_rows(skus=["A-1", "A-2"]) == 2
    stock_set(sku="A-1", quantity=4)

    assert stock_ensure_rows(skus=["A-1", "A-2", "A-3"]) == 1
    assert dict(StockLevel.objects.values_list("sku", "quantity")) == {
        "A-1": 4,
        "A-2": 0,
        "A-3": 0,
    }


def test_stock_set_refuses_negative_quantities(db):
    stock_set(sku="A-1", quantity=3)

    with pytest.raises(StockError, match="cannot be negative"):
        stock_set(sku="A-1", quantity=-1)

    assert StockLevel.objects.get(sku="A-1").quantity == 3


@pytest.mark.parametrize(
    "quantity", [1_000_001, 2**31, 10**30, True, 2.0, "3", Decimal("4"), None]
)
def test_stock_set_refuses_what_the_grid_and_the_import_refuse(db, quantity):
    stock_set(sku="A-1", quantity=3)

    with pytest.raises(StockError) as raised:
        stock_set(sku="A-1", quantity=quantity)

    assert raised.value.code == "invalid_quantity"
    assert StockLevel.objects.get(sku="A-1").quantity == 3
    assert not StockLevel.objects.filter(sku="A-2").exists()


def test_stock_decrement_takes_units_only_when_enough_are_on_hand(db):
    stock_set(sku="A-1", quantity=3)

    stock_decrement(sku="A-1", quantity=2)
    with pytest.raises(StockError) as refused:
        stock_decrement(sku="A-1", quantity=2)
    assert (refused.value.code, refused.value.http_status) == ("out_of_stock", 409)
    assert "A-1" in str(refused.value)
    assert StockLevel.objects.get(sku="A-1").quantity == 1
    with pytest.raises(StockError) as invalid:
        stock_decrement(sku="A-1", quantity=0)
    assert (invalid.value.code, invalid.value.http_status) == ("invalid_quantity", 400)
    with pytest.raises(StockError, match="fewer than"):
        stock_decrement(sku="NO-SUCH-SKU", quantity=1)


@pytest.mark.django_db(transaction=True)
def test_concurrent_decrements_never_oversell(require_postgres):
    stock_set(sku="HOT-1", quantity=10)
    results: list[bool] = []
    barrier = threading.Barrier(25)

    def buy() -> None:
        barrier.wait()
        try:
            stock_decrement(sku="HOT-1", quantity=1)
            results.append(True)
        except StockError as error:
            assert error.code == "out_of_stock"
            results.append(False)
        finally:
            connection.close()

    threads = [threading.Thread(target=buy) for _ in range(25)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert results.count(True) == 10
    assert StockLevel.objects.get(sku="HOT-1").quantity == 0


def test_the_database_refuses_negative_stock(db):
    from django.db import IntegrityError, transaction

    stock_set(sku="A-1", quantity=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        StockLevel.objects.filter(sku="A-1").update(quantity=-1)


def test_generated_variants_follow_the_existing_ones_in_order(db):
    product = ProductPage(title="Mug", slug="mug", base_price_amount=Decimal("9.00"))
    product.colors = [ProductColor(name="White", sort_order=0)]
    product.sizes = [
        ProductSize(name="S", sort_order=0),
        ProductSize(name="L", sort_order=1),
    ]
    product.variants = [
        ProductVariant(
            sku="MUG-W-L",
            color="White",
            size="L",
            price_amount=Decimal("9"),
            sort_order=4,
        )
    ]

    added = product_fill_variants(product=product)

    assert [(v.sku, v.sort_order) for v in added] == [("MUG-WHITE-S", 5)]


def test_sync_removes_variants_of_missing_options_and_adds_missing_combinations(db):
    product = ProductPage(title="Tee", slug="tee", base_price_amount=Decimal("20.00"))
    product.colors = [ProductColor(name="Navy", sort_order=0)]
    product.sizes = [
        ProductSize(name="M", sort_order=0),
        ProductSize(name="XL", sort_order=1),
    ]
    kept = ProductVariant(
        sku="TEE-NAVY-M", color="Navy", size="M", price_amount=Decimal("22.00")
    )
    half_typed = ProductVariant(
        sku="TEE-NAVY-X", color="Navy", size="X", price_amount=Decimal("20.00")
    )
    old_color = ProductVariant(
        sku="TEE-SAND-M", color="Sand", size="M", price_amount=Decimal("20.00")
    )
    product.variants = [kept, half_typed, old_color]

    sync = product_variants_sync(product=product)

    assert {v.sku for v in sync.removed} == {"TEE-NAVY-X", "TEE-SAND-M"}
    assert [(v.color, v.size, v.sku) for v in sync.added] == [
        ("Navy", "XL", "TEE-NAVY-XL")
    ]
    assert [(v.sku, v.price_amount) for v in product.variants.all()] == [
        ("TEE-NAVY-M", Decimal("22.00")),
        ("TEE-NAVY-XL", Decimal("20.00")),
    ]
    assert not ProductVariant.objects.exists()  # in memory only: the caller saves


def test_options_without_a_name_make_no_variants(db):
    product = ProductPage(title="Tee", slug="tee", base_price_amount=Decimal("20.00"))
    product.colors = [ProductColor(name="Forest"), ProductColor(name="")]
    product.sizes = [ProductSize(name=" "), ProductSize(name="")]

    assert product_variants_sync(product=product).added == []
    product.sizes = [ProductSize(name="S")]
    assert [(v.color, v.size) for v in product_fill_variants(product=product)] == [
        ("Forest", "S")
    ]


def test_stock_rows_are_made_for_a_live_product_only(catalog_tree):
    draft = product_create(
        category=catalog_tree["shirts"], image=catalog_tree["image"], live=False
    )
    StockLevel.objects.all().delete()

    assert product_stock_ensure_rows(product=draft) == 0
    assert not StockLevel.objects.exists()

    draft.save_revision().publish()  # Wagtail's publish signal makes the rows

    live = ProductPage.objects.get(pk=draft.pk)
    assert set(StockLevel.objects.values_list("sku", "quantity")) == {
        (v.sku, 0) for v in live.variants.all()
    }
    assert product_stock_ensure_rows(product=live) == 0


def test_a_revision_published_with_orphaned_variants_neither_offers_nor_stocks_them(
    catalog_tree, client
):
    """A revision published without the editor's sync (the page listing's bulk
    publish of an autosave) may still carry variants of a deleted color."""
    product = product_create(
        category=catalog_tree["shirts"],
        image=catalog_tree["image"],
        colors=(("Navy", "#1f2a44"), ("Sand", "#d8c8a8")),
        sizes=("M",),
    )
    sand_sku = next(v.sku for v in product.variants.all() if v.color == "Sand")
    StockLevel.objects.all().delete()

    product = ProductPage.objects.get(pk=product.pk)
    product.colors = [c for c in product.colors.all() if c.name == "Navy"]
    product.save_revision().publish()

    live = ProductPage.objects.get(pk=product.pk)
    assert sand_sku in {v.sku for v in live.variants.all()}
    assert set(StockLevel.objects.values_list("sku", flat=True)) == {
        v.sku for v in live.variants.all() if v.color == "Navy"
    }
    response = client.get(live.url)
    assert response.status_code == 200
    offered = {v.sku for v in response.context["detail"].variants}
    assert sand_sku not in offered
    assert offered
