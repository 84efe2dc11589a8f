"""Validation of a catalog file: its shape (``schema``), then the rules across
entries; every problem found is reported at once, or a plan to write comes out."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, NoReturn

from django.conf import settings
from django.db.models import Prefetch, prefetch_related_objects
from django.utils.text import slugify
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from shop.catalog.exceptions import CatalogImportError
from shop.catalog.importexport.plan import (
    CATALOG_FILENAME,
    FORMAT_VERSION,
    IMAGE_FORMATS,
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_INT_DIGITS,
    MAX_PROBLEM_LENGTH,
    MAX_PROBLEMS_SHOWN,
    MULTILINE_KEYS,
    CategoryPlan,
    ColorPlan,
    ImageSpec,
    ImportPlan,
    ProductPlan,
    SizeGuidePlan,
)
from shop.catalog.importexport.schema import (
    LABELS,
    CatalogFile,
    CategoryEntry,
    ImageRef,
    ProductEntry,
    SizeGuideEntry,
    VariantEntry,
)
from shop.catalog.models import (
    CategoryPage,
    ProductColor,
    ProductPage,
    ProductSize,
    ProductVariant,
    SizeGuide,
    View,
)
from shop.catalog.services import product_fill_variants, reserved_except
from shop.core.schema import (
    SchemaError,
    ValidationError,
    error_sentences,
    json_load,
    show,
    text_problems,
)
from shop.core.text import text_clean


def catalog_load(*, path: Path) -> tuple[dict, Path]:
    """Read a catalog file, or a directory's catalog.json: (data, base directory).

    Everything a hostile file can do to the parser (too big, not UTF-8, nested until
    the decoder's recursion fails, NaN or endless numbers, duplicate keys) ends in one
    ``CatalogImportError`` line (``shop.core.schema.json_load``).
    """
    if path.is_dir():
        path = path / CATALOG_FILENAME
    if not path.is_file():
        raise CatalogImportError(f"There is no catalog file at {path}.")
    try:
        with path.open("rb") as f:
            raw = f.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise CatalogImportError(
            f"{path} cannot be read: {error.strerror or error}."
        ) from error
    try:
        data = json_load(
            raw,
            max_bytes=MAX_FILE_BYTES,
            max_depth=MAX_DEPTH,
            max_int_digits=MAX_INT_DIGITS,
            what=str(path),
            check_text=False,  # plan_import checks it: data can come from code too
        )
    except SchemaError as error:
        raise CatalogImportError(str(error)) from error
    if not isinstance(data, dict):
        raise CatalogImportError(
            f"{path} must hold a JSON object, not a list or value."
        )
    return data, path.parent


def plan_import(*, data: Any, base_dir: Path | None) -> ImportPlan:
    if not isinstance(data, dict):
        raise CatalogImportError("A catalog must be a JSON object.")
    version = data.get("version")
    # type(): true and 1.0 equal 1 in Python, but are not the version number 1.
    if type(version) is not int or version != FORMAT_VERSION:
        raise CatalogImportError(
            f"Unsupported catalog version {show(repr(version))}; "
            f"this shop reads version {FORMAT_VERSION}."
        )
    # Unsafe text first and alone: the other checks would quote it back.
    _refuse_if(text_problems(data, multiline_keys=MULTILINE_KEYS, where="catalog"))
    currency = data.get("currency", settings.SHOP_CURRENCY)
    if currency != settings.SHOP_CURRENCY:
        _refuse(
            [
                f"currency: the prices are in {show(repr(currency))}, but this shop "
                f"sells in {settings.SHOP_CURRENCY}; convert the prices first."
            ]
        )
    try:
        catalog = CatalogFile.model_validate(data)
    except ValidationError as error:
        _refuse_if(
            error_sentences(
                error, data=data, labels=LABELS, model=CatalogFile, where="catalog"
            )
        )
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        raise CatalogImportError("There is no default site to import the catalog into.")
    check = _Checker(base_dir=base_dir)
    categories = _check_categories(check, catalog.categories, site.root_page)
    products = _check_products(check, catalog.products, categories)
    size_guides, shop_guides = _check_size_guides(check, catalog.size_guides, products)
    _check_skus(check, products)
    if not check.problems:
        _plan_all_variants(products)
        _check_stock(check, catalog.stock, products)
    _refuse_if(check.problems)
    return ImportPlan(
        root=site.root_page,
        size_guides=size_guides,
        shop_guides=shop_guides,
        categories=categories,
        products=products,
        stock=dict(catalog.stock),
    )


def _refuse_if(problems: list[str]) -> None:
    if problems:
        _refuse(problems)


def _refuse(problems: list[str]) -> NoReturn:
    # Problems echo values from the file: never let them break the terminal or log.
    problems = [
        text_clean(
            p if len(p) <= MAX_PROBLEM_LENGTH else p[: MAX_PROBLEM_LENGTH - 1] + "…"
        )
        for p in problems
    ]
    count = len(problems)
    shown = problems[:MAX_PROBLEMS_SHOWN]
    lines = [f"- {p}" for p in shown]
    if count > len(shown):
        lines.append(f"- … and {count - len(shown)} more.")
    raise CatalogImportError(
        f"The catalog has {count} problem{'s' if count != 1 else ''}; "
        "nothing was imported.\n" + "\n".join(lines),
        problems=problems,
    )


class _Checker:
    """The rules across entries; collects located problems, reads image files once."""

    def __init__(self, *, base_dir: Path | None) -> None:
        self.base_dir = base_dir.resolve() if base_dir is not None else None
        self.problems: list[str] = []
        self._files: dict[Path, bytes | str] = {}

    def add(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")

    def image(
        self,
        ref: ImageRef,
        where: str,
        *,
        default_view: str,
        hex_code: str | None,
        filename: str,
        title: str,
    ) -> ImageSpec | None:
        if ref.file is not None:
            return self._image_file(ref.file, f"{where}.file", title=title)
        spec = ref.generate
        view = spec.view or default_view
        hex_code = spec.hex or hex_code
        if hex_code is None:
            self.add(f"{where}.generate", "needs a “hex” color.")
            return None
        return ImageSpec(
            filename=f"{filename}.png",
            title=title,
            shape=spec.shape,
            view=view,
            hex_code=hex_code,
        )

    def _image_file(self, relative: str, where: str, *, title: str) -> ImageSpec | None:
        if self.base_dir is None:
            self.add(where, "file images need the catalog's directory (base_dir).")
            return None
        try:
            path = (self.base_dir / relative).resolve()
        except (OSError, RuntimeError):  # a symlink loop, a name the OS refuses
            self.add(where, f"{show(relative)} is not a usable path.")
            return None
        if not path.is_relative_to(self.base_dir):
            self.add(where, f"{show(relative)} is outside the catalog's directory.")
            return None
        if path not in self._files:
            self._files[path] = _read_image(path)
        content = self._files[path]
        if isinstance(content, str):
            self.add(where, f"the image file {show(relative)} {content}")
            return None
        return ImageSpec(filename=path.name, title=title, content=content)


def _read_image(path: Path) -> bytes | str:
    """The file's bytes, or why it cannot be used (the end of a sentence)."""
    max_bytes = settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
    try:
        if not path.is_file():
            return "does not exist."
        if path.stat().st_size > max_bytes:
            return f"is larger than {max_bytes // (1024 * 1024)} MB."
        content = path.read_bytes()
    except OSError as error:
        return f"cannot be read ({error.strerror or error})."
    try:
        with PILImage.open(io.BytesIO(content)) as image:
            width, height = image.size
            image_format = image.format
            image.verify()
    except (OSError, SyntaxError, ValueError, PILImage.DecompressionBombError):
        return "is not an image or is damaged."
    if image_format not in IMAGE_FORMATS:
        return f"is not a {', '.join(IMAGE_FORMATS[:-1])} or {IMAGE_FORMATS[-1]} image."
    # Renditions decode the whole image after the import: refuse bombs here.
    if width * height > settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS:
        return f"has too many pixels ({width} x {height})."
    return content


def _image_title(title: str) -> str:
    # Derived from the page title and color name, so it can outgrow the column.
    limit = get_image_model()._meta.get_field("title").max_length
    return title if len(title) <= limit else title[: limit - 1] + "…"


def _at(kind: str, index: int, name: str) -> str:
    return f"{kind}[{index}] ({show(name)})"


def _check_categories(
    check: _Checker, entries: list[CategoryEntry], root: Page
) -> list[CategoryPlan]:
    plans: dict[str, CategoryPlan] = {}
    for index, entry in enumerate(entries):
        where = _at("categories", index, entry.slug)
        if entry.slug in plans:
            check.add(where, f"the slug “{entry.slug}” is used by two categories.")
            continue
        image = None
        if entry.image is not None:
            image = check.image(
                entry.image,
                f"{where}.image",
                default_view=View.FRONT,
                hex_code=None,
                filename=f"category-{entry.slug}",
                title=_image_title(entry.title),
            )
        plans[entry.slug] = CategoryPlan(
            slug=entry.slug,
            title=entry.title,
            parent=entry.parent,
            intro=entry.intro,
            products_per_page=entry.products_per_page,
            show_in_menus=entry.show_in_menus,
            image=image,
            where=where,
        )

    # Parents before children: the depth of each category, found by walking up.
    depth: dict[str, int] = {}
    broken: set[str] = set()
    for plan in plans.values():
        chain: list[str] = []
        slug: str | None = plan.slug
        while slug is not None and slug not in depth:
            if slug in broken:
                break
            if slug in chain:
                loop = chain[chain.index(slug) :]
                check.add(
                    f"{plans[slug].where}.parent",
                    f"the parents form a loop: {' > '.join([*loop, slug])}.",
                )
                break
            chain.append(slug)
            parent = plans[slug].parent
            if parent is not None and parent not in plans:
                check.add(
                    f"{plans[slug].where}.parent",
                    f"“{show(parent)}” is not a category in this file.",
                )
                break
            slug = parent
        else:
            base = depth[slug] if slug is not None else 0
            for offset, name in enumerate(reversed(chain), start=1):
                depth[name] = base + offset
            continue
        broken.update(chain)
    ordered = sorted(
        (p for p in plans.values() if p.slug in depth), key=lambda p: depth[p.slug]
    )

    # Existing pages: by slug under the (existing) parent.
    for plan in ordered:
        parent_page = root if plan.parent is None else plans[plan.parent].existing
        if parent_page is None:
            continue
        sibling = _child_by_slug(parent_page, plan.slug)
        if sibling is None:
            continue
        if not isinstance(sibling, CategoryPage):
            check.add(plan.where, _taken(sibling))
            continue
        plan.existing = sibling
    return ordered


def _taken(page: Page) -> str:
    return (
        f"the slug is taken by the {page._meta.verbose_name} "
        f"“{page.title}” at {page.url_path}."
    )


def _child_by_slug(parent: Page, slug: str) -> Page | None:
    page = Page.objects.child_of(parent).filter(slug=slug).first()
    return page.specific if page is not None else None


class _Children:
    """The children of each parent by slug, read once per parent (10,000 products
    of a category cost a few queries, not one each); products come with the rows
    the import compares (colors with their images, sizes, variants, print areas)."""

    def __init__(self) -> None:
        self.by_parent: dict[int, dict[str, Page]] = {}

    def get(self, parent: Page, slug: str) -> Page | None:
        if parent.pk not in self.by_parent:
            pages = list(Page.objects.child_of(parent).specific())
            products = [p for p in pages if isinstance(p, ProductPage)]
            prefetch_related_objects(
                products,
                Prefetch(
                    "colors",
                    queryset=ProductColor.objects.select_related(
                        *(f"{view}_image" for view in View.values)
                    ),
                ),
                "sizes",
                "variants",
                "print_areas",
            )
            self.by_parent[parent.pk] = {p.slug: p for p in pages}
        return self.by_parent[parent.pk].get(slug)


def _check_product(check: _Checker, entry: ProductEntry, where: str) -> ProductPlan:
    plan = ProductPlan(
        slug=entry.slug,
        category=entry.category,
        title=entry.title,
        summary=entry.summary,
        description=entry.description,
        material=entry.material,
        base_price=entry.base_price,
        name_price=entry.name_price,
        number_price=entry.number_price,
        is_featured=entry.is_featured,
        sizes=list(entry.sizes),
        where=where,
        print_areas=list(entry.print_areas),
        size_guide=entry.size_guide,
    )
    for i, color in enumerate(entry.colors):
        images = {}
        for view, ref in color.images.items():
            spec = check.image(
                ref,
                f"{where}.colors[{i}] ({show(color.name)}).images.{view}",
                default_view=view,
                hex_code=color.hex,
                filename=slugify(f"{plan.slug}-{color.name}-{view}") or "mockup",
                title=_image_title(f"{plan.title}, {color.name}, {view}"),
            )
            if spec is not None:
                images[view] = spec
        plan.colors.append(
            ColorPlan(name=color.name, hex_code=color.hex, images=images)
        )

    colors = {c.name for c in entry.colors}
    combos: set[tuple[str, str]] = set()
    for i, variant in enumerate(entry.variants):
        variant_where = f"{where}.{_at('variants', i, variant.sku)}"
        ok = True
        if variant.color not in colors:
            check.add(
                variant_where, f"the color “{variant.color}” is not one of its colors."
            )
            ok = False
        if variant.size not in plan.sizes:
            check.add(
                variant_where, f"the size “{variant.size}” is not one of its sizes."
            )
            ok = False
        if (variant.color, variant.size) in combos:
            check.add(
                variant_where, f"a second variant for {variant.color} / {variant.size}."
            )
            ok = False
        if ok:
            combos.add((variant.color, variant.size))
            plan.listed_variants.append(
                variant
                if variant.price is not None
                else variant.model_copy(update={"price": plan.base_price})
            )
    return plan


def _check_products(
    check: _Checker, entries: list[ProductEntry], categories: list[CategoryPlan]
) -> list[ProductPlan]:
    by_slug = {c.slug: c for c in categories}
    known = {c.slug for c in categories}
    plans: list[ProductPlan] = []
    seen: dict[tuple[str, str], str] = {}
    child_categories = {(c.parent, c.slug) for c in categories}
    children = _Children()
    for index, entry in enumerate(entries):
        where = _at("products", index, entry.slug)
        plan = _check_product(check, entry, where)
        plans.append(plan)
        if plan.category not in known:
            check.add(
                f"{where}.category",
                f"“{show(plan.category)}” is not a category in this file.",
            )
            continue
        key = (plan.category, plan.slug)
        if key in seen:
            check.add(where, f"{seen[key]} has the same slug in the same category.")
            continue
        seen[key] = where
        if key in child_categories:
            check.add(where, "a sub-category of its category has the same slug.")
            continue
        parent = by_slug[plan.category].existing if plan.category in by_slug else None
        sibling = children.get(parent, plan.slug) if parent is not None else None
        if sibling is None:
            continue
        if not isinstance(sibling, ProductPage):
            check.add(where, _taken(sibling))
            continue
        plan.existing = sibling
    return plans


def _check_size_guides(
    check: _Checker, entries: list[SizeGuideEntry], products: list[ProductPlan]
) -> tuple[list[SizeGuidePlan], dict[str, int]]:
    """Guide names are unique in the file; a product's guide is in the file or the
    shop. Returns the file's guides and the ids of the shop's guides named only by
    products."""
    plans: dict[str, SizeGuidePlan] = {}
    first: dict[str, str] = {}
    for index, entry in enumerate(entries):
        where = _at("size_guides", index, entry.name)
        if entry.name in plans:
            check.add(where, f"{first[entry.name]} has the same name.")
            continue
        first[entry.name] = where
        plans[entry.name] = SizeGuidePlan(
            name=entry.name, intro=entry.intro, rows=[list(r) for r in entry.rows]
        )
    named = {p.size_guide for p in products if p.size_guide is not None}
    # Locked until the import commits: no editor renames or deletes a guide between
    # this check and the products' links to it.
    in_shop = {
        guide.name: guide
        for guide in SizeGuide.objects.select_for_update()
        .filter(name__in=sorted(set(plans) | named))
        .order_by("pk")
    }
    for plan in plans.values():
        plan.existing = in_shop.get(plan.name)
    for product in products:
        name = product.size_guide
        if name is not None and name not in plans and name not in in_shop:
            check.add(
                f"{product.where}.size_guide",
                f"“{show(name)}” is not a size guide in this file or the shop.",
            )
    shop_only = {
        name: in_shop[name].pk for name in named - set(plans) if name in in_shop
    }
    return list(plans.values()), shop_only


def _check_skus(check: _Checker, products: list[ProductPlan]) -> None:
    """Listed SKUs are unique in the file and belong to no other product."""
    owner: dict[str, str] = {}
    for plan in products:
        for variant in plan.listed_variants:
            if variant.sku in owner:
                check.add(
                    plan.where,
                    f"the SKU {variant.sku} is also listed for {owner[variant.sku]}.",
                )
            else:
                owner[variant.sku] = plan.where
    in_db = dict(
        ProductVariant.objects.filter(sku__in=list(owner)).values_list("sku", "page_id")
    )
    other_pages = {
        page.pk: page
        for page in Page.objects.filter(pk__in=set(in_db.values())).only(
            "title", "url_path"
        )
    }
    for plan in products:
        own_id = plan.existing.pk if plan.existing is not None else None
        for variant in plan.listed_variants:
            page_id = in_db.get(variant.sku)
            if page_id is not None and page_id != own_id:
                other = other_pages[page_id]
                check.add(
                    plan.where,
                    f"the SKU {variant.sku} belongs to another product, "
                    f"“{other.title}” at {other.url_path}.",
                )


def _plan_all_variants(products: list[ProductPlan]) -> None:
    """Every product's final variants; generated SKUs avoid all SKUs of the file."""
    reserved = {v.sku for p in products for v in p.listed_variants}
    for plan in products:
        _plan_variants(plan=plan, reserved=reserved)
        reserved.update(v.sku for v in plan.variants)


def _plan_variants(*, plan: ProductPlan, reserved: set[str]) -> None:
    """Listed variants, plus one per missing combination (kept or generated SKU)."""
    listed = {(v.color, v.size): v for v in plan.listed_variants}
    current = (
        {(v.color, v.size): v.sku for v in plan.existing.variants.all()}
        if plan.existing is not None
        else {}
    )
    rows = [
        ProductVariant(sku=v.sku, color=v.color, size=v.size, price_amount=v.price)
        for v in plan.listed_variants
    ]
    for color in plan.colors:
        for size in plan.sizes:
            sku = current.get((color.name, size))
            if (color.name, size) in listed or sku is None or sku in reserved:
                continue
            rows.append(
                ProductVariant(
                    sku=sku, color=color.name, size=size, price_amount=plan.base_price
                )
            )
    draft = ProductPage(
        id=plan.existing.pk if plan.existing is not None else None,
        slug=plan.slug,
        base_price_amount=plan.base_price,
    )
    draft.colors = [ProductColor(name=c.name) for c in plan.colors]
    draft.sizes = [ProductSize(name=s) for s in plan.sizes]
    draft.variants = rows
    if len(rows) < len(plan.colors) * len(plan.sizes):
        # Some combinations are missing: make them, avoiding the file's other SKUs.
        product_fill_variants(
            product=draft, reserved=reserved_except(reserved, {v.sku for v in rows})
        )
    order = {
        (c.name, s): i
        for i, (c, s) in enumerate((c, s) for c in plan.colors for s in plan.sizes)
    }
    plan.variants = sorted(
        (
            VariantEntry.model_construct(
                sku=v.sku, color=v.color, size=v.size, price=v.price_amount
            )
            for v in draft.variants.all()
        ),
        key=lambda v: order[(v.color, v.size)],
    )


def _check_stock(
    check: _Checker, stock: dict[str, int], products: list[ProductPlan]
) -> None:
    """A stock SKU belongs to a product of the file or of the shop."""
    known = {v.sku for p in products for v in p.variants}
    unknown = set(stock) - known
    if unknown:
        unknown -= set(
            ProductVariant.objects.filter(sku__in=unknown).values_list("sku", flat=True)
        )
    for sku in sorted(unknown):
        check.add(
            f"stock.{show(sku)}", "no product in the file or the shop has this SKU."
        )
