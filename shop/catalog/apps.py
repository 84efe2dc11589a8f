from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "shop.catalog"
    label = "catalog"
    verbose_name = "Catalog"

    def ready(self) -> None:
        from wagtail.signals import page_published

        from shop.catalog.models import (
            PrintArea,
            ProductColor,
            ProductPage,
            ProductSize,
            ProductVariant,
            SizeGuide,
            StockLevel,
        )
        from shop.catalog.receivers import product_published
        from shop.core.receivers import content_models_register

        content_models_register(
            ProductColor, ProductSize, ProductVariant, PrintArea, SizeGuide, StockLevel
        )

        page_published.connect(
            product_published,
            sender=ProductPage,
            dispatch_uid="catalog.product_published.stock_rows",
        )
