"""Stock in the admin: the grid per product, the Stock list, the publish warning."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from shop.accounts.roles import EDITORS, FULFILMENT, MARKETING
from shop.catalog.exceptions import StockError
from shop.catalog.models import ProductPage, ProductVariant, StockLevel
from shop.catalog.services import STOCK_MAX, product_stock_set
from tests.factories.accounts import user_create
from tests.factories.catalog import category_create, image_create, product_create
from tests.shop.catalog.test_admin import edit_url, editor_data

pytestmark = pytest.mark.django_db


def grid_url(product) -> str:
    return reverse("stock:product", args=(product.pk,))


# The factory's SKUs use three letters of the color: keep them distinct.
COLORS = ("Ash", "Blue", "Coral", "Dune", "Ecru", "Fern")


def make_product(*, colors=2, sizes=3, stock=10, **kwargs) -> ProductPage:
    return product_create(
        category=category_create(),
        colors=tuple((name, "#112233") for name in COLORS[:colors]),
        sizes=tuple(f"S{i}" for i in range(sizes)),
        stock=stock,
        image=image_create(),
        **kwargs,
    )


def skus(product) -> list[str]:
    return list(
        ProductVariant.objects.filter(page=product)
        .order_by("sort_order")
        .values_list("sku", flat=True)
    )


def stock(product) -> dict[str, int]:
    return dict(
        StockLevel.objects.filter(sku__in=skus(product)).values_list("sku", "quantity")
    )


def grid_post(product, values: dict[str, str], *, shown: dict[str, str] | None = None):
    current = {sku: str(q) for sku, q in stock(product).items()}
    data = {}
    for sku in skus(product):
        data[f"stock-{sku}"] = values.get(sku, current.get(sku, ""))
        data[f"shown-{sku}"] = (shown or current).get(sku, "")
    return data


@pytest.fixture
def staff_client(client):
    client.force_login(user_create(groups=(FULFILMENT,)))
    return client


# --- The service ---------------------------------------------------------------------


def test_product_stock_set_writes_only_the_changed_skus_through_stock_set():
    product = make_product()
    first, second, *rest = skus(product)
    past = timezone.now() - timedelta(days=3)
    StockLevel.objects.filter(sku__in=skus(product)).update(updated_at=past)

    changed = product_stock_set(
        product=product, quantities={first: 4, second: 10, rest[0]: 0}
    )

    assert changed == 2
    levels = {level.sku: level for level in StockLevel.objects.all()}
    assert levels[first].quantity == 4
    assert levels[rest[0]].quantity == 0
    assert levels[first].updated_at > past
    assert levels[second].updated_at == past  # same count: not written
    assert all(levels[sku].updated_at == past for sku in rest[1:])


def test_product_stock_set_calls_stock_set_once_per_changed_sku(monkeypatch):
    from shop.catalog import services

    product = make_product(colors=1, sizes=3)
    first, second, third = skus(product)
    calls = []
    real = services.stock_set
    monkeypatch.setattr(
        services,
        "stock_set",
        lambda **kwargs: calls.append(kwargs) or real(**kwargs),
    )

    services.product_stock_set(
        product=product, quantities={first: 10, second: 0, third: 12}
    )

    assert calls == [{"sku": second, "quantity": 0}, {"sku": third, "quantity": 12}]


@pytest.mark.parametrize("bad", [-1, STOCK_MAX + 1, 10**12, True, 2.5, "3", None])
def test_product_stock_set_refuses_a_bad_quantity_and_stores_nothing(bad):
    product = make_product()
    first, second = skus(product)[:2]
    before = stock(product)

    with pytest.raises(StockError):
        product_stock_set(product=product, quantities={first: 3, second: bad})

    assert stock(product) == before


def test_product_stock_set_refuses_a_sku_of_another_product_or_unknown():
    product = make_product()
    other = make_product()
    before = stock(product) | stock(other)

    for sku in (skus(other)[0], "NOT-A-SKU"):
        with pytest.raises(StockError, match="does not offer"):
            product_stock_set(product=product, quantities={skus(product)[0]: 1, sku: 2})

    assert stock(product) | stock(other) == before
    assert not StockLevel.objects.filter(sku="NOT-A-SKU").exists()


def test_product_stock_set_refuses_a_sku_whose_size_was_removed():
    product = make_product(colors=1, sizes=2)
    gone = skus(product)[1]
    product.sizes.filter(name="S1").delete()

    with pytest.raises(StockError):
        product_stock_set(product=product, quantities={gone: 3})


def test_product_stock_set_accepts_the_bounds():
    product = make_product(colors=1, sizes=2)
    low, high = skus(product)

    product_stock_set(product=product, quantities={low: 0, high: STOCK_MAX})

    assert stock(product) == {low: 0, high: STOCK_MAX}


# --- The grid view -------------------------------------------------------------------


def test_the_grid_shows_colors_by_sizes_in_editor_order_with_read_only_skus(
    staff_client,
):
    product = make_product(colors=2, sizes=3)

    response = staff_client.get(grid_url(product))

    assert response.status_code == 200
    html = response.content.decode()
    grid = response.context["grid"]
    assert [c.name for c in grid.colors] == ["Ash", "Blue"]
    assert [s.name for s in grid.sizes] == ["S0", "S1", "S2"]
    assert [[cell.sku for cell in row] for row in grid.cells] == [
        skus(product)[0:3],
        skus(product)[3:6],
    ]
    for sku in skus(product):
        assert f'name="stock-{sku}"' in html
        assert f'name="sku-{sku}"' not in html  # the SKU is a label, not an input


def test_a_combination_without_variant_is_an_empty_cell(staff_client):
    product = make_product(colors=2, sizes=2)
    ProductVariant.objects.filter(page=product, color="Blue", size="S0").delete()

    response = staff_client.get(grid_url(product))

    cells = response.context["grid"].cells
    assert cells[1][0] is None
    assert cells[0][0] is not None
    assert "stock-grid__cell--none" in response.content.decode()


def test_one_post_saves_the_whole_product(staff_client):
    product = make_product(colors=2, sizes=3)
    all_skus = skus(product)
    values = {sku: str(n) for n, sku in enumerate(all_skus)}

    response = staff_client.post(grid_url(product), grid_post(product, values))

    assert response.status_code == 302
    assert response["Location"] == grid_url(product)
    assert stock(product) == {sku: n for n, sku in enumerate(all_skus)}
    page = staff_client.get(response["Location"])
    assert "6 SKUs changed" in page.content.decode()


def test_an_empty_cell_leaves_the_stock_as_it_is(staff_client):
    product = make_product(colors=1, sizes=2)
    first, second = skus(product)

    response = staff_client.post(
        grid_url(product), grid_post(product, {first: "", second: "3"})
    )

    assert response.status_code == 302
    assert stock(product) == {first: 10, second: 3}


def test_a_cell_sold_meanwhile_is_not_reset_by_saving_another(staff_client):
    product = make_product(colors=1, sizes=2)
    first, second = skus(product)
    data = grid_post(product, {second: "7"})
    StockLevel.objects.filter(sku=first).update(quantity=9)  # an order, meanwhile

    staff_client.post(grid_url(product), data)

    assert stock(product) == {first: 9, second: 7}


HOSTILE = [
    "-1",
    "abc",
    "1.5",
    "2,0",
    "1e3",
    str(STOCK_MAX + 1),
    "1000000000000",
    "12\x00",
    "\x00",
    "٣",  # an Arabic-Indic digit
    "+5",
    "0x10",
    "9" * 5000,
    "<script>alert(1)</script>",
]


@pytest.mark.parametrize("bad", HOSTILE)
def test_a_bad_cell_is_marked_and_nothing_is_stored(staff_client, bad):
    product = make_product(colors=2, sizes=2)
    first, second, third = skus(product)[:3]
    before = stock(product)

    response = staff_client.post(
        grid_url(product), grid_post(product, {first: "4", second: bad, third: "6"})
    )

    assert response.status_code == 400
    form = response.context["form"]
    assert list(form.errors) == [f"stock-{second}"]
    html = response.content.decode()
    assert "Nothing was saved" in html
    assert "Enter a whole number from 0 to 1000000." in html
    assert "<script>alert(1)</script>" not in html
    assert f'aria-describedby="id_stock-{second}-error"' in html
    assert f'id="id_stock-{second}-error"' in html
    assert stock(product) == before


@pytest.mark.parametrize("bad", ["abc", "-3", "\x00", "9" * 300])
def test_a_tampered_shown_value_never_causes_a_500(staff_client, bad):
    product = make_product(colors=1, sizes=2)
    first, second = skus(product)
    data = grid_post(product, {first: "4"}, shown={first: bad, second: bad})

    response = staff_client.post(grid_url(product), data)

    assert response.status_code in (302, 400)


def test_unknown_fields_in_the_post_store_nothing_else(staff_client):
    product = make_product(colors=1, sizes=1)
    other = make_product(colors=1, sizes=1)
    data = grid_post(product, {})
    data[f"stock-{skus(other)[0]}"] = "99"
    data["stock-NEW-SKU"] = "5"

    response = staff_client.post(grid_url(product), data)

    assert response.status_code == 302
    assert stock(other) == {skus(other)[0]: 10}
    assert not StockLevel.objects.filter(sku="NEW-SKU").exists()


def test_stock_of_a_product_not_yet_published_can_be_set(staff_client):
    product = make_product(colors=1, sizes=2, live=False)
    first = skus(product)[0]
    StockLevel.objects.filter(sku__in=skus(product)).delete()

    page = staff_client.get(grid_url(product))
    saved = staff_client.post(grid_url(product), grid_post(product, {first: "5"}))

    assert "This product is not live" in page.content.decode()
    assert "no stock row yet" in page.content.decode()
    assert saved.status_code == 302
    assert stock(product) == {first: 5}  # the empty cell made no row


@pytest.mark.parametrize("page_id", ["0", "999999", "99999999999999999999"])
def test_a_missing_product_is_a_404(staff_client, page_id):
    response = staff_client.get(f"/admin/stock/product/{page_id}/")

    assert response.status_code == 404


def test_a_page_that_is_not_a_product_is_a_404(staff_client):
    category = category_create()

    response = staff_client.get(grid_url(category))

    assert response.status_code == 404


ADMIN_HOME = "/admin/"


@pytest.mark.parametrize("groups", [(EDITORS,), (FULFILMENT,)])
def test_staff_with_the_change_stock_permission_use_the_grid(client, groups):
    product = make_product(colors=1, sizes=1)
    client.force_login(user_create(groups=groups))

    shown = client.get(grid_url(product))
    saved = client.post(grid_url(product), grid_post(product, {skus(product)[0]: "1"}))

    assert shown.status_code == 200
    assert (saved.status_code, saved["Location"]) == (302, grid_url(product))
    assert stock(product) == {skus(product)[0]: 1}


def test_staff_without_the_change_stock_permission_are_refused(client):
    """Wagtail's way of refusing staff: back to the dashboard, with a message."""
    product = make_product(colors=1, sizes=1)
    client.force_login(user_create(groups=(MARKETING,)))
    before = stock(product)

    shown = client.get(grid_url(product))
    saved = client.post(grid_url(product), grid_post(product, {skus(product)[0]: "1"}))

    assert (shown.status_code, shown["Location"]) == (302, ADMIN_HOME)
    assert (saved.status_code, saved["Location"]) == (302, ADMIN_HOME)
    assert stock(product) == before


def test_a_buyer_and_an_anonymous_visitor_cannot_reach_the_grid(client):
    product = make_product(colors=1, sizes=1)

    anonymous = client.get(grid_url(product))
    client.force_login(user_create())
    buyer = client.get(grid_url(product))

    assert anonymous.status_code == 302
    assert "/admin/login/" in anonymous["Location"]
    assert buyer.status_code == 403


@pytest.mark.parametrize("shape", [(1, 2), (5, 6)])
def test_the_grid_page_costs_the_same_queries_for_2_and_30_variants(
    staff_client, django_assert_max_num_queries, shape
):
    product = make_product(colors=shape[0], sizes=shape[1])
    staff_client.get(grid_url(product))  # warm per-process caches

    with django_assert_max_num_queries(14):
        response = staff_client.get(grid_url(product))

    assert len(response.context["grid"].skus) == shape[0] * shape[1]


# --- The Stock list -----------------------------------------------------------------


def test_the_stock_list_shows_one_row_per_sku_grouped_by_product(staff_client):
    b = make_product(colors=1, sizes=2, title="Beta Tee")
    a = make_product(colors=2, sizes=1, title="Alpha Hoodie")

    response = staff_client.get(reverse("stock:index"))

    assert response.status_code == 200
    rows = list(response.context["object_list"])
    assert [(r.product_title, r.color, r.size) for r in rows] == [
        ("Alpha Hoodie", "Ash", "S0"),
        ("Alpha Hoodie", "Blue", "S0"),
        ("Beta Tee", "Ash", "S0"),
        ("Beta Tee", "Ash", "S1"),
    ]
    html = response.content.decode()
    # Grouped: the title on the first row of each product only.
    assert html.count("Alpha Hoodie") == 1
    assert html.count("Beta Tee") == 1
    assert grid_url(a) in html
    assert grid_url(b) in html
    assert "/admin/stock/add/" not in html
    assert "/admin/stock/edit/" not in html


def test_the_stock_list_has_no_add_or_edit_views(staff_client):
    assert staff_client.get("/admin/stock/add/").status_code == 404
    assert staff_client.get("/admin/stock/edit/1/").status_code == 404


def test_the_stock_list_filters_by_state_and_searches_sku_and_title(staff_client):
    product = make_product(colors=1, sizes=3, title="Canvas Bag")
    out, low, full = skus(product)
    product_stock_set(product=product, quantities={out: 0, low: 2, full: 50})
    make_product(colors=1, sizes=1, title="Other Thing")
    url = reverse("stock:index")

    def listed(**params) -> list[str]:
        response = staff_client.get(url, params)
        assert response.status_code == 200
        return [r.sku for r in response.context["object_list"]]

    assert listed(state="out") == [out]
    assert listed(state="low") == [low]
    assert out not in listed(state="in")
    assert full in listed(state="in")
    assert listed(q="canvas") == [out, low, full]
    assert listed(q=low) == [low]
    for hostile in ("nonsense", "\x00", "9" * 5000, "-1"):
        assert staff_client.get(url, {"state": hostile}).status_code == 200
        assert staff_client.get(url, {"q": hostile, "p": hostile}).status_code == 200


def test_a_sku_no_longer_offered_is_not_listed(staff_client):
    product = make_product(colors=1, sizes=2)
    kept, gone = skus(product)
    product.sizes.filter(name="S1").delete()

    response = staff_client.get(reverse("stock:index"))

    assert [r.sku for r in response.context["object_list"]] == [kept]
    assert gone not in response.content.decode()


@pytest.mark.parametrize("count", [1, 6])
def test_the_stock_list_costs_the_same_queries_for_few_or_many_products(
    staff_client, django_assert_max_num_queries, count
):
    for _ in range(count):
        make_product(colors=2, sizes=3)
    staff_client.get(reverse("stock:index"))

    with django_assert_max_num_queries(14):
        response = staff_client.get(reverse("stock:index"))

    assert len(response.context["object_list"]) == count * 6


@pytest.mark.parametrize(
    ("groups", "status"),
    [((EDITORS,), 200), ((FULFILMENT,), 200), ((MARKETING,), 302)],
)
def test_the_stock_list_needs_a_stock_permission(client, groups, status):
    client.force_login(user_create(groups=groups))

    assert client.get(reverse("stock:index")).status_code == status


# --- Reaching the grid, and the warning after publishing ------------------------------


@pytest.fixture
def editor_client(client):
    client.force_login(user_create(groups=(EDITORS,)))
    return client


def test_the_product_edit_page_links_to_its_grid(editor_client):
    product = make_product(colors=1, sizes=1)

    response = editor_client.get(edit_url(product))

    assert response.status_code == 200
    assert f'href="{grid_url(product)}"' in response.content.decode()


def test_no_grid_link_for_staff_without_the_stock_permission_or_other_pages():
    from shop.catalog.wagtail_hooks import product_stock_header_button

    product = make_product(colors=1, sizes=1)
    buyer = user_create()
    editor = user_create(groups=(EDITORS,))

    assert list(product_stock_header_button(product, buyer, "edit")) == []
    assert list(product_stock_header_button(product.get_parent(), editor, "edit")) == []
    assert len(list(product_stock_header_button(product, editor, "edit"))) == 1


def published_messages(client, product, **overrides) -> list:
    response = client.post(edit_url(product), editor_data(product, **overrides))
    assert response.status_code == 302, response.context["form"].errors
    followed = client.get(response["Location"])
    return [(m.level_tag, str(m.message)) for m in followed.context["messages"]]


def test_publishing_tells_how_many_skus_have_no_stock_with_a_link(editor_client):
    product = make_product(colors=1, sizes=1, title="Navy Tee")
    sizes = [{"id": s.pk, "name": s.name} for s in product.sizes.all()]
    sizes += [{"id": "", "name": name} for name in ("L", "XL", "XXL")]

    shown = published_messages(editor_client, product, sizes=sizes)

    warnings = [text for level, text in shown if level == "warning"]
    assert len(warnings) == 1
    assert "3 SKUs of this product have no stock." in warnings[0]
    assert "Set stock" in warnings[0]
    assert grid_url(product) in warnings[0]
    assert any("published" in text for level, text in shown if level == "success")


def test_one_sku_without_stock_is_said_in_the_singular(editor_client):
    product = make_product(colors=1, sizes=1)
    sizes = [{"id": s.pk, "name": s.name} for s in product.sizes.all()]

    shown = published_messages(
        editor_client, product, sizes=[*sizes, {"id": "", "name": "L"}]
    )

    assert any(
        "1 SKU of this product has no stock." in text
        for level, text in shown
        if level == "warning"
    )


def test_no_warning_when_every_sku_has_stock(editor_client):
    product = make_product(colors=1, sizes=2)

    shown = published_messages(editor_client, product)

    assert [text for level, text in shown if level == "warning"] == []


def test_saving_a_draft_gives_no_stock_warning(editor_client):
    product = make_product(colors=1, sizes=1, stock=0)

    response = editor_client.post(edit_url(product), editor_data(product, action=None))
    followed = editor_client.get(response["Location"])

    assert [m for m in followed.context["messages"] if m.level_tag == "warning"] == []


def test_the_warning_counts_a_sku_with_zero_units(editor_client):
    product = make_product(colors=2, sizes=1, stock=5)
    StockLevel.objects.filter(sku=skus(product)[0]).update(quantity=0)

    shown = published_messages(editor_client, product)

    assert any("1 SKU of this product" in text for _level, text in shown)


# --- Settings ------------------------------------------------------------------------


def test_the_admin_calls_out_to_no_gravatar(editor_client):
    from django.conf import settings

    response = editor_client.get(reverse("wagtailadmin_home"))

    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None
    assert "gravatar" not in response.content.decode().lower()


def test_the_dashboard_asks_no_third_party_for_new_versions(client):
    from shop.accounts.models import User

    user = User.objects.create_superuser(email="root@atelier.test", password="pw")
    client.force_login(user)

    response = client.get(reverse("wagtailadmin_home"))

    assert response.status_code == 200
    assert "w-upgrade" not in response.content.decode()


def bulk_publish(client, *pages):
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
    query = "&".join(f"id={page.pk}" for page in pages)
    response = client.post(f"{url}?{query}&next=/admin/pages/", {})
    assert response.status_code == 302
    followed = client.get(response["Location"])
    return [
        (m.level_tag, str(m.message))
        for m in followed.context["messages"]
        if m.level_tag == "warning"
    ]


def test_publishing_from_the_page_listing_warns_too(editor_client):
    product = make_product(colors=2, sizes=2, stock=0)

    warnings = bulk_publish(editor_client, product)

    assert len(warnings) == 1
    assert "4 SKUs of this product have no stock." in warnings[0][1]
    assert grid_url(product) in warnings[0][1]


def test_publishing_several_products_warns_once_with_the_stock_list(editor_client):
    first = make_product(colors=1, sizes=2, stock=0)
    second = make_product(colors=1, sizes=1, stock=0)
    stocked = make_product(colors=1, sizes=1, stock=3)

    warnings = bulk_publish(editor_client, first, second, stocked)

    assert len(warnings) == 1
    assert "3 SKUs of 2 published products have no stock." in warnings[0][1]
    assert "/admin/stock/?state=out" in warnings[0][1]


def test_the_grid_query_count_does_not_grow_with_the_variants(staff_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for shape in ((1, 2), (5, 6)):
        product = make_product(colors=shape[0], sizes=shape[1])
        staff_client.get(grid_url(product))
        with CaptureQueriesContext(connection) as queries:
            staff_client.get(grid_url(product))
        counts.append(len(queries))

    assert counts[0] == counts[1]
