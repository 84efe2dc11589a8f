from shop.core.exceptions import ShopError


class CatalogError(ShopError):
    pass


class StockError(CatalogError):
    pass


class CatalogImportError(CatalogError):
    """A catalog file that cannot be imported; nothing was changed."""
