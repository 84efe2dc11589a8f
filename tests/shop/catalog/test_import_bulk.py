"""New products are written in bulk; the result is what an editor's Publish leaves."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision

from bench.generate_catalog import catalog
from shop.catalog.importexport import catalog_import
from shop.catalog.models import ProductPage, StockLevel
from shop.catalog.selectors import product_search

pytestmark = pytest.mark.django_db


def imported(products: int, seed: int = 5):
    data = catalog(products=products, seed=seed)
    return data, catalog_import(data=data, base_dir=None, warm_renditions=False)


def test_bulk_products_are_live_pages_with_one_published_revision_and_history():
    data, report = imported(30)

    products = ProductPage.objects.filter(slug__startswith="bench-").order_by("path")
    assert report.products_created == products.count() == 30
    for product in products:
        assert product.live and not product.has_unpublished_changes
        assert product.live_revision_id == product.latest_revision_id
        assert product.url == f"/bench/bench-catalog/{product.slug}/"
        assert Revision.page_revisions.filter(object_id=str(product.pk)).count() == 1
        actions = set(
            PageLogEntry.objects.filter(page=product).values_list("action", flat=True)
        )
        assert actions == {"wagtail.create", "wagtail.publish"}
    # The tree is sound: paths, depths and the category's child count.
    assert Page.find_problems() == ([], [], [], [], [])
    category = products.first().get_parent()
    assert category.numchild == 30 and category.get_children().count() == 30
    # Stock as listed, rows and revision content as the editor would store them.
    first = products.first()
    entry = next(p for p in data["products"] if p["slug"] == first.slug)
    assert [c.name for c in first.colors.all()] == [c["name"] for c in entry["colors"]]
    sku = entry["variants"][0]["sku"]
    assert StockLevel.objects.get(sku=sku).quantity == data["stock"][sku]
    revision = first.live_revision.as_object()
    assert [v.sku for v in revision.variants.all()] == [
        v["sku"] for v in entry["variants"]
    ]


def test_a_bulk_product_is_found_by_search_and_its_images_are_referenced():
    imported(8)
    product = ProductPage.objects.filter(slug__startswith="bench-").first()
    word = product.title.split()[0]

    assert product.pk in [card.page.pk for card in product_search(query=word)]
    image = product.colors.first().front_image
    assert ReferenceIndex.get_references_to(image).exists()


def test_an_editor_can_edit_move_and_publish_a_bulk_product(catalog_tree):
    imported(5)
    product = ProductPage.objects.filter(slug__startswith="bench-").first()

    product.title = "Edited by hand"
    product.save_revision().publish()
    product.move(catalog_tree["shirts"], pos="last-child")

    product.refresh_from_db()
    assert product.title == "Edited by hand"
    assert Page.find_problems() == ([], [], [], [], [])


def test_importing_more_adds_products_and_changes_none_of_the_first():
    imported(10)
    revisions = Revision.objects.count()

    _data, report = imported(25)

    assert report.products_unchanged == 10
    assert report.products_created == 15
    assert Revision.objects.count() == revisions + 15


def test_statements_per_new_product_stay_low():
    data = catalog(products=60, seed=9)
    with CaptureQueriesContext(connection) as queries:
        catalog_import(data=data, base_dir=None, warm_renditions=False)

    # About 300 per product through add_child, save_revision and publish one by
    # one; in bulk a handful per batch plus indexing.
    assert len(queries) / 60 < 30, len(queries)


def test_the_command_draws_a_progress_bar_when_asked(tmp_path):
    import io
    import json

    from django.core.management import call_command

    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(catalog(products=6, seed=4)))
    err, out = io.StringIO(), io.StringIO()

    call_command(
        "import_catalog",
        str(path),
        "--progress",
        "--no-renditions",
        stdout=out,
        stderr=err,
    )

    frames = err.getvalue().split("\r")
    assert any("products" in f and "6/6" in f for f in frames)
    assert any(f.startswith("indexing") for f in frames)
    assert "Products: 6 created" in out.getvalue()
    quiet = io.StringIO()
    call_command(
        "import_catalog", str(path), "--no-renditions", stderr=quiet, stdout=out
    )
    assert quiet.getvalue() == ""  # not a terminal, not asked: no bar
