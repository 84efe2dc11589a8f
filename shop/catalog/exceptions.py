from shop.core.exceptions import ShopError


class CatalogError(ShopError):
    code = "catalog_error"


class StockError(CatalogError):
    """Stock cannot change as asked; ``out_of_stock`` is a conflict (409)."""

    code = "invalid_stock"


class OutOfStockError(StockError):
    code = "out_of_stock"
    http_status = 409


class CatalogImportError(CatalogError):
    """A catalog file that cannot be imported; nothing was changed.

    ``problems`` lists every problem found, one sentence each.
    """

    code = "catalog_import_invalid"

    def __init__(
        self, message: str, problems: list[str] | None = None, *, code=None
    ) -> None:
        super().__init__(message, code=code)
        self.problems = list(problems or [])


class CatalogExportError(CatalogError):
    """The catalog cannot be written as a file that would import again."""

    code = "catalog_export_invalid"
