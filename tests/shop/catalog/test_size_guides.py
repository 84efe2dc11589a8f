import pytest

from shop.catalog.models import ProductPage, SizeGuide
from shop.catalog.size_guides import TEE_GUIDE_NAME, size_guide_demo_ensure
from tests.factories.catalog import category_create, product_create

pytestmark = pytest.mark.django_db


def test_the_demo_size_guide_is_linked_to_the_seed_tees_once(client):
    category = category_create(title="T-shirts")
    tee = product_create(category=category, title="Classic Organic Tee")
    mug = product_create(category=category, title="Mug")
    ProductPage.objects.filter(pk=tee.pk).update(slug="classic-organic-tee")

    assert size_guide_demo_ensure() == 1
    assert size_guide_demo_ensure() == 0

    tee = ProductPage.objects.get(pk=tee.pk)
    assert tee.size_guide.name == TEE_GUIDE_NAME
    assert tee.get_latest_revision_as_object().size_guide_id == tee.size_guide_id
    assert ProductPage.objects.get(pk=mug.pk).size_guide is None
    assert SizeGuide.objects.count() == 1
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
