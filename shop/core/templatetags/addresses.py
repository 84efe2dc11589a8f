from django import template

from shop.core.address import PostalAddress

register = template.Library()


@register.filter(name="address_lines")
def address_lines(value) -> list[str]:
    """{% for line in order.shipping_address|address_lines %}: a stored address
    (a snapshot dict or a PostalAddress) as printed on a parcel label."""
    if isinstance(value, PostalAddress):
        return value.lines
    if not isinstance(value, dict):
        return []
    names = PostalAddress.__dataclass_fields__
    return PostalAddress(**{name: str(value.get(name, "")) for name in names}).lines
