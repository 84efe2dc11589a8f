from django.apps import AppConfig


class CmsPagesConfig(AppConfig):
    name = "cms_pages"
    label = "cms_pages"
    verbose_name = "Content pages"
