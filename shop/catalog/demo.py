"""The demo catalog: the seed file (fixtures/seed/catalog.json) run through the importer.

What the demo sells is data, not code: add products, categories or size guides to the
seed file, and this function imports them.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from shop.catalog.importexport import ImportReport, catalog_import, catalog_load

SEED_CATALOG = Path(settings.BASE_DIR) / "fixtures" / "seed" / "catalog.json"


def catalog_seed_demo(
    *, catalog_path: Path = SEED_CATALOG, warm_renditions: bool = True
) -> ImportReport:
    """Import the seed catalog; products already there are updated, none repeated."""
    data, base_dir = catalog_load(path=catalog_path)
    return catalog_import(data=data, base_dir=base_dir, warm_renditions=warm_renditions)
