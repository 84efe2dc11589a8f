import pytest
from wagtail.models import Page

from cms_pages.models import ContentPage, HomePage
from shop.catalog.models import CategoryPage, ProductPage

pytestmark = pytest.mark.django_db


def allowed_parents(model) -> set:
    return set(model.allowed_parent_page_models())


def allowed_children(model) -> set:
    return set(model.allowed_subpage_models())


def test_page_tree_rules():
    assert allowed_children(HomePage) == {CategoryPage, ContentPage}
    assert allowed_parents(CategoryPage) == {HomePage, CategoryPage}
    assert allowed_children(CategoryPage) == {CategoryPage, ProductPage}
    assert allowed_parents(ProductPage) == {CategoryPage}
    assert allowed_children(ProductPage) == set()
    assert allowed_parents(ContentPage) == {HomePage, ContentPage}
    assert allowed_parents(HomePage) == {Page}


def test_there_is_one_home_page_and_it_is_the_default_site_root():
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)

    assert HomePage.objects.count() == 1
    assert site.root_page.specific_class is HomePage
    assert not HomePage.can_create_at(Page.get_first_root_node())


def test_categories_nest(catalog_tree):
    from tests.factories.catalog import category_create, product_create

    child = category_create(parent=catalog_tree["shirts"], title="Organic")
    product = product_create(category=child, title="Deep Tee")

    assert child.get_parent().specific == catalog_tree["shirts"]
    assert (
        ProductPage.objects.descendant_of(catalog_tree["shirts"])
        .filter(pk=product.pk)
        .exists()
    )
