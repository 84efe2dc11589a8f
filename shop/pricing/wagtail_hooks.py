"""Marketing in the Wagtail admin: offers (drafts, scheduling), codes, tiers, rules."""

from __future__ import annotations

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from shop.pricing.models import (
    DiscountCode,
    MultiBuyRule,
    PrintTechnique,
    SpecialOffer,
    VolumeTierTable,
)


class SpecialOfferViewSet(SnippetViewSet):
    model = SpecialOffer
    icon = "date"
    menu_label = "Special offers"
    list_display = ["name", "scope", "percent_off", "go_live_at", "expire_at"]
    list_filter = ["live"]
    search_fields = ["name"]


class DiscountCodeViewSet(SnippetViewSet):
    model = DiscountCode
    icon = "tag"
    menu_label = "Discount codes"
    list_display = [
        "code",
        "kind",
        "value",
        "used_count",
        "max_uses",
        "ends_at",
        "active",
    ]
    list_filter = ["kind", "active", "stackable"]
    search_fields = ["code"]


class VolumeTierTableViewSet(SnippetViewSet):
    model = VolumeTierTable
    icon = "list-ol"
    menu_label = "Volume tiers"
    list_display = ["name", "scope"]


class MultiBuyRuleViewSet(SnippetViewSet):
    model = MultiBuyRule
    icon = "cogs"
    menu_label = "Multi-buy rules"
    list_display = ["name", "scope", "buy", "pay", "active", "ends_at"]


class PrintTechniqueViewSet(SnippetViewSet):
    model = PrintTechnique
    icon = "pick"
    menu_label = "Print techniques"
    list_display = ["name", "surcharge_amount", "extra_color_amount", "is_default"]


class MarketingGroup(SnippetViewSetGroup):
    menu_label = "Marketing"
    menu_icon = "tag"
    menu_order = 250
    items = (
        SpecialOfferViewSet,
        DiscountCodeViewSet,
        VolumeTierTableViewSet,
        MultiBuyRuleViewSet,
        PrintTechniqueViewSet,
    )


register_snippet(MarketingGroup)
