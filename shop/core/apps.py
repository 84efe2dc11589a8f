from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "shop.core"
    label = "core"
    verbose_name = "Shop"

    def ready(self) -> None:
        from wagtail.images import get_image_model
        from wagtail.models import PageViewRestriction, Site

        from shop.core import (
            checks,  # noqa: F401  (registers the system checks)
            receivers,
        )
        from shop.core.models import ShopSettings

        receivers.content_models_register(
            Site, PageViewRestriction, ShopSettings, get_image_model()
        )
        receivers.connect()
