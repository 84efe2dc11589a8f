"""What the product page and the listings say is true: prices, stock, sizes, colors."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from shop.catalog.models import PrintArea, ProductColor, SizeGuide, StockLevel
from shop.catalog.selectors import (
    featured_products_get,
    product_detail_get,
    sizes_merge,
)
from tests.factories.catalog import category_create, image_create, product_create
from tests.html_checks import card_titles, content, elements

NBSP = "\u00a0"


def _html(client, url, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return content(response)


def _sell_out(product) -> None:
    StockLevel.objects.filter(sku__in=[v.sku for v in product.variants.all()]).update(
        quantity=0
    )


# --- Size order ----------------------------------------------------------------


def test_sizes_merge_keeps_each_editors_order():
    rows = [(1, "S"), (1, "M"), (1, "L"), (2, "XS"), (2, "S"), (2, "XL")]

    assert sizes_merge(rows=rows) == ["XS", "S", "M", "L", "XL"]


def test_sizes_merge_orders_names_no_list_knows():
    rows = [(1, "Kids 4"), (1, "Kids 6"), (1, "Kids 10"), (2, "Kids 6"), (2, "Kids 8")]

    # "Kids 8" follows "Kids 6"; "Kids 10" was seen first, so it keeps its place.
    assert sizes_merge(rows=rows) == ["Kids 4", "Kids 6", "Kids 10", "Kids 8"]


def test_sizes_merge_survives_contradicting_products():
    rows = [(1, "S"), (1, "M"), (2, "M"), (2, "S")]

    assert sizes_merge(rows=rows) == ["S", "M"]


@pytest.mark.django_db
def test_the_size_filter_lists_sizes_in_the_editors_order(client):
    category = category_create(title="Kids")
    product_create(category=category, sizes=("104", "116", "128"))
    product_create(category=category, sizes=("98", "104", "140"))

    html = _html(client, category.url)

    select = html.split('id="filter-size"')[1].split("</select>")[0]
    options = [a["value"] for a in elements(select, "option")]
    assert options == ["", "98", "104", "116", "128", "140"]


# --- Listing: stock and colors ---------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("sort", ["newest", "price", "-price", "title"])
def test_sold_out_products_sort_last_under_every_sort(client, sort):
    category = category_create(title="Shirts")
    cheap = product_create(category=category, title="A cheap", price=Decimal("5"))
    product_create(category=category, title="B middle", price=Decimal("15"))
    product_create(category=category, title="C dear", price=Decimal("25"))
    dear = category.get_children().specific().get(title="C dear")
    _sell_out(cheap)
    _sell_out(dear)

    titles = card_titles(_html(client, category.url, sort=sort))

    assert titles[0] == "B middle"
    assert set(titles[1:]) == {"A cheap", "C dear"}


@pytest.mark.django_db
def test_featured_never_shows_a_sold_out_product():
    category = category_create(title="Shirts")
    featured = product_create(category=category, title="Featured")
    featured.is_featured = True
    featured.save_revision().publish()
    filler = product_create(category=category, title="Filler")
    fine = product_create(category=category, title="Fine")
    _sell_out(featured)
    _sell_out(filler)

    cards = featured_products_get()

    assert [c.page.title for c in cards] == [fine.title]


@pytest.mark.django_db
def test_a_color_filter_shows_that_colors_mockup_on_each_card(client):
    category = category_create(title="Shirts")
    black, white = image_create(hex_code="#111111"), image_create(hex_code="#ffffff")
    product = product_create(category=category, title="Tee", image=black)
    ProductColor.objects.filter(page=product, name="White").update(front_image=white)

    unfiltered = _html(client, category.url)
    filtered = _html(client, category.url, color="White")

    assert 'alt="Tee in Black"' in unfiltered
    assert 'alt="Tee in White"' in filtered
    white_file = Path(white.file.name).stem.split(".")[0]
    black_file = Path(black.file.name).stem.split(".")[0]
    card = filtered.split('class="product-card')[1].split("</article>")[0]
    assert white_file in card and black_file not in card
    assert "swatch swatch--current" in card
    assert "White (shown)" in card
    assert "swatch--current" not in unfiltered


@pytest.mark.django_db
def test_active_filters_are_chips_that_remove_one_filter(client):
    category = category_create(title="Shirts")
    product_create(category=category)

    html = _html(client, category.url, color="Black", size="M", sort="price")

    chips = {
        a["data-remove-filter"]: a["href"]
        for a in elements(html, "a")
        if a.get("data-remove-filter")
    }
    assert chips == {
        "color": f"{category.url}?size=M&sort=price",
        "size": f"{category.url}?color=Black&sort=price",
    }
    assert "Filters (2)" in html
    assert "Color: Black" in html and "(remove this filter)" in html


@pytest.mark.django_db
def test_an_unfiltered_listing_has_no_chips(client):
    category = category_create(title="Shirts")
    product_create(category=category)

    html = _html(client, category.url)

    assert "data-remove-filter" not in html
    assert "Filters (0)" in html


# --- Product page ----------------------------------------------------------------


@pytest.mark.django_db
def test_the_printed_price_adds_the_front_print_to_the_blank(client):
    category = category_create(title="Shirts")
    tee = product_create(category=category, price=Decimal("19.90"))

    detail = product_detail_get(product=tee)
    html = _html(client, tee.url)

    assert detail.printed_price.amount == Decimal("24.90")
    assert isinstance(detail.printed_price.amount, Decimal)
    assert f"€{NBSP}19.90</span>" in html
    assert f">€{NBSP}24.90</span> with a front print" in html


@pytest.mark.django_db
def test_without_a_front_print_area_only_the_blank_price_shows(client):
    category = category_create(title="Shirts")
    tee = product_create(category=category, price=Decimal("19.90"))
    PrintArea.objects.filter(page=tee).update(view="back")

    assert product_detail_get(product=tee).printed_price is None
    assert "with a front print" not in _html(client, tee.url)


@pytest.mark.django_db
def test_a_sold_out_product_says_so_and_cannot_be_added(client):
    category = category_create(title="Shirts")
    tee = product_create(category=category, stock=0)

    html = _html(client, tee.url)

    assert "Sold out</span> This product is sold out" in html
    button = next(a for a in elements(html, "button") if "data-add-to-cart" in a)
    assert "disabled" in button
    assert "sold-out-note" in button["aria-describedby"]


@pytest.mark.django_db
def test_a_product_in_stock_is_not_sold_out(client):
    category = category_create(title="Shirts")
    tee = product_create(category=category, stock=3)

    assert "Sold out" not in _html(client, tee.url)


@pytest.mark.django_db
def test_a_one_size_product_shows_no_size_picker(client):
    category = category_create(title="Mugs")
    mug = product_create(category=category, sizes=("One size",))

    html = _html(client, mug.url)

    sizes = [a for a in elements(html, "input") if a.get("name") == "size"]
    assert [(a["type"], a["value"]) for a in sizes] == [("hidden", "One size")]
    assert "(stock for the selected color)" not in html


@pytest.mark.django_db
def test_the_sku_sits_in_the_details(client):
    category = category_create(title="Shirts")
    tee = product_create(category=category)

    html = _html(client, tee.url)

    details = html.split('class="product__details"')[1]
    assert "data-sku" in details
    assert "data-sku" not in html.split('class="product__details"')[0]


@pytest.mark.django_db
def test_the_size_guide_shows_near_the_buttons(client):
    category = category_create(title="Shirts")
    guide = SizeGuide.objects.create(
        name="Tee sizes",
        table=[
            (
                "table",
                {
                    "data": [["Size", "Chest (cm)"], ["S", "92"], ["M", "98"]],
                    "first_row_is_table_header": True,
                    "first_col_is_header": False,
                },
            )
        ],
    )
    tee = product_create(category=category)
    tee.size_guide = guide
    tee.save_revision().publish()

    html = _html(client, tee.url)

    facts = html.split('class="product-facts"')[1].split("</ul>")[0]
    assert "<summary>Size guide</summary>" in facts
    assert "Chest (cm)" in facts and "98" in facts


@pytest.mark.django_db
def test_the_gallery_scroller_is_focusable_and_named(client):
    category = category_create(title="Shirts")
    tee = product_create(category=category, image=image_create(), title="Tee")

    html = _html(client, tee.url)

    scroller = next(
        a for a in elements(html, "ul") if a.get("class") == "gallery__slides"
    )
    assert scroller["tabindex"] == "0"
    assert scroller["aria-label"].startswith("Views of Tee in Black")


# --- make run PORT -----------------------------------------------------------------


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_run_uses_its_port_for_links_and_e_mails():
    result = subprocess.run(
        ["make", "-n", "run", "PORT=8123"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin"},
    )
    lines = result.stdout.splitlines()

    server = next(line for line in lines if "runserver" in line)
    assert "SHOP_BASE_URL=http://127.0.0.1:8123 " in server
    assert server.endswith("runserver 127.0.0.1:8123")
    seed = next(line for line in lines if "seed_demo" in line)
    assert "SHOP_BASE_URL=http://127.0.0.1:8123 " in seed
    assert any("http://127.0.0.1:8123/admin/" in line for line in lines)
    assert any("http://127.0.0.1:8123/account/login/" in line for line in lines)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/search/?q=Tee", "/no-such-page/"])
def test_search_landmarks_have_distinct_names(client, url):
    html = content(client.get(url))

    names = [a.get("aria-label") for a in elements(html, "form") if a.get("role")]
    assert len(names) == 2
    assert None not in names and len(set(names)) == 2


# --- Delivery and shipping (the shop context, ``shop`` in every template) -------


def _shop_settings(**values):
    from wagtail.models import Site

    from shop.core.models import ShopSettings

    shop = ShopSettings.for_site(Site.objects.get(is_default_site=True))
    for name, value in values.items():
        setattr(shop, name, value)
    shop.save()


@pytest.mark.django_db
def test_the_product_page_states_delivery_time_and_shipping_cost(client):
    _shop_settings(
        delivery_time="Ships in 2-4 working days",
        shipping_amount=Decimal("4.95"),
        free_shipping_from_amount=Decimal("50.00"),
    )
    category = category_create(title="Shirts")
    tee = product_create(category=category)

    html = _html(client, tee.url)

    facts = html.split('class="product-facts"')[1].split("</ul>")[0]
    assert "<strong>Delivery:</strong> Ships in 2-4 working days" in facts
    assert f"<strong>Shipping:</strong> €{NBSP}4.95, free from €{NBSP}50.00" in facts


@pytest.mark.django_db
def test_free_shipping_says_free(client):
    _shop_settings(shipping_amount=Decimal("0"), free_shipping_from_amount=None)
    category = category_create(title="Shirts")
    tee = product_create(category=category)

    assert "<strong>Shipping:</strong> free</li>" in _html(client, tee.url)
