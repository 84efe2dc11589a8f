from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "shop.core"
    label = "core"
    verbose_name = "Shop"

    def ready(self) -> None:
        from shop.core import checks  # noqa: F401  (registers the system checks)
