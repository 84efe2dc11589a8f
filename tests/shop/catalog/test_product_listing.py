"""The Products listing in the admin: thumbnail, category, price and stock per product."""

from __future__ import annotations

from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import GroupPagePermission

from shop.accounts.roles import ACCESS_ADMIN, EDITORS, FULFILMENT, MARKETING
from shop.catalog.models import ProductColor, ProductVariant, StockLevel
from tests.factories.accounts import user_create
from tests.factories.catalog import category_create, image_create, product_create

pytestmark = pytest.mark.django_db

LISTING = "/admin/products/"
COLORS = ("Ash", "Blue", "Coral", "Dune")

# The user and their permissions (model, page, collection and site), the filter
# choices (owners, editors, sites, categories and their titles), the count, the
# page of products with its annotations, their specific rows, content types,
# sites, workflow states, colors, images, renditions, parents, locales, view
# restrictions and the admin's menu. None depends on the number of products.
# Without Redis the session is one query more (read from the database).
LISTING_QUERIES = 27


class _Rows(HTMLParser):
    """The listing's body rows: per row, each cell's class, text, links and images."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[dict]] = []
        self._in_body = False
        self._cell: dict | None = None
        self._in_title = False

    def handle_starttag(self, tag, attrs) -> None:
        attrs = dict(attrs)
        if tag == "tbody":
            self._in_body = True
        elif not self._in_body:
            return
        elif tag == "tr":
            self.rows.append([])
        elif tag == "td":
            self._cell = {"class": attrs.get("class") or "", "text": "", "title": ""}
            self._cell.update(a=[], img=[])
            self.rows[-1].append(self._cell)
        elif tag == "span" and (attrs.get("id") or "").endswith("_title"):
            self._in_title = True
        elif self._cell is not None and tag == "a":
            self._cell["a"].append(attrs.get("href"))
        elif self._cell is not None and tag == "img":
            self._cell["img"].append(attrs)

    def handle_endtag(self, tag) -> None:
        if tag == "tbody":
            self._in_body = False
        elif tag == "td":
            self._cell = None
        elif tag == "span":
            self._in_title = False

    def handle_data(self, data) -> None:
        if self._cell is not None:
            self._cell["text"] = " ".join(f"{self._cell['text']} {data}".split())
            if self._in_title:
                self._cell["title"] += data.strip()


def rows(response) -> dict[str, dict[str, dict]]:
    """Title -> {"thumb"|"title"|"category"|"price"|"stock"|"status": cell}.

    A cell's text has its whitespace collapsed: "€ 19.90" was "€&nbsp;19.90".
    """
    assert response.status_code == 200
    parser = _Rows()
    parser.feed(response.content.decode())
    names = (
        "check",
        "thumb",
        "title",
        "category",
        "price",
        "stock",
        "updated",
        "status",
    )
    listing = {}
    for row in parser.rows:
        if not any(cell["class"] == "product-listing__thumb" for cell in row):
            continue  # another table: the admin's keyboard shortcuts
        cells = dict(zip(names, row, strict=True))
        listing[cells["title"]["title"]] = cells
    return listing


def text(response, title: str, column: str) -> str:
    return rows(response)[title][column]["text"]


def make_product(*, category=None, colors=2, sizes=3, **kwargs):
    return product_create(
        category=category or category_create(),
        colors=tuple((name, "#112233") for name in COLORS[:colors]),
        sizes=tuple(f"S{i}" for i in range(sizes)),
        **kwargs,
    )


def skus(product, **filters) -> list[str]:
    return list(
        ProductVariant.objects.filter(page=product, **filters)
        .order_by("sort_order")
        .values_list("sku", flat=True)
    )


def set_stock(sku_list: list[str], quantity: int) -> None:
    StockLevel.objects.filter(sku__in=sku_list).update(quantity=quantity)


@pytest.fixture
def editor(client):
    client.force_login(user_create(groups=(EDITORS,)))
    return client


def page_editor_of(category, *, client):
    """A user who may edit the pages below one category, and nothing about stock."""
    group = Group.objects.create(name=f"Editors of {category.title}")
    group.permissions.add(Permission.objects.get(codename=ACCESS_ADMIN.split(".")[1]))
    GroupPagePermission.objects.create(
        group=group,
        page=category,
        permission=Permission.objects.get(
            content_type__app_label="wagtailcore", codename="change_page"
        ),
    )
    client.force_login(user_create(groups=(group.name,)))
    return client


# --- Columns -------------------------------------------------------------------------


def test_a_row_shows_thumbnail_title_category_price_stock_and_status(editor):
    shirts = category_create(title="T-shirts")
    image = image_create()
    tee = make_product(category=shirts, title="Classic Tee", image=image, stock=4)

    row = rows(editor.get(LISTING))["Classic Tee"]

    (img,) = row["thumb"]["img"]
    assert img["alt"] == "Classic Tee in Ash"
    assert ".fill-96x96.format-webp" in img["src"]
    assert (img["width"], img["height"]) == ("48", "48")
    assert reverse("wagtailadmin_pages:edit", args=(tee.pk,)) in row["title"]["a"]
    assert row["category"]["text"] == "T-shirts"
    assert row["price"]["text"] == "€ 19.90"
    assert row["stock"]["text"] == "24 units"  # 2 colors x 3 sizes x 4
    assert row["status"]["text"].endswith("live")


def test_the_thumbnail_is_the_first_colors_front_mockup(editor):
    first, second = image_create(hex_code="#aa0000"), image_create(hex_code="#00aa00")
    tee = make_product(title="Two Tone", image=first)
    ProductColor.objects.filter(page=tee, name="Blue").update(
        front_image=second, sort_order=-1
    )

    (img,) = rows(editor.get(LISTING))["Two Tone"]["thumb"]["img"]

    assert img["alt"] == "Two Tone in Blue"
    assert second.file.name.split("/")[-1].split(".")[0] in img["src"]


def test_a_product_without_a_mockup_gets_a_neutral_placeholder(editor):
    make_product(title="Plain", image=None)

    page = editor.get(LISTING)

    thumb = rows(page)["Plain"]["thumb"]
    assert thumb["img"] == []
    assert thumb["text"] == "No image"
    assert "data-product-thumb-placeholder" in page.content.decode()


def test_a_mockup_whose_file_is_gone_is_no_server_error(editor):
    image = image_create()
    make_product(title="Lost", image=image)
    image.file.storage.delete(image.file.name)

    (img,) = rows(editor.get(LISTING))["Lost"]["thumb"]["img"]

    assert img["alt"] == "Lost in Ash"


def test_the_price_is_the_lowest_offered_price_with_from_when_prices_differ(editor):
    tee = make_product(title="Tee", price=Decimal("19.90"))
    ProductVariant.objects.filter(page=tee, size="S2").update(
        price_amount=Decimal("24.50")
    )
    mug = make_product(title="Mug", colors=1, sizes=1, price=Decimal("12.00"))

    page = editor.get(LISTING)

    assert text(page, "Tee", "price") == "from € 19.90"
    assert text(page, "Mug", "price") == "€ 12.00"
    ProductVariant.objects.filter(page=mug).update(price_amount=Decimal("9.5"))
    assert text(editor.get(LISTING), "Mug", "price") == "€ 9.50"


def test_variants_of_a_removed_color_count_for_neither_price_nor_stock(editor):
    tee = make_product(title="Tee", price=Decimal("20.00"), stock=5)
    ProductVariant.objects.filter(page=tee, color="Blue").update(
        price_amount=Decimal("1.00")
    )
    # A revision published from the listing may leave the variants of a removed
    # color behind: they are neither sold nor stocked.
    ProductColor.objects.filter(page=tee, name="Blue").delete()

    page = editor.get(LISTING)

    assert text(page, "Tee", "price") == "€ 20.00"
    assert text(page, "Tee", "stock") == "15 units"  # the 3 Ash SKUs only


def test_stock_is_out_of_stock_at_zero_and_says_how_many_skus_are_sold_out(editor):
    sold_out = make_product(title="Sold Out", stock=0)
    some = make_product(title="Some", stock=3)
    set_stock(skus(some, color="Ash"), 0)
    one = make_product(title="One", colors=1, sizes=1, stock=1)
    assert sold_out and one

    page = editor.get(LISTING)

    assert text(page, "Sold Out", "stock") == "Out of stock"
    assert text(page, "Some", "stock") == "9 units 3 of 6 SKUs sold out"
    assert text(page, "One", "stock") == "1 unit"


def test_skus_without_a_stock_row_count_as_sold_out(editor):
    tee = make_product(title="Tee", stock=2)
    StockLevel.objects.filter(sku__in=skus(tee, size="S0")).delete()

    assert text(editor.get(LISTING), "Tee", "stock") == "8 units 2 of 6 SKUs sold out"


def test_a_product_without_variants_says_so(editor):
    tee = make_product(title="Bare")
    ProductVariant.objects.filter(page=tee).delete()

    page = editor.get(LISTING)

    assert text(page, "Bare", "price") == "No variants"
    assert text(page, "Bare", "stock") == "No variants"


def test_stock_links_to_the_grid_for_users_who_may_change_stock(editor, client):
    shirts = category_create(title="T-shirts")
    tee = make_product(category=shirts, title="Tee")
    grid = reverse("stock:product", args=(tee.pk,))

    assert rows(editor.get(LISTING))["Tee"]["stock"]["a"] == [grid]

    page_editor = page_editor_of(shirts, client=client)
    assert rows(page_editor.get(LISTING))["Tee"]["stock"]["a"] == []


def test_a_draft_product_is_listed_as_draft(editor):
    make_product(title="Upcoming", live=False)

    assert text(editor.get(LISTING), "Upcoming", "status").endswith("draft")


# --- Menu, permissions ---------------------------------------------------------------


def test_the_listing_is_in_the_admin_menu_for_page_editors(editor):
    menu = editor.get("/admin/").content.decode()

    assert '"name": "products"' in menu
    assert f'"url": "{LISTING}"' in menu


@pytest.mark.parametrize("group", [MARKETING, FULFILMENT])
def test_staff_without_page_permissions_get_no_menu_item_and_no_listing(client, group):
    make_product(title="Secret Tee")
    client.force_login(user_create(groups=(group,)))

    assert '"name": "products"' not in client.get("/admin/").content.decode()
    for url in (LISTING, f"{LISTING}results/", f"{LISTING}?q=Secret"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == "/admin/"
        assert b"Secret Tee" not in response.content


def test_a_buyer_gets_no_listing(client):
    make_product(title="Secret Tee")
    client.force_login(user_create())

    response = client.get(LISTING)

    assert response.status_code == 403
    assert b"Secret Tee" not in response.content


def test_an_editor_of_one_category_sees_only_its_products(client):
    shirts, mugs = category_create(title="T-shirts"), category_create(title="Mugs")
    make_product(category=shirts, title="Tee")
    make_product(category=mugs, title="Mug")

    page_editor = page_editor_of(shirts, client=client)

    assert set(rows(page_editor.get(LISTING))) == {"Tee"}
    assert set(rows(page_editor.get(f"{LISTING}?q=Mug"))) == set()


def test_add_product_asks_for_the_category_first(editor):
    category_create(title="T-shirts")
    category_create(title="Mugs")

    assert (
        'href="/admin/products/choose_parent/"' in editor.get(LISTING).content.decode()
    )
    page = editor.get(f"{LISTING}choose_parent/")
    assert page.status_code == 200
    assert 'name="parent_page"' in page.content.decode()


# --- Filters, search, sorting --------------------------------------------------------


def test_the_category_filter_takes_in_sub_categories(editor):
    shirts = category_create(title="T-shirts")
    organic = category_create(parent=shirts, title="Organic")
    mugs = category_create(title="Mugs")
    make_product(category=shirts, title="Tee")
    make_product(category=organic, title="Organic Tee")
    make_product(category=mugs, title="Mug")

    assert set(rows(editor.get(f"{LISTING}?category={shirts.pk}"))) == {
        "Tee",
        "Organic Tee",
    }
    only_organic = editor.get(f"{LISTING}?category={organic.pk}")
    assert set(rows(only_organic)) == {"Organic Tee"}
    assert "T-shirts \u203a Organic" in only_organic.content.decode()
    assert text(only_organic, "Organic Tee", "category") == "Organic"


def test_the_status_filter(editor):
    category = category_create()
    make_product(category=category, title="Live Tee")
    make_product(category=category, title="Draft Tee", live=False)

    assert set(rows(editor.get(f"{LISTING}?status=live"))) == {"Live Tee"}
    assert set(rows(editor.get(f"{LISTING}?status=draft"))) == {"Draft Tee"}
    page = editor.get(LISTING)
    assert len(rows(page)) == 2
    # Wagtail's filters stay, but for "has child pages": a product has none.
    assert "drilldown-id_owner" in page.content.decode()
    assert "drilldown-id_has_child_pages" not in page.content.decode()


def test_search_by_title_keeps_the_columns(editor):
    category = category_create()
    make_product(category=category, title="Organic Hoodie", price=Decimal("45.00"))
    make_product(category=category, title="Classic Tee")

    found = rows(editor.get(f"{LISTING}?q=hoodie"))

    assert set(found) == {"Organic Hoodie"}
    assert found["Organic Hoodie"]["price"]["text"] == "€ 45.00"
    assert found["Organic Hoodie"]["stock"]["text"] == "60 units"


def test_sorting_by_price_and_by_stock(editor):
    category = category_create()
    make_product(category=category, title="Mid", price=Decimal("20.00"), stock=1)
    make_product(category=category, title="Low", price=Decimal("10.00"), stock=9)
    make_product(category=category, title="High", price=Decimal("30.00"), stock=5)

    assert list(rows(editor.get(f"{LISTING}?ordering=admin_price_low"))) == [
        "Low",
        "Mid",
        "High",
    ]
    assert list(rows(editor.get(f"{LISTING}?ordering=-admin_units"))) == [
        "Low",
        "High",
        "Mid",
    ]


def test_sorting_by_an_annotation_is_dropped_while_searching(editor):
    make_product(title="Tee One")
    make_product(title="Tee Two")

    page = editor.get(f"{LISTING}?q=tee&ordering=admin_price_low")

    assert set(rows(page)) == {"Tee One", "Tee Two"}
    assert "Sort by &#x27;Price&#x27;" not in page.content.decode()
    assert "Sort by &#x27;Title&#x27;" in page.content.decode()


HOSTILE = [
    "category=99999999999999999999",
    "category=-1",
    "category=abc",
    "category=%00",
    "status=%00",
    "status=sold",
    "q=%00",
    "q=" + "x" * 10_000,
    "ordering=%00",
    "ordering=price_amount",
    "p=99999999999999999999",
    "p=-1",
    "owner=18446744073709551616",
    "owner=1&owner=abc&owner=%00",
    "site=18446744073709551616",
    "edited_by=99999999999999999999",
    "edited_by=1e999999",
    "site=NaN",
    "latest_revision_created_at_after=1e999999",
    "category=1&category=2&status[]=x",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_bad_parameters_are_no_server_error(editor, query):
    make_product(title="Tee")

    for url in (LISTING, f"{LISTING}results/"):
        response = editor.get(f"{url}?{query}")
        assert response.status_code == 200, (url, query)


# --- The explorer --------------------------------------------------------------------


def test_a_category_in_the_explorer_links_to_its_products(editor):
    shirts = category_create(title="T-shirts")
    make_product(category=shirts, title="Tee")

    page = editor.get(reverse("wagtailadmin_explore", args=(shirts.pk,)))

    assert page.status_code == 200
    assert f'href="{LISTING}?category={shirts.pk}"' in page.content.decode()


def test_a_product_has_no_products_link(editor):
    tee = make_product(title="Tee")

    page = editor.get(reverse("wagtailadmin_pages:edit", args=(tee.pk,)))

    assert "data-products-listing-link" not in page.content.decode()


# --- Query count ---------------------------------------------------------------------


def listing_queries(client) -> int:
    client.get(LISTING)  # the first view makes the thumbnails' renditions
    with CaptureQueriesContext(connection) as captured:
        response = client.get(LISTING)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_listing_costs_the_same_queries_for_2_and_for_20_products(editor):
    categories = [category_create(), category_create()]
    images = [image_create(hex_code=f"#{n:02x}3355") for n in range(4)]

    def add(n: int) -> None:
        make_product(
            category=categories[n % 2],
            image=images[n % 4],
            colors=1 + n % 3,
            stock=n % 2,
        )

    for n in range(2):
        add(n)
    two = listing_queries(editor)
    for n in range(2, 20):
        add(n)
    twenty = listing_queries(editor)

    assert len(rows(editor.get(LISTING))) == 20
    session = settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    assert two == twenty == LISTING_QUERIES + session
