"""Writing a validated plan: pages, inline rows, images and stock."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.utils.file import hash_filelike

from shop.catalog.exceptions import CatalogImportError
from shop.catalog.importexport.bulk import index_pages, inline_rows, products_create
from shop.catalog.importexport.checks import plan_import
from shop.catalog.importexport.media import MediaJournal, media_discarded_on_error
from shop.catalog.importexport.plan import (
    CategoryPlan,
    ImageSpec,
    ImportPlan,
    ImportReport,
    ProductPlan,
    SizeGuidePlan,
)
from shop.catalog.models import (
    CategoryPage,
    ProductPage,
    SizeGuide,
    StockLevel,
    View,
)
from shop.catalog.selectors import CARD_RENDITIONS, DETAIL_RENDITIONS, THUMB_RENDITIONS
from shop.catalog.services import image_store
from shop.catalog.size_guides import (
    GuideTable,
    size_guide_table_value,
    size_guide_tables,
)
from shop.core.content_cache import content_changed
from shop.core.text import text_clean


def _image_hash(image) -> str | None:
    if image is None:
        return None
    if image.file_hash:
        return image.file_hash
    try:
        with image.open_file() as f:
            return hash_filelike(f)
    except OSError:
        return f"missing-file-{image.pk}"


def _category_state(page: CategoryPage) -> dict:
    return {
        "title": page.title,
        "intro": page.intro,
        "products_per_page": page.products_per_page,
        "show_in_menus": page.show_in_menus,
        "image": _image_hash(page.image),
    }


def _category_wanted(plan: CategoryPlan) -> dict:
    return {
        "title": plan.title,
        "intro": plan.intro,
        "products_per_page": plan.products_per_page,
        "show_in_menus": plan.show_in_menus,
        "image": plan.image.sha1() if plan.image else None,
    }


def _product_state(page: ProductPage) -> dict:
    return {
        "title": page.title,
        "summary": page.summary,
        "description": page.description,
        "material": page.material,
        "base_price": page.base_price_amount,
        "name_price": page.name_price_amount,
        "number_price": page.number_price_amount,
        "is_featured": page.is_featured,
        "colors": [
            (
                c.name,
                c.hex_code.lower(),
                {view: _image_hash(c.image_for(view)) for view in View.values},
            )
            for c in _rows(page, "colors")
        ],
        "sizes": [s.name for s in _rows(page, "sizes")],
        "variants": [
            (v.sku, v.color, v.size, v.price_amount) for v in _rows(page, "variants")
        ],
        "print_areas": [
            (
                a.view,
                a.left_percent,
                a.top_percent,
                a.width_percent,
                a.height_percent,
                a.width_mm,
                a.height_mm,
                a.price_amount,
            )
            for a in _rows(page, "print_areas")
        ],
        "size_guide": page.size_guide_id,
    }


def _rows(page: ProductPage, relation: str) -> list:
    """Inline rows in editor order; pk breaks ties of rows without a sort order.
    Sorted here, so rows the plan prefetched are not read again."""
    return sorted(
        getattr(page, relation).all(),
        key=lambda row: (row.sort_order is None, row.sort_order or 0, row.pk or 0),
    )


def _product_wanted(plan: ProductPlan, guide_ids: dict[str, int]) -> dict:
    return {
        "title": plan.title,
        "summary": plan.summary,
        "description": plan.description,
        "material": plan.material,
        "base_price": plan.base_price,
        "name_price": plan.name_price,
        "number_price": plan.number_price,
        "is_featured": plan.is_featured,
        "colors": [
            (
                c.name,
                c.hex_code,
                {
                    view: c.images[view].sha1() if view in c.images else None
                    for view in View.values
                },
            )
            for c in plan.colors
        ],
        "sizes": list(plan.sizes),
        "variants": [(v.sku, v.color, v.size, v.price) for v in plan.variants],
        "print_areas": [
            (
                a.view,
                a.left,
                a.top,
                a.width,
                a.height,
                a.width_mm,
                a.height_mm,
                a.price,
            )
            for a in plan.print_areas
        ],
        "size_guide": guide_ids[plan.size_guide] if plan.size_guide else None,
    }


def _store(spec: ImageSpec | None, media: MediaJournal):
    if spec is None:
        return None
    content = spec.read()
    stored = media.images.get(content)
    if stored is not None:  # the same image earlier in this import
        return stored
    reusable = set(
        get_image_model()
        .objects.filter(file_hash=hashlib.sha1(content).hexdigest())
        .values_list("pk", flat=True)
    )
    image = image_store(content=content, filename=spec.filename, title=spec.title)
    if image.pk not in reusable:
        media.add(image.file)  # a new file: delete it if the import rolls back
    media.images[content] = image
    return image


def _write_category(
    plan: CategoryPlan, parent: Page, report: ImportReport, media: MediaJournal
) -> Page:
    page = plan.existing
    if (
        page is not None
        and page.live
        and _category_state(page) == _category_wanted(plan)
    ):
        report.categories_unchanged += 1
        return page
    created = page is None
    if created:
        page = CategoryPage(slug=plan.slug, title=plan.title, live=False)
    page.title = plan.title
    page.intro = plan.intro
    page.products_per_page = plan.products_per_page
    page.show_in_menus = plan.show_in_menus
    page.image = _store(plan.image, media)
    if created:
        parent.add_child(instance=page)
        report.categories_created += 1
    else:
        report.categories_updated += 1
    page.save_revision().publish()
    return page


def _write_size_guide(plan: SizeGuidePlan, report: ImportReport) -> SizeGuide:
    """Create the guide or bring its intro and table in line; unchanged: not saved."""
    guide = plan.existing
    wanted = [GuideTable(rows=plan.rows)]
    if guide is not None and (guide.intro, size_guide_tables(guide=guide)) == (
        plan.intro,
        wanted,
    ):
        report.size_guides_unchanged += 1
        return guide
    if guide is None:
        guide = SizeGuide(name=plan.name)
        report.size_guides_created += 1
    else:
        report.size_guides_updated += 1
    guide.intro = plan.intro
    guide.table = size_guide_table_value(rows=plan.rows)
    guide.full_clean()
    guide.save()
    return guide


def _write_product(
    plan: ProductPlan,
    report: ImportReport,
    media: MediaJournal,
    guide_ids: dict[str, int],
) -> Page:
    """An existing product: left alone when the file says what it shows, else one new
    published revision, as the editor's Publish (new products: ``bulk``)."""
    page = plan.existing
    if page.live and _product_state(page) == _product_wanted(plan, guide_ids):
        report.products_unchanged += 1
        return page
    page.title = plan.title
    page.summary = plan.summary
    page.description = plan.description
    page.material = plan.material
    page.base_price_amount = plan.base_price
    page.name_price_amount = plan.name_price
    page.number_price_amount = plan.number_price
    page.is_featured = plan.is_featured
    page.size_guide_id = guide_ids[plan.size_guide] if plan.size_guide else None
    # New rows (no pk): publishing deletes the old rows first, so SKUs and names can
    # move between rows without tripping the unique constraints. Rows assigned in
    # code get no sort order from modelcluster, so it is set here.
    rows = inline_rows(plan, lambda spec: _store(spec, media))
    page.colors = rows.colors
    page.sizes = rows.sizes
    page.variants = rows.variants
    page.print_areas = rows.print_areas
    report.products_updated += 1
    page.save_revision().publish()
    return page


def _write_stock(plan: ImportPlan, report: ImportReport) -> None:
    """Rows for every SKU, then the listed counts that differ, in bulk (the plan
    checked each count against the rules of ``stock_set``)."""
    skus = sorted({v.sku for p in plan.products for v in p.variants} | set(plan.stock))
    current: dict[str, int] = {}
    for start in range(0, len(skus), 5000):
        current.update(
            StockLevel.objects.filter(sku__in=skus[start : start + 5000]).values_list(
                "sku", "quantity"
            )
        )
    StockLevel.objects.bulk_create(
        [StockLevel(sku=sku, quantity=0) for sku in skus if sku not in current],
        batch_size=2000,
        ignore_conflicts=True,
    )
    now = timezone.now()
    changed = [
        StockLevel(sku=sku, quantity=quantity, updated_at=now)
        for sku, quantity in sorted(plan.stock.items())
        if current.get(sku, 0) != quantity
    ]
    StockLevel.objects.bulk_create(
        changed,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["sku"],
        update_fields=["quantity", "updated_at"],
    )
    report.stock_changed += len(changed)


def catalog_import(
    *,
    data: dict,
    base_dir: Path | None,
    warm_renditions: bool = True,
    progress: Callable[[str, int, int], None] | None = None,
) -> ImportReport:
    """Create or update size guides, categories, products and stock from a catalog
    (module doc).

    Checks the whole catalog first and raises ``CatalogImportError`` listing every
    problem; writes in one transaction of its own (``durable``: the files it writes
    are deleted when that transaction fails, which an outer transaction rolled back
    later would defeat). Any failure while writing, a database refusal included,
    leaves no rows and no files behind. With ``warm_renditions`` the storefront's
    image renditions are made after the commit. ``progress(stage, done, total)`` is
    told how far the products have got ("products") and when indexing and renditions
    start.

    New products are created in bulk (``importexport.bulk``); search and reference
    indexing is done once at the end for what changed, not per save.
    """
    report_progress = progress or (lambda stage, done, total: None)
    image_model = get_image_model()
    report = ImportReport()
    with (
        media_discarded_on_error() as media,
        transaction.atomic(durable=True),
        disable_reference_index_auto_update(),
    ):
        plan = plan_import(data=data, base_dir=base_dir)
        images_before = image_model.objects.count()
        try:
            guide_ids = dict(plan.shop_guides)
            for guide in plan.size_guides:
                guide_ids[guide.name] = _write_size_guide(guide, report).pk
            pages: dict[str, Page] = {}
            changed: list[Page] = []  # saved or created: their indexes are redone
            for category in plan.categories:
                parent = (
                    plan.root if category.parent is None else pages[category.parent]
                )
                unchanged = report.categories_unchanged
                pages[category.slug] = _write_category(category, parent, report, media)
                if report.categories_unchanged == unchanged:
                    changed.append(pages[category.slug])
            new, written = [], {}
            total = len(plan.products)
            for product in plan.products:
                report_progress("products", len(written), total)
                if product.existing is None:
                    new.append((product, pages[product.category]))
                    continue
                unchanged = report.products_unchanged
                page = _write_product(product, report, media, guide_ids)
                written[id(product)] = page
                if report.products_unchanged == unchanged:
                    changed.append(page)
            created = products_create(
                items=new,
                image_for=lambda spec: _store(spec, media),
                guide_ids=guide_ids,
                progress=lambda done: report_progress(
                    "products", len(written) + done, total
                ),
            )
            report.products_created += len(created)
            for (product, _parent), page in zip(new, created, strict=True):
                written[id(product)] = page
            changed += created
            report.product_ids = [written[id(p)].pk for p in plan.products]
            _write_stock(plan, report)
            # Wagtail's per-save reference indexing was off, and the bulk pages were
            # never saved through the ORM: index what changed, once.
            report_progress("products", total, total)
            report_progress("indexing", 0, len(changed))
            index_pages(
                changed,
                progress=lambda done: report_progress("indexing", done, len(changed)),
            )
            if (
                changed
                or report.stock_changed
                or report.size_guides_created + report.size_guides_updated
            ):
                content_changed()
        except ValidationError as error:
            # Checked above; a rule the check missed still fails cleanly.
            raise CatalogImportError(
                "The catalog could not be saved; nothing was imported: "
                + "; ".join(error.messages),
                problems=error.messages,
            ) from error
        except DatabaseError as error:
            # A constraint the checks cannot see (a concurrent edit took a SKU).
            raise CatalogImportError(
                "The database refused the catalog; nothing was imported: "
                + _first_line(error)
            ) from error
        except OSError as error:
            raise CatalogImportError(
                f"An image could not be stored; nothing was imported: {error}."
            ) from error
        report.images_created = image_model.objects.count() - images_before
    if warm_renditions:
        report_progress("renditions", 0, len(report.product_ids))
        report.renditions_created = renditions_warm(
            products=ProductPage.objects.filter(pk__in=report.product_ids)
        )
    return report


def _first_line(error: Exception) -> str:
    lines = str(error).strip().splitlines()
    return text_clean(lines[0] if lines else type(error).__name__, max_length=300)


def renditions_warm(*, products: Iterable[ProductPage]) -> int:
    """Make the renditions the storefront shows for these products; how many were new.

    The product card shows the first color's front image; the product page shows every
    image, with thumbnails when a color has several views. Done once here, the first
    page views find them instead of rendering them.
    """
    image_model = get_image_model()
    rendition_model = image_model.get_rendition_model()
    specs: dict[int, set[str]] = {}
    for product in products:
        colors = _rows(product, "colors")
        for index, color in enumerate(colors):
            views = {
                view: getattr(color, f"{view}_image_id")
                for view in View.values
                if getattr(color, f"{view}_image_id")
            }
            for view, image_id in views.items():
                wanted = specs.setdefault(image_id, set())
                wanted.update(DETAIL_RENDITIONS)
                if len(views) > 1:
                    wanted.update(THUMB_RENDITIONS)
                if index == 0 and view == View.FRONT:
                    wanted.update(CARD_RENDITIONS)
    if not specs:
        return 0
    existing = rendition_model.objects.filter(image_id__in=list(specs))
    before = existing.count()
    for image in image_model.objects.filter(pk__in=list(specs)):
        image.get_renditions(*sorted(specs[image.pk]))
    return existing.count() - before
