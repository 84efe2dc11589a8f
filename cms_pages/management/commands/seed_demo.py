import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from cms_pages.demo import DemoSeedError, demo_seed
from shop.catalog.demo import SEED_CATALOG
from shop.catalog.exceptions import CatalogImportError

DEFAULT_EMAIL = "admin@atelier.test"
DEFAULT_PASSWORD = "atelier-demo"


class Command(BaseCommand):
    help = (
        "Set up the demo shop: import the seed catalog, add the content pages "
        "(terms, privacy, FAQ, shipping), footer links, shop settings and a demo admin "
        "(DEMO_ADMIN_EMAIL / DEMO_ADMIN_PASSWORD). Only adds what is missing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--catalog",
            default=str(SEED_CATALOG),
            help="The catalog file or directory to import (default: the seed).",
        )
        parser.add_argument(
            "--no-renditions",
            action="store_true",
            help="Skip making the storefront's image renditions now.",
        )

    def handle(self, *args, catalog: str, no_renditions: bool, **options) -> None:
        email = os.environ.get("DEMO_ADMIN_EMAIL") or DEFAULT_EMAIL
        password = os.environ.get("DEMO_ADMIN_PASSWORD") or DEFAULT_PASSWORD
        if settings.PRODUCTION and password == DEFAULT_PASSWORD:
            raise CommandError(
                "Set DEMO_ADMIN_PASSWORD: the default demo password is refused when "
                "DJANGO_ENV=production."
            )
        try:
            report = demo_seed(
                catalog_path=Path(catalog),
                admin_email=email,
                admin_password=password,
                warm_renditions=not no_renditions,
            )
        except (CatalogImportError, DemoSeedError) as error:
            raise CommandError(str(error)) from error
        if options["verbosity"] > 0:
            for line in report.lines():
                self.stdout.write(line)
        admin_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
            "wagtailadmin_home"
        )
        self.stdout.write(f"Demo admin: {email} / {password} at {admin_url}")
