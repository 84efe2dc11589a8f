"""Catalog pages for tests, built through Wagtail's tree API like an editor would."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest
from wagtail.models import Site

from cms_pages.models import HomePage
from shop.catalog.mockups import mockup_png
from shop.catalog.models import (
    CategoryPage,
    PrintArea,
    ProductColor,
    ProductPage,
    ProductSize,
    ProductVariant,
    StockLevel,
)
from shop.catalog.services import image_store

_counter = itertools.count(1)


def home_page() -> HomePage:
    return HomePage.objects.get(pk=Site.objects.get(is_default_site=True).root_page_id)


def image_create(
    *, hex_code: str = "#222222", view: str = "front", shape: str = "tshirt"
):
    n = next(_counter)
    return image_store(
        content=mockup_png(shape=shape, hex_code=hex_code, view=view),
        filename=f"mockup-{n}.png",
        title=f"{shape} {hex_code} {view}",
    )


def category_create(*, parent=None, title: str | None = None, **fields) -> CategoryPage:
    parent = parent or home_page()
    n = next(_counter)
    title = title or f"Category {n}"
    page = CategoryPage(title=title, slug=f"category-{n}", show_in_menus=True, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def product_create(
    *,
    category: CategoryPage,
    title: str | None = None,
    colors: tuple[tuple[str, str], ...] = (("Black", "#111111"), ("White", "#ffffff")),
    sizes: tuple[str, ...] = ("S", "M", "L"),
    price: Decimal = Decimal("19.90"),
    stock: int = 10,
    image=None,
    live: bool = True,
) -> ProductPage:
    n = next(_counter)
    title = title or f"Product {n}"
    product = ProductPage(
        title=title,
        slug=f"product-{n}",
        base_price_amount=price,
        summary=f"{title}.",
        live=live,
    )
    product.colors = [
        ProductColor(name=name, hex_code=hex_code, front_image=image, sort_order=i)
        for i, (name, hex_code) in enumerate(colors)
    ]
    product.sizes = [
        ProductSize(name=size, sort_order=i) for i, size in enumerate(sizes)
    ]
    product.variants = [
        ProductVariant(
            sku=f"P{n}-{name[:3].upper()}-{size.upper().replace(' ', '')}",
            color=name,
            size=size,
            price_amount=price,
            sort_order=i,
        )
        for i, (name, size) in enumerate(
            (name, size) for name, _hex in colors for size in sizes
        )
    ]
    product.print_areas = [
        PrintArea(
            view="front",
            left_percent=Decimal("30"),
            top_percent=Decimal("25"),
            width_percent=Decimal("40"),
            height_percent=Decimal("45"),
            width_mm=300,
            height_mm=400,
            price_amount=Decimal("5.00"),
        )
    ]
    category.add_child(instance=product)
    if live:
        product.save_revision().publish()
    # Publishing already made zero rows for a live product's SKUs: set the count.
    StockLevel.objects.bulk_create(
        [StockLevel(sku=v.sku, quantity=stock) for v in product.variants.all()],
        update_conflicts=True,
        unique_fields=["sku"],
        update_fields=["quantity"],
    )
    return product


@pytest.fixture
def catalog_tree(db):
    """A small published catalog: two categories, three products with images."""
    image = image_create()
    shirts = category_create(title="T-shirts")
    mugs = category_create(title="Mugs")
    products = [
        product_create(category=shirts, title="Classic Tee", image=image),
        product_create(
            category=shirts,
            title="Heavy Tee",
            price=Decimal("24.50"),
            colors=(("Navy", "#1b2a4a"),),
            image=image,
        ),
        product_create(
            category=mugs,
            title="Enamel Mug",
            price=Decimal("12.00"),
            sizes=("One size",),
            colors=(("White", "#ffffff"),),
            image=image,
        ),
    ]
    return {"shirts": shirts, "mugs": mugs, "products": products, "image": image}
