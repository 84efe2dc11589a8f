import json
from pathlib import Path

import pytest
from django.conf import settings

from shop.catalog.importexport import catalog_import, catalog_load
from shop.catalog.models import ProductPage, SizeGuide
from tests.factories.catalog import category_create, product_create

pytestmark = pytest.mark.django_db

SEED = Path(settings.BASE_DIR) / "fixtures" / "seed" / "catalog.json"


def test_the_seed_guide_is_linked_to_the_adult_tees_and_shown(client):
    # A shop seeded before the guide moved into the seed file holds it as the old
    # demo code stored it; the seed import finds it equal and leaves it alone.
    seed = json.loads(SEED.read_text())
    (entry,) = seed["size_guides"]
    SizeGuide.objects.create(
        name=entry["name"],
        intro=entry["intro"],
        table=[
            (
                "table",
                {
                    "data": entry["rows"],
                    "first_row_is_table_header": True,
                    "first_col_is_header": True,
                },
            )
        ],
    )
    data, base_dir = catalog_load(path=SEED)

    report = catalog_import(data=data, base_dir=base_dir, warm_renditions=False)

    assert report.size_guides_unchanged == 1
    guide = SizeGuide.objects.get()
    linked = {p["slug"] for p in seed["products"] if p.get("size_guide")}
    assert linked == {
        "classic-organic-tee",
        "premium-heavyweight-tee",
        "slim-v-neck-tee",
        "long-sleeve-tee",
    }
    assert (
        set(ProductPage.objects.filter(size_guide=guide).values_list("slug", flat=True))
        == linked
    )
    assert ProductPage.objects.get(slug="kids-organic-tee").size_guide is None
    tee = ProductPage.objects.get(slug="classic-organic-tee")
    html = client.get(tee.url).content.decode()
    assert "<summary>Size guide</summary>" in html and "Chest (cm)" in html


def test_editors_add_a_size_guide_and_pick_it_on_the_product(admin_client):
    category = category_create(title="T-shirts")
    tee = product_create(category=category)

    add = admin_client.get("/admin/snippets/catalog/sizeguide/add/")
    edit = admin_client.get(f"/admin/pages/{tee.pk}/edit/")

    assert add.status_code == 200
    assert edit.status_code == 200
    assert 'name="size_guide"' in edit.content.decode()


def test_an_imported_guide_opens_in_the_snippet_editor(admin_client):
    seed = json.loads(SEED.read_text())
    data = {"version": 1, "size_guides": seed["size_guides"]}
    catalog_import(data=data, base_dir=None, warm_renditions=False)
    guide = SizeGuide.objects.get()

    edit = admin_client.get(f"/admin/snippets/catalog/sizeguide/edit/{guide.pk}/")

    assert edit.status_code == 200
    html = edit.content.decode()
    assert "Chest (cm)" in html and "table_header_choice" in html
