"""The storefront renders: category listings, product pages and search."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shop.catalog.models import ProductColor, StockLevel
from tests.factories.catalog import category_create, image_create, product_create
from tests.html_checks import (
    assert_accessible_basics,
    card_titles,
    content,
    elements,
    json_script,
)

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"


def _get(client, url, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, response.status_code
    return response, content(response)


def _html(client, url, status=200, **params) -> str:
    return _get(client, url, status, **params)[1]


# --- Category page ---------------------------------------------------------------


def test_category_page_shows_product_cards(client, catalog_tree):
    html = _html(client, catalog_tree["shirts"].url)

    assert sorted(card_titles(html)) == ["Classic Tee", "Heavy Tee"]
    assert "Enamel Mug" not in card_titles(html)
    assert f"from €{NBSP}19.90" in html
    assert f"from €{NBSP}24.50" in html
    assert "2 products" in html
    # Exactly the prefetched rendition specs, with the title and color as alt text.
    card_images = [a for a in elements(html, "img") if "card__image" in a["class"]]
    assert {a["alt"] for a in card_images} == {
        "Classic Tee in Black",
        "Heavy Tee in Navy",
    }
    for attrs in card_images:
        assert "width-320.format-webp.webp 320w" in attrs["srcset"]
        assert "width-640.format-webp.webp 640w" in attrs["srcset"]
        assert attrs["sizes"] == "(min-width: 60em) 25vw, 50vw"
        assert attrs["loading"] == "lazy"
    # Swatches carry their color name for screen readers.
    assert 'style="background-color: #1b2a4a"' in html
    assert '<span class="visually-hidden">Navy</span>' in html
    assert "Out of stock" not in html
    assert_accessible_basics(html)


def test_category_page_has_breadcrumb_title_intro_and_subcategories(
    client, catalog_tree
):
    shirts = catalog_tree["shirts"]
    shirts.intro = "<p>Soft <b>cotton</b> tees.</p>"
    shirts.save_revision().publish()
    organic = category_create(parent=shirts, title="Organic")
    product_create(category=organic, title="Organic Tee")

    html = _html(client, shirts.url)

    breadcrumb = html.split('aria-label="Breadcrumb"')[1].split("</nav>")[0]
    assert 'href="/">Home</a>' in breadcrumb
    assert 'aria-current="page">T-shirts</a>' in breadcrumb
    assert "<h1>T-shirts</h1>" in html
    assert "Soft <b>cotton</b> tees." in html
    subcategories = html.split('aria-label="Subcategories"')[1].split("</nav>")[0]
    assert f'href="{organic.url}">Organic</a>' in subcategories
    # Only categories are subcategories, never the products directly below.
    assert "Classic Tee" not in subcategories
    # Products of sub-categories are part of the listing.
    assert "Organic Tee" in card_titles(html)


def test_filter_form_fields_are_labelled_and_keep_their_values(client, catalog_tree):
    html = _html(
        client,
        catalog_tree["shirts"].url,
        color="Navy",
        size="M",
        min_price="20",
        max_price="30",
        sort="-price",
    )

    for field_id in (
        "filter-color",
        "filter-size",
        "filter-min-price",
        "filter-max-price",
        "filter-sort",
    ):
        assert f'<label for="{field_id}">' in html
    assert '<option value="Navy" selected>' in html
    assert '<option value="Black">' in html
    assert '<option value="M" selected>' in html
    assert '<option value="-price" selected>' in html
    assert 'name="min_price"' in html and 'value="20.00"' in html
    assert 'value="30.00"' in html
    # Placeholders show the price range of the category.
    assert 'placeholder="19.90"' in html
    assert 'placeholder="24.50"' in html
    assert f'href="{catalog_tree["shirts"].url}">Clear filters</a>' in html
    assert card_titles(html) == ["Heavy Tee"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"color": "Navy"}, ["Heavy Tee"]),
        ({"color": "White"}, ["Classic Tee"]),
        ({"size": "S"}, ["Heavy Tee", "Classic Tee"]),
        ({"min_price": "20"}, ["Heavy Tee"]),
        ({"max_price": "20"}, ["Classic Tee"]),
        ({"min_price": "19.90", "max_price": "19.90"}, ["Classic Tee"]),
        ({"sort": "price"}, ["Classic Tee", "Heavy Tee"]),
        ({"sort": "-price"}, ["Heavy Tee", "Classic Tee"]),
        ({"sort": "title"}, ["Classic Tee", "Heavy Tee"]),
        ({"sort": "newest"}, ["Heavy Tee", "Classic Tee"]),
        ({"sort": "bogus"}, ["Heavy Tee", "Classic Tee"]),
    ],
)
def test_category_filters_and_sorting(client, catalog_tree, params, expected):
    html = _html(client, catalog_tree["shirts"].url, **params)

    assert card_titles(html) == expected
    assert 'role="alert"' not in html


def test_filters_without_matches_show_an_empty_state(client, catalog_tree):
    html = _html(client, catalog_tree["shirts"].url, color="Purple")

    assert card_titles(html) == []
    assert "No products match these filters." in html
    assert "0 products" in html
    assert 'aria-label="Pagination"' not in html


@pytest.mark.parametrize(
    "value",
    [
        "abc",
        "-5",
        "NaN",
        "Infinity",
        "1.234,50",
        "1e999999",
        "1e-999999",
        "12.555",
        "10000.01",
        "€12",
    ],
)
def test_a_bad_price_is_a_400_that_lists_without_it_and_says_why(
    client, catalog_tree, value
):
    html = _html(client, catalog_tree["shirts"].url, status=400, min_price=value)

    alert = html.split('role="alert"')[1].split("</div>")[0]
    assert (
        "The minimum price is not a price such as 12.50 up to 10000; the filter "
        "was ignored." in alert
    )
    assert sorted(card_titles(html)) == ["Classic Tee", "Heavy Tee"]
    # The bad value is not put back into the field.
    min_price = elements(html, "input")
    assert [a["value"] for a in min_price if a.get("name") == "min_price"] == [""]


@pytest.mark.parametrize("typed", ["25,00", "25", " 25.0 "])
def test_a_price_filter_reads_a_decimal_comma_as_the_editor_does(
    client, catalog_tree, typed
):
    expected = _html(client, catalog_tree["shirts"].url, min_price="25.00")
    html = _html(client, catalog_tree["shirts"].url, min_price=typed)

    assert sorted(card_titles(html)) == sorted(card_titles(expected))
    shown = [
        a["value"] for a in elements(html, "input") if a.get("name") == "min_price"
    ]
    assert shown == ["25.00"]


@pytest.fixture
def paged_category(db):
    image = image_create()
    category = category_create(title="Hoodies", products_per_page=2)
    for n in range(1, 6):
        product_create(
            category=category,
            title=f"Hoodie {n}",
            price=Decimal(f"{30 + n}.00"),
            colors=(("Forest green", "#1f4d2b"),),
            image=image,
        )
    return category


def test_pagination_links_keep_the_filters(client, paged_category):
    response, html = _get(
        client, paged_category.url, color="Forest green", sort="price", page="2"
    )

    assert card_titles(html) == ["Hoodie 3", "Hoodie 4"]
    assert "5 products · page 2 of 3" in html
    nav = html.split('aria-label="Pagination"')[1].split("</nav>")[0]
    links = elements(nav, "a")
    assert [a.get("aria-label") or a.get("rel") for a in links] == [
        "prev",
        "Page 1",
        "Page 2",
        "Page 3",
        "next",
    ]
    current = [a for a in links if a.get("aria-current") == "page"]
    assert [a["aria-label"] for a in current] == ["Page 2"]

    listing = response.context["listing"]
    expected = {
        number: parse_qs(urlsplit(listing.query_for_page(number)).query)
        for number in (1, 2, 3)
    }
    for attrs, number in zip(links, (1, 1, 2, 3, 3), strict=True):
        assert parse_qs(urlsplit(attrs["href"]).query) == expected[number]
    assert expected[3] == {
        "color": ["Forest green"],
        "sort": ["price"],
        "page": ["3"],
    }


def test_pagination_leaves_out_invalid_filters(client, paged_category):
    html = _html(client, paged_category.url, status=400, max_price="lots")

    nav = html.split('aria-label="Pagination"')[1].split("</nav>")[0]
    hrefs = [a["href"] for a in elements(nav, "a")]
    assert hrefs
    assert all("max_price" not in href for href in hrefs)


@pytest.mark.parametrize("page", ["99", "abc", "-1"])
def test_a_page_out_of_range_shows_a_valid_page(client, paged_category, page):
    response, html = _get(client, paged_category.url, page=page, sort="title")

    number = response.context["listing"].page.number
    assert number in (1, 3)
    assert len(card_titles(html)) == (1 if number == 3 else 2)
    assert f'aria-label="Page {number}" aria-current="page"' in html


def test_sold_out_products_have_a_badge(client, catalog_tree):
    heavy = catalog_tree["products"][1]
    StockLevel.objects.filter(sku__in=[v.sku for v in heavy.variants.all()]).update(
        quantity=0
    )

    html = _html(client, catalog_tree["shirts"].url)

    assert html.count("Out of stock</span>") == 1
    assert "card--sold-out" in html


def test_category_listing_queries_do_not_grow_with_products(client, db, settings):
    settings.PAGE_CACHE_ENABLED = False
    category = category_create(title="Totes", products_per_page=50)

    def add_products(count):
        for _ in range(count):
            product_create(
                category=category,
                colors=(("Natural", "#efe6d2"), ("Black", "#111111")),
                image=image_create(),
            )

    def count_queries():
        client.get(category.url)  # creates missing renditions
        client.get(category.url)  # fills the content cache
        with CaptureQueriesContext(connection) as queries:
            response = client.get(category.url)
        assert response.status_code == 200
        return len(queries)

    add_products(2)
    few = count_queries()
    add_products(4)
    many = count_queries()

    assert len(card_titles(content(client.get(category.url)))) == 6
    assert many == few


# --- Product page ----------------------------------------------------------------


def _sku(product, color, size):
    return product.variants.get(color=color, size=size).sku


def test_product_page_shows_colors_sizes_and_stock_for_the_first_color(
    client, catalog_tree
):
    tee = catalog_tree["products"][0]
    StockLevel.objects.filter(sku=_sku(tee, "Black", "S")).update(quantity=3)
    StockLevel.objects.filter(sku=_sku(tee, "Black", "M")).update(quantity=0)
    StockLevel.objects.filter(sku=_sku(tee, "White", "L")).update(quantity=0)

    html = _html(client, tee.url)

    assert '<h1 class="product__title">Classic Tee</h1>' in html
    assert f'data-price data-from-price="€{NBSP}19.90">€{NBSP}19.90</span>' in html
    radios = elements(html, "input")
    colors = [a for a in radios if a.get("name") == "color"]
    assert [a["value"] for a in colors] == ["Black", "White"]
    assert "checked" in colors[0] and "checked" not in colors[1]
    sizes = {a["value"]: a for a in radios if a.get("name") == "size"}
    assert list(sizes) == ["S", "M", "L"]
    assert "disabled" in sizes["M"]
    assert "disabled" not in sizes["S"] and "disabled" not in sizes["L"]
    labels = {a["for"] for a in elements(html, "label")}
    assert {a["id"] for a in [*colors, *sizes.values()]} <= labels
    assert "3 left</span>" in html
    assert html.count("Out of stock</span>") == 1  # White L is not the first color
    assert 'legend class="picker__legend">Color</legend>' in html
    assert 'style="background-color: #111111"' in html
    assert_accessible_basics(html)


def test_product_page_has_variant_data_for_the_picker_script(client, catalog_tree):
    tee = catalog_tree["products"][0]
    StockLevel.objects.filter(sku=_sku(tee, "White", "M")).update(quantity=2)

    html = _html(client, tee.url)

    variants = json_script(html, "variant-data")
    assert len(variants) == 6
    assert variants[0] == {
        "sku": _sku(tee, "Black", "S"),
        "color": "Black",
        "size": "S",
        "price": f"€{NBSP}19.90",
        "printed_price": f"€{NBSP}24.90",
        "stock": 10,
    }
    assert {v["sku"]: v["stock"] for v in variants}[_sku(tee, "White", "M")] == 2
    assert '<script type="module" src="/static/js/product.js"></script>' in html
    assert 'data-sku data-empty="choose a size"' in html


def test_product_page_gallery_per_color_with_webp_srcset(client, catalog_tree):
    tee = catalog_tree["products"][0]

    html = _html(client, tee.url)

    galleries = [a for a in elements(html, "section") if "data-gallery" in a]
    assert [a["data-gallery"] for a in galleries] == ["Black", "White"]
    assert "hidden" not in galleries[0]
    assert "hidden" in galleries[1]
    images = [a for a in elements(html, "img") if "gallery__image" in a["class"]]
    assert [a["alt"] for a in images] == [
        "Classic Tee in Black, front view",
        "Classic Tee in White, front view",
    ]
    for attrs in images:
        assert "width-480.format-webp.webp 480w" in attrs["srcset"]
        assert ".width-960.format-webp.webp " in attrs["srcset"]
        assert attrs["sizes"] == "(min-width: 60em) 50vw, 100vw"
    # The first image is the page's main image: not lazy; hidden colors are.
    assert "loading" not in images[0]
    assert images[1]["loading"] == "lazy"


def test_product_page_thumbnails_for_each_view(client, catalog_tree):
    tee = catalog_tree["products"][0]
    ProductColor.objects.filter(page=tee, name="Black").update(
        back_image=image_create(view="back"), left_image=image_create(view="left")
    )

    html = _html(client, tee.url)

    thumbs = [a for a in elements(html, "a") if "data-thumb" in a]
    assert [a["href"] for a in thumbs] == [
        "#view-1-front",
        "#view-1-back",
        "#view-1-left",
    ]
    assert 'id="view-1-back"' in html
    assert "Classic Tee in Black, back view" in html
    assert html.count(".fill-96x96.format-webp.webp") == 3
    assert '<span class="visually-hidden">Back view</span>' in html
    # The White color has only a front image: no thumbnails.
    assert "#view-2-" not in html


def test_product_page_queries_do_not_grow_with_colors(client, db, settings):
    settings.PAGE_CACHE_ENABLED = False
    category = category_create()

    names = ("Black", "White", "Navy", "Red", "Olive")

    def product(colors):
        page = product_create(
            category=category,
            colors=tuple((name, "#336699") for name in names[:colors]),
            sizes=("S", "M", "L", "XL"),
            image=image_create(),
        )
        ProductColor.objects.filter(page=page).update(back_image=image_create())
        client.get(page.url)  # creates the renditions
        client.get(page.url)  # fills the content cache
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page.url).status_code == 200
        return len(queries)

    assert product(colors=1) == product(colors=5)


def test_product_page_lists_details_print_areas_an_add_to_cart_form_and_a_disabled_designer(
    client, catalog_tree
):
    tee = catalog_tree["products"][0]
    tee.material = "100% organic cotton"
    tee.description = "<p>A <i>classic</i> fit.</p>"
    tee.save_revision().publish()

    html = _html(client, tee.url)

    assert "100% organic cotton" in html
    assert "A <i>classic</i> fit." in html
    assert "Print areas" in html
    assert "300 \u00d7 400 mm" in html
    assert "+ €\u00a05.00" in html
    assert not [a for a in elements(html, "button") if "disabled" in a]
    design = next(a for a in elements(html, "a") if "data-design-link" in a)
    assert design["href"] == f"/design/{tee.pk}/"
    assert "Add to cart</button>" in html
    add = next(a for a in elements(html, "button") if "data-add-to-cart" in a)
    assert add["type"] == "submit" and "disabled" not in add
    form = next(a for a in elements(html, "form") if "data-product-form" in a)
    # No token on a page stored for every visitor: without JavaScript the form
    # opens a confirmation that posts; the script posts to data-post-action.
    assert form["method"] == "get" and form["action"] == "/cart/add/confirm/"
    assert form["data-post-action"] == "/cart/add/"
    assert "csrfmiddlewaretoken" not in html
    assert 'id="designer-note"' in html and "design it" in html
    breadcrumb = html.split('aria-label="Breadcrumb"')[1].split("</nav>")[0]
    assert f'href="{catalog_tree["shirts"].url}">T-shirts</a>' in breadcrumb


def test_product_page_of_a_one_size_product(client, catalog_tree):
    mug = catalog_tree["products"][2]

    html = _html(client, mug.url)

    sizes = [a for a in elements(html, "input") if a.get("name") == "size"]
    assert [a["value"] for a in sizes] == ["One size"]
    assert "In stock</span>" in html
    assert f">€{NBSP}12.00</span>" in html


# --- Search ------------------------------------------------------------------------


def test_search_finds_products(client, catalog_tree):
    html = _html(client, "/search/", q="Classic")

    assert card_titles(html) == ["Classic Tee"]
    assert "Search results for “Classic”" in html
    assert "1 product found" in html
    assert 'value="Classic"' in html
    assert '<label for="search-q">Search products</label>' in html
    assert_accessible_basics(html)


def test_search_without_results_says_so(client, catalog_tree):
    html = _html(client, "/search/", q="zeppelin")

    assert card_titles(html) == []
    assert "No products found for “zeppelin”." in html


def test_search_escapes_the_query(client, catalog_tree):
    html = _html(client, "/search/", q="<script>alert(1)</script>")

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_an_empty_search_shows_the_form(client, catalog_tree):
    html = _html(client, "/search/")

    assert "<h1>Search</h1>" in html
    assert "Type a product name" in html
    assert card_titles(html) == []


def test_a_too_long_search_is_a_400_with_an_alert(client, catalog_tree):
    response = client.get("/search/", {"q": "x" * 101})

    assert response.status_code == 400
    html = content(response)
    assert 'role="alert"' in html
    assert "Search terms can be at most 100 characters." in html
    assert 'aria-invalid="true"' in html
    assert card_titles(html) == []
    assert_accessible_basics(html)


# --- Layout ------------------------------------------------------------------------


def test_layout_has_header_navigation_search_cart_and_footer(client, catalog_tree):
    html = _html(client, catalog_tree["shirts"].url)

    assert '<a class="site-logo" href="/">Atelier</a>' in html
    nav = html.split('aria-label="Main"')[1].split("</nav>")[0]
    assert 'href="/category-' in nav and ">T-shirts</a>" in nav and ">Mugs</a>" in nav
    assert f'href="{catalog_tree["shirts"].url}" aria-current="page">T-shirts' in nav
    assert 'action="/search/"' in html
    assert '<label class="visually-hidden" for="site-search-q">' in html
    # The mini-cart links to the cart with the visitor's count.
    assert "Cart (<span data-mini-cart-count>0</span>)" in html
    assert (
        'class="mini-cart" href="/cart/" data-mini-cart aria-label="Cart, empty"'
        in html
    )
    assert 'href="#"' not in html
    assert 'href="/admin/"' not in html
    assert 'href="/static/css/site.css"' in html
    assert 'href="/static/vendor/fonts/inter/400.css"' in html
    assert "https://" not in html.split("</head>")[0]  # no CDN
    assert "mailto:hello@atelier.test" in html
    assert "<title>T-shirts · Atelier</title>" in html


def test_backoffice_users_see_a_link_to_the_admin(client, catalog_tree):
    from django.contrib.auth.models import Group

    staff = get_user_model().objects.create_user(
        email="editor@atelier.test", password="x"
    )
    staff.groups.add(Group.objects.get(name="Editors"))
    client.force_login(staff)

    html = _html(client, catalog_tree["shirts"].url)

    assert 'href="/admin/"' in html


# --- Hostile parameters ------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"color": "Bl\x00ack"}, "That color filter is not a color name"),
        ({"color": "x" * 51}, "That color filter is not a color name"),
        ({"size": "\x1b[2J"}, "That size filter is not a size"),
        ({"max_price": "1e999999"}, "The maximum price is not a price such as 12.50"),
    ],
)
def test_hostile_filters_are_a_400_with_a_message_and_the_full_listing(
    client, catalog_tree, params, message
):
    html = _html(client, catalog_tree["shirts"].url, status=400, **params)

    assert message in html.split('role="alert"')[1].split("</div>")[0]
    assert sorted(card_titles(html)) == ["Classic Tee", "Heavy Tee"]


def test_a_page_number_beyond_64_bits_shows_the_last_page(client, paged_category):
    response, html = _get(client, paged_category.url, page=str(10**30))

    assert response.context["listing"].page.number == 3
    assert 'role="alert"' not in html


@pytest.mark.parametrize("query", ["a\x00b", "\x1b[2J"])
def test_a_search_with_control_characters_is_a_400_with_an_alert(
    client, catalog_tree, query
):
    response = client.get("/search/", {"q": query})

    assert response.status_code == 400
    html = content(response)
    assert "Search terms cannot hold control characters." in html
    assert "\x00" not in html and "\x1b" not in html


def test_a_path_with_a_nul_is_a_400(client, catalog_tree):
    assert client.get(catalog_tree["shirts"].url + "a%00b/").status_code == 400
