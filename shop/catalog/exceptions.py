from shop.core.exceptions import ShopError


class CatalogError(ShopError):
    pass


class StockError(CatalogError):
    pass


class CatalogImportError(CatalogError):
    """A catalog file that cannot be imported; nothing was changed.

    ``problems`` lists every problem found, one sentence each.
    """

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = list(problems or [])


class CatalogExportError(CatalogError):
    """The catalog cannot be written as a file that would import again."""
