"""Path converters of the API: ids and SKUs the database can hold, else no match (404)."""

from shop.core.params import ID_MAX


class PageIdConverter:
    """A page id that fits the id column: longer numbers match no route (404)
    instead of overflowing the database's integer."""

    regex = "[0-9]{1,10}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 1 <= number <= ID_MAX:
            raise ValueError(value)  # no match: the URL is a 404
        return number

    def to_url(self, value: int) -> str:
        return str(value)


class SkuConverter:
    """What SKU_VALIDATOR allows, nothing longer or stranger reaches the database."""

    regex = "[A-Z0-9][A-Z0-9-]{1,62}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
