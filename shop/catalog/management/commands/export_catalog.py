import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from shop.catalog.exceptions import CatalogExportError
from shop.catalog.importexport import catalog_export


class Command(BaseCommand):
    help = (
        "Write the catalog (size guides, categories, live products, stock) to "
        "OUT_DIR/catalog.json and its images to OUT_DIR/images/; import_catalog reads "
        "it back."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("out_dir", help="The directory to write (created if new).")

    def handle(self, *args, out_dir: str, **options) -> None:
        target = Path(out_dir)
        if target.exists() and not target.is_dir():
            raise CommandError(f"{target} exists and is not a directory.")
        try:
            path = catalog_export(out_dir=target)
        except (CatalogExportError, OSError) as error:
            raise CommandError(str(error)) from error
        if options["verbosity"] > 0:
            data = json.loads(path.read_text(encoding="utf-8"))
            self.stdout.write(
                f"Exported {len(data['categories'])} categories, "
                f"{len(data['products'])} products, "
                f"{len(data['size_guides'])} size guides and the stock of "
                f"{len(data['stock'])} SKUs to {path} (images in {path.parent / 'images'})."
            )
