from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from shop.catalog.exceptions import CatalogImportError
from shop.catalog.importexport import catalog_import, catalog_load

DEFAULT_PATH = Path(settings.BASE_DIR) / "fixtures" / "seed" / "catalog.json"


class Command(BaseCommand):
    help = (
        "Create or update size guides, categories, products and stock from a catalog "
        "file (format: shop/catalog/importexport/__init__.py). Importing the same file "
        "twice changes nothing; a file with problems changes nothing and lists them."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "path",
            nargs="?",
            default=str(DEFAULT_PATH),
            help="A catalog JSON file, or a directory with catalog.json "
            "(default: the seed catalog).",
        )
        parser.add_argument(
            "--no-renditions",
            action="store_true",
            help="Skip making the storefront's image renditions now.",
        )

    def handle(self, *args, path: str, no_renditions: bool, **options) -> None:
        try:
            data, base_dir = catalog_load(path=Path(path))
            report = catalog_import(
                data=data, base_dir=base_dir, warm_renditions=not no_renditions
            )
        except CatalogImportError as error:
            raise CommandError(str(error)) from error
        if options["verbosity"] > 0:
            self.stdout.write(str(report))
