from django.core.paginator import Paginator

from shop.catalog.selectors import CategoryListing


def listing_on_page(number: int, pages: int = 10) -> CategoryListing:
    return CategoryListing(
        page=Paginator(range(pages * 2), 2).get_page(number),
        cards=[],
        subcategories=[],
        colors=[],
        sizes=[],
        price_bounds=(None, None),
        selected={"color": "Navy Blue"},
        sort="price",
    )


def test_page_links_show_ends_neighbours_and_gaps():
    listing = listing_on_page(5)

    shown = [link.number for link in listing.page_links]

    assert shown == [1, None, 3, 4, 5, 6, 7, None, 10]
    current = [link for link in listing.page_links if link.is_current]
    assert [link.number for link in current] == [5]
    assert current[0].query == "?color=Navy+Blue&sort=price&page=5"


def test_previous_and_next_keep_the_filters():
    assert listing_on_page(1).previous_query is None
    assert listing_on_page(1).next_query == "?color=Navy+Blue&sort=price&page=2"
    assert listing_on_page(10).next_query is None
    assert listing_on_page(10).previous_query == "?color=Navy+Blue&sort=price&page=9"


def test_small_listings_have_no_gaps():
    assert [link.number for link in listing_on_page(2, pages=4).page_links] == [
        1,
        2,
        3,
        4,
    ]


def test_cards_count_only_variants_of_current_options(db, catalog_tree):
    """A variant left over from a deleted color (a bulk-published autosave) is not
    sold: it sets neither the "from" price nor "in stock" of the card."""
    from decimal import Decimal

    from shop.catalog.models import ProductPage, ProductVariant, StockLevel
    from shop.catalog.selectors import product_cards_queryset

    tee = catalog_tree["products"][0]
    StockLevel.objects.filter(
        sku__in=tee.variants.values_list("sku", flat=True)
    ).update(quantity=0)
    ProductVariant.objects.create(
        page=tee, sku="LEFTOVER-1", color="Gone", size="M", price_amount=Decimal("1.00")
    )
    StockLevel.objects.create(sku="LEFTOVER-1", quantity=50)

    card = product_cards_queryset(base=ProductPage.objects.filter(pk=tee.pk)).get()

    assert card.min_price == min(
        v.price_amount for v in tee.variants.exclude(sku="LEFTOVER-1")
    )
    assert card.has_stock is False
