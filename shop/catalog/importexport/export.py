"""Export of the catalog as a file that imports again."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.db.models import Prefetch
from django.utils.text import slugify
from wagtail.images import get_image_model
from wagtail.models import Page

from shop.catalog.exceptions import CatalogExportError
from shop.catalog.importexport.plan import (
    CATALOG_FILENAME,
    FORMAT_VERSION,
    MAX_PROBLEMS_SHOWN,
)
from shop.catalog.importexport.schema import (
    CatalogFile,
    CategoryEntry,
    ColorEntry,
    ImageRef,
    PrintAreaEntry,
    ProductEntry,
    SizeGuideEntry,
    VariantEntry,
)
from shop.catalog.models import (
    CategoryPage,
    PrintArea,
    ProductColor,
    ProductPage,
    ProductSize,
    ProductVariant,
    SizeGuide,
    StockLevel,
    View,
)
from shop.catalog.size_guides import size_guide_tables
from shop.core.schema import ValidationError, error_sentences, show


def catalog_export(*, out_dir: Path) -> Path:
    """Write the catalog as ``out_dir/catalog.json`` plus ``out_dir/images/``.

    All size guides by name, all categories in tree order, the live products, their
    stock. Returns the path of catalog.json. Importing it into an empty shop gives the
    same catalog.
    """
    guides = list(SizeGuide.objects.order_by("name", "pk"))
    data_guides = _size_guide_entries(guides)
    guide_names = {guide.pk: guide.name for guide in guides}

    categories = list(CategoryPage.objects.order_by("path"))
    slugs: dict[str, str] = {}
    by_path: dict[str, CategoryPage] = {}
    for category in categories:
        if category.slug in slugs:
            raise CatalogExportError(
                f"Two categories have the slug “{category.slug}” "
                f"({slugs[category.slug]} and {category.url_path}); the file refers "
                "to categories by slug, so rename one first."
            )
        slugs[category.slug] = category.url_path
        by_path[category.path] = category
    steplen = CategoryPage.steplen

    image_model = get_image_model()
    products = list(
        ProductPage.objects.live()
        .order_by("path")
        .prefetch_related(
            *(
                Prefetch(name, queryset=model.objects.order_by("sort_order", "pk"))
                for name, model in (
                    ("colors", ProductColor),
                    ("sizes", ProductSize),
                    ("variants", ProductVariant),
                    ("print_areas", PrintArea),
                )
            )
        )
    )
    image_ids = {
        getattr(c, f"{view}_image_id")
        for p in products
        for c in p.colors.all()
        for view in View.values
    } | {c.image_id for c in categories}
    image_ids.discard(None)
    images_dir = out_dir / "images"
    images_dir.mkdir(parents=True, exist_ok=True)
    refs: dict[int, dict] = {}
    for image in image_model.objects.filter(pk__in=image_ids).order_by("pk"):
        with image.open_file() as f:
            content = f.read()
        digest = hashlib.sha1(content).hexdigest()
        source = Path(image.file.name)
        stem = slugify(source.stem)[:40] or "image"
        name = f"{stem}-{digest[:10]}{source.suffix.lower() or '.png'}"
        target = images_dir / name
        if not target.exists() or target.read_bytes() != content:
            target.write_bytes(content)
        refs[image.pk] = ImageRef.model_construct(file=f"images/{name}", generate=None)

    def parent_slug(page: Page) -> str | None:
        parent = by_path.get(page.path[:-steplen])
        return parent.slug if parent is not None else None

    data_categories = [
        CategoryEntry.model_construct(
            slug=category.slug,
            title=category.title,
            parent=parent_slug(category),
            intro=category.intro,
            products_per_page=category.products_per_page,
            show_in_menus=category.show_in_menus,
            image=refs.get(category.image_id),
        )
        for category in categories
    ]

    data_products = []
    skus: list[str] = []
    for product in products:
        category = parent_slug(product)
        if category is None:
            raise CatalogExportError(
                f"The product at {product.url_path} is not inside a category."
            )
        variants = list(product.variants.all())
        skus.extend(v.sku for v in variants)
        data_products.append(
            ProductEntry.model_construct(
                slug=product.slug,
                category=category,
                title=product.title,
                summary=product.summary,
                description=product.description,
                material=product.material,
                base_price=product.base_price_amount,
                name_price=product.name_price_amount,
                number_price=product.number_price_amount,
                is_featured=product.is_featured,
                colors=[
                    ColorEntry.model_construct(
                        name=c.name,
                        hex=c.hex_code.lower(),
                        images={
                            view: refs[getattr(c, f"{view}_image_id")]
                            for view in View.values
                            if getattr(c, f"{view}_image_id")
                        },
                    )
                    for c in product.colors.all()
                ],
                sizes=[s.name for s in product.sizes.all()],
                variants=[
                    VariantEntry.model_construct(
                        sku=v.sku, color=v.color, size=v.size, price=v.price_amount
                    )
                    for v in variants
                ],
                print_areas=[
                    PrintAreaEntry.model_construct(
                        view=a.view,
                        left=a.left_percent,
                        top=a.top_percent,
                        width=a.width_percent,
                        height=a.height_percent,
                        width_mm=a.width_mm,
                        height_mm=a.height_mm,
                        price=a.price_amount,
                    )
                    for a in product.print_areas.all()
                ],
                size_guide=guide_names.get(product.size_guide_id),
            )
        )
    levels = dict(
        StockLevel.objects.filter(sku__in=skus).values_list("sku", "quantity")
    )
    # Through the file's models: the export writes the shape the import reads.
    data = CatalogFile.model_construct(
        version=FORMAT_VERSION,
        currency=settings.SHOP_CURRENCY,
        categories=data_categories,
        size_guides=data_guides,
        products=data_products,
        stock={sku: levels[sku] for sku in skus if sku in levels},
    ).model_dump(mode="json", warnings=False)
    target = out_dir / CATALOG_FILENAME
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    # Write then rename, so a reader never sees half a file.
    handle, temporary = tempfile.mkstemp(
        dir=out_dir, prefix=".catalog-", suffix=".json"
    )
    with os.fdopen(handle, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(temporary, target)
    return target


def _size_guide_entries(guides: list[SizeGuide]) -> list[SizeGuideEntry]:
    """The guides as file entries, held to the import's own rules: a guide the file
    cannot carry (no table or two, too many rows, a cell with a line break) stops the
    export with a sentence naming it, rather than writing a file the import refuses.
    """
    entries: list[SizeGuideEntry] = []
    problems: list[str] = []
    for guide in guides:
        where = f"Size guide “{show(guide.name)}”"
        tables = size_guide_tables(guide=guide)
        if len(tables) != 1:
            problems.append(
                f"{where}: has {len(tables)} tables; the catalog file carries one."
            )
            continue
        data = {"name": guide.name, "intro": guide.intro, "rows": tables[0].rows}
        try:
            entries.append(SizeGuideEntry.model_validate(data))
        except ValidationError as error:
            problems.extend(
                f"{where}, {sentence}"
                for sentence in error_sentences(
                    error, data=data, model=SizeGuideEntry, where="guide"
                )
            )
    if problems:
        shown = problems[:MAX_PROBLEMS_SHOWN]
        if len(problems) > len(shown):
            shown.append(f"… and {len(problems) - len(shown)} more.")
        raise CatalogExportError(
            "Some size guides do not fit the catalog file; change them under "
            "Snippets > Size guides and export again:\n"
            + "\n".join(f"- {p}" for p in shown)
        )
    return entries
