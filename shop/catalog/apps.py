from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "shop.catalog"
    label = "catalog"
    verbose_name = "Catalog"

    def ready(self) -> None:
        from wagtail.signals import page_published

        from shop.catalog.models import ProductPage
        from shop.catalog.receivers import product_published

        page_published.connect(
            product_published,
            sender=ProductPage,
            dispatch_uid="catalog.product_published.stock_rows",
        )
