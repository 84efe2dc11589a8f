from django.apps import AppConfig


class CmsPagesConfig(AppConfig):
    name = "cms_pages"
    label = "cms_pages"
    verbose_name = "Content pages"

    def ready(self) -> None:
        from cms_pages.models import FooterLink
        from shop.core.receivers import content_models_register

        content_models_register(FooterLink)
