from django import template

from shop.core.money import Money, format_money

register = template.Library()


@register.filter(name="money")
def money_filter(value: Money | None) -> str:
    """{{ price|money }}: the one way amounts are shown."""
    if value is None:
        return ""
    return format_money(value)


@register.filter(name="money_amount")
def money_amount_filter(value, currency: str) -> str:
    """{{ "12.50"|money_amount:order.currency }}: a stored amount (a decimal string
    of a snapshot) shown like any price."""
    if value in (None, ""):
        return ""
    return format_money(Money.parse(str(value), currency))
