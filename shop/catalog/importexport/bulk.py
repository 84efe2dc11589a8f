"""New products written in bulk: a few statements per batch instead of ~300 per product.

A product the shop does not have yet is created as the editor's "Publish" would leave
it (a live page at the next position under its category, with its inline rows, one
published revision, the audit log's create and publish entries, stock rows), but
without going through ``add_child``, ``save_revision`` and ``publish`` one product at
a time: pages, the product rows, inline rows, revisions and log entries are each
inserted for a whole batch. Saves of existing products keep the editor's path
(``writer._write_product``).

Search and reference indexing of the new pages happen once, for all of them, at the
end (``index_pages``); callers turn Wagtail's per-save indexing off meanwhile.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.models import (
    COMMENTS_RELATION_NAME,
    Page,
    PageLogEntry,
    ReferenceIndex,
    Revision,
)
from wagtail.search.backends import get_search_backends

from shop.catalog.importexport.plan import ProductPlan
from shop.catalog.models import (
    PrintArea,
    ProductColor,
    ProductPage,
    ProductSize,
    ProductVariant,
    View,
)

BATCH = 500


@dataclass
class InlineRows:
    colors: list[ProductColor]
    sizes: list[ProductSize]
    variants: list[ProductVariant]
    print_areas: list[PrintArea]


def inline_rows(
    plan: ProductPlan, image_for: Callable, page: ProductPage | None = None
) -> InlineRows:
    """A product's colors (images stored by ``image_for``), sizes, variants and print
    areas from its plan, in the file's order (``page`` set for a bulk insert; rows
    given to a page's cluster get it on save)."""
    page_of = {"page": page} if page is not None else {}
    return InlineRows(
        colors=[
            ProductColor(
                **page_of,
                sort_order=i,
                name=c.name,
                hex_code=c.hex_code,
                **{
                    f"{view}_image": image_for(c.images.get(view))
                    for view in View.values
                },
            )
            for i, c in enumerate(plan.colors)
        ],
        sizes=[
            ProductSize(**page_of, sort_order=i, name=s)
            for i, s in enumerate(plan.sizes)
        ],
        variants=[
            ProductVariant(
                **page_of,
                sort_order=i,
                sku=v.sku,
                color=v.color,
                size=v.size,
                price_amount=v.price,
            )
            for i, v in enumerate(plan.variants)
        ],
        print_areas=[
            PrintArea(
                **page_of,
                sort_order=i,
                view=a.view,
                left_percent=a.left,
                top_percent=a.top,
                width_percent=a.width,
                height_percent=a.height,
                width_mm=a.width_mm,
                height_mm=a.height_mm,
                price_amount=a.price,
            )
            for i, a in enumerate(plan.print_areas)
        ],
    )


def _next_step(parent: Page) -> int:
    last = (
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    return Page._str2int(last[-Page.steplen :]) if last else 0


def products_create(
    *,
    items: list[tuple[ProductPlan, Page]],
    image_for: Callable,
    guide_ids: dict[str, int],
    progress: Callable[[int], None] = lambda done: None,
) -> list[ProductPage]:
    """Create these new products (plan, parent category) in batches; returns them.
    ``progress`` gets the number created so far after each batch."""
    created: list[ProductPage] = []
    steps: dict[int, int] = {}
    for start in range(0, len(items), BATCH):
        created += _batch(items[start : start + BATCH], image_for, guide_ids, steps)
        progress(len(created))
    for parent_id, _step in steps.items():
        parent = Page.objects.get(pk=parent_id)
        parent.numchild = Page.objects.filter(
            path__startswith=parent.path, depth=parent.depth + 1
        ).count()
        Page.objects.filter(pk=parent_id).update(numchild=parent.numchild)
    return created


def _batch(
    items: list[tuple[ProductPlan, Page]],
    image_for: Callable,
    guide_ids: dict[str, int],
    steps: dict[int, int],
) -> list[ProductPage]:
    now = timezone.now()
    content_type = ContentType.objects.get_for_model(ProductPage)
    page_type = ContentType.objects.get_for_model(Page)
    products = []
    for plan, parent in items:
        if parent.pk not in steps:
            steps[parent.pk] = _next_step(parent)
        steps[parent.pk] += 1
        product = ProductPage(
            title=plan.title,
            draft_title=plan.title,
            slug=plan.slug,
            content_type=content_type,
            live=True,
            has_unpublished_changes=False,
            first_published_at=now,
            last_published_at=now,
            latest_revision_created_at=now,
            depth=parent.depth + 1,
            path=Page._get_path(parent.path, parent.depth + 1, steps[parent.pk]),
            numchild=0,
            url_path=f"{parent.url_path}{plan.slug}/",
            locale_id=parent.locale_id,
            translation_key=uuid.uuid4(),
            summary=plan.summary,
            description=plan.description,
            material=plan.material,
            base_price_amount=plan.base_price,
            name_price_amount=plan.name_price,
            number_price_amount=plan.number_price,
            is_featured=plan.is_featured,
            size_guide_id=guide_ids[plan.size_guide] if plan.size_guide else None,
        )
        products.append(product)

    # The page rows, then the product rows that extend them (Django cannot bulk
    # insert a model with a parent table; its insert of the child rows can).
    page_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
    pages = Page.objects.bulk_create(
        [
            Page(**{f.attname: getattr(p, f.attname) for f in page_fields})
            for p in products
        ]
    )
    for product, page in zip(products, pages, strict=True):
        product.id = product.page_ptr_id = page.pk
    ProductPage.objects._insert(
        products, fields=ProductPage._meta.local_concrete_fields
    )

    colors, sizes, variants, areas = [], [], [], []
    for product, (plan, _parent) in zip(products, items, strict=True):
        rows = inline_rows(plan, image_for, page=product)
        # A new page has no comments: said here, so serializing asks no query.
        setattr(product, COMMENTS_RELATION_NAME, [])
        product.colors = rows.colors
        product.sizes = rows.sizes
        product.variants = rows.variants
        product.print_areas = rows.print_areas
        colors += rows.colors
        sizes += rows.sizes
        variants += rows.variants
        areas += rows.print_areas
    for model, rows in (
        (ProductColor, colors),
        (ProductSize, sizes),
        (ProductVariant, variants),
        (PrintArea, areas),
    ):
        model.objects.bulk_create(rows)

    # One published revision each, as Publish leaves it (rows with their ids).
    revisions = Revision.objects.bulk_create(
        [
            Revision(
                content_type=content_type,
                base_content_type=page_type,
                object_id=str(p.pk),
                created_at=now,
                content=p.serializable_data(),
                object_str=p.title,
            )
            for p in products
        ]
    )
    for product, revision in zip(products, revisions, strict=True):
        product.latest_revision = product.live_revision = revision
    Page.objects.bulk_update(products, ["latest_revision", "live_revision"])

    PageLogEntry.objects.bulk_create(
        PageLogEntry(
            content_type=content_type,
            page_id=p.pk,
            label=p.title,
            action=action,
            timestamp=now,
            revision=revision,
            content_changed=True,
        )
        for p in products
        for action, revision in (
            ("wagtail.create", None),
            ("wagtail.publish", p.live_revision),
        )
    )
    return products


def index_pages(
    pages: list[Page], progress: Callable[[int], None] = lambda done: None
) -> None:
    """Search and reference indexing of these pages, in batches, once for all."""
    backends = list(get_search_backends(with_auto_update=True))
    for start in range(0, len(pages), BATCH):
        chunk = pages[start : start + BATCH]
        by_model: dict[type, list[Page]] = {}
        for page in chunk:
            by_model.setdefault(type(page), []).append(page)
        for backend in backends:
            for model, objects in by_model.items():
                backend.add_bulk(model, objects)
        for page in chunk:
            ReferenceIndex.create_or_update_for_object(page)
        progress(start + len(chunk))
