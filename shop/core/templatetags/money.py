from django import template

from shop.core.money import Money, format_money

register = template.Library()


@register.filter(name="money")
def money_filter(value: Money | None) -> str:
    """{{ price|money }}: the one way amounts are shown."""
    if value is None:
        return ""
    return format_money(value)
