import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, OutputWrapper

from shop.catalog.exceptions import CatalogImportError
from shop.catalog.importexport import catalog_import, catalog_load

DEFAULT_PATH = Path(settings.BASE_DIR) / "fixtures" / "seed" / "catalog.json"


class ProgressBar:
    """``stage [#####.....] done/total``, redrawn in place at most 10 times a second."""

    WIDTH = 30

    def __init__(self, stream: OutputWrapper) -> None:
        self.stream = stream
        self.shown_at = 0.0
        self.last = ""

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if stage == self.last and done < total and now - self.shown_at < 0.1:
            return
        self.shown_at, self.last = now, stage
        if total:
            filled = self.WIDTH * done // total
            bar = "#" * filled + "." * (self.WIDTH - filled)
            line = f"{stage:<11}[{bar}] {done}/{total}"
        else:
            line = f"{stage}..."
        self.stream.write(f"\r{line:<60}", ending="")
        self.stream.flush()

    def finish(self) -> None:
        if self.last:
            self.stream.write("")
            self.stream.flush()


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
            "--progress",
            action="store_true",
            help="Show a progress bar even when stderr is not a terminal.",
        )
        parser.add_argument(
            "--no-renditions",
            action="store_true",
            help="Skip making the storefront's image renditions now.",
        )

    def handle(
        self, *args, path: str, no_renditions: bool, progress: bool, **options
    ) -> None:
        bar = None
        if options["verbosity"] > 0 and (progress or self.stderr.isatty()):
            bar = ProgressBar(self.stderr)
        try:
            data, base_dir = catalog_load(path=Path(path))
            report = catalog_import(
                data=data,
                base_dir=base_dir,
                warm_renditions=not no_renditions,
                progress=bar,
            )
        except CatalogImportError as error:
            raise CommandError(str(error)) from error
        finally:
            if bar is not None:
                bar.finish()
        if options["verbosity"] > 0:
            self.stdout.write(str(report))
