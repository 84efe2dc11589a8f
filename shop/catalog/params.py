"""What the storefront's catalog pages read from the query string (shop.core.params)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from shop.catalog.selectors import SORTS
from shop.core.forms import PriceField
from shop.core.params import QueryForm, text_field

SEARCH_MAX_LENGTH = 100
# Far more pages than any category has; a larger number shows the last page too.
PAGE_MAX = 10_000


class CategoryQueryForm(QueryForm):
    """Filters, sorting and page of a category listing."""

    # The lengths of ProductColor.name and ProductSize.name: nothing longer matches.
    color = text_field(max_length=50)
    size = text_field(max_length=20)
    # Read as the editor's price inputs read them: "12,50" or "12.50".
    min_price = PriceField(required=False)
    max_price = PriceField(required=False)
    sort = forms.ChoiceField(
        choices=[(key, key) for key in SORTS], required=False, initial="newest"
    )
    page = forms.IntegerField(required=False, min_value=1)

    lenient_fields = frozenset({"sort", "page"})
    field_messages = {
        "color": _("That color filter is not a color name; it was ignored."),
        "size": _("That size filter is not a size; it was ignored."),
        "min_price": _(
            "The minimum price is not a price such as 12.50 up to 10000; the filter "
            "was ignored."
        ),
        "max_price": _(
            "The maximum price is not a price such as 12.50 up to 10000; the filter "
            "was ignored."
        ),
    }

    def clean_page(self) -> int | None:
        page = self.cleaned_data["page"]
        return None if page is None else min(page, PAGE_MAX)


class SearchQueryForm(QueryForm):
    q = text_field(
        max_length=SEARCH_MAX_LENGTH,
        error_messages={
            "max_length": _("Search terms can be at most %(limit_value)d characters."),
            "control_chars": _("Search terms cannot hold control characters."),
            "null_characters_not_allowed": _(
                "Search terms cannot hold control characters."
            ),
        },
    )
