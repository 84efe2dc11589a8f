"""Validation of a catalog file: every problem found, then a plan to write."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, NoReturn

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_unicode_slug
from django.utils.text import slugify
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from shop.catalog.exceptions import CatalogImportError
from shop.catalog.importexport.plan import (
    CATALOG_FILENAME,
    CENT,
    FORMAT_VERSION,
    HEX_RE,
    IMAGE_FORMATS,
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_INT_DIGITS,
    MAX_MONEY,
    MAX_PATH_LENGTH,
    MAX_PROBLEM_LENGTH,
    MAX_PROBLEMS_SHOWN,
    MAX_STOCK,
    MULTILINE_KEYS,
    VIEWS,
    CategoryPlan,
    ColorPlan,
    ImageSpec,
    ImportPlan,
    PrintAreaPlan,
    ProductPlan,
    VariantPlan,
)
from shop.catalog.mockups import SHAPES
from shop.catalog.models import (
    SKU_VALIDATOR,
    CategoryPage,
    ProductColor,
    ProductPage,
    ProductSize,
    ProductVariant,
    View,
)
from shop.catalog.services import (
    product_fill_variants,
)
from shop.core.text import text_clean, text_is_safe


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number")


def _parse_int(digits: str) -> int:
    # Python itself stops at 4,300 digits, with a hint about an interpreter setting;
    # nothing in a catalog needs more than MAX_INT_DIGITS.
    if len(digits.lstrip("-")) > MAX_INT_DIGITS:
        raise ValueError(f"a whole number with {len(digits)} digits is too long")
    return int(digits)


class _DuplicateKey(ValueError):
    pass


def _refuse_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict:
    # json keeps the last of two equal keys silently; in a catalog that is a mistake.
    data = dict(pairs)
    if len(data) != len(pairs):
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                raise _DuplicateKey(
                    f"the key {_names([key])} appears twice in an object"
                )
            seen.add(key)
    return data


def _nests_too_deep(text: str) -> bool:
    """Whether arrays and objects nest deeper than MAX_DEPTH, found without recursion.

    The C decoder recurses once per level and ends in RecursionError; this linear scan
    runs first. Strings are blanked out so that brackets inside them do not count.
    """
    depth = 0
    for match in _BRACKETS.finditer(_STRINGS.sub('""', text)):
        if match.group() in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return True
        else:
            depth -= 1
    return False


_DECIMAL_RE = re.compile(r"-?[0-9]+(?:\.[0-9]+)?\Z")
_STRINGS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKETS = re.compile(r"[\[\]{}]")


def catalog_load(*, path: Path) -> tuple[dict, Path]:
    """Read a catalog file, or a directory's catalog.json: (data, base directory).

    Everything a hostile file can do to the parser (too big, not UTF-8, nested until
    the decoder's recursion fails, NaN or endless numbers, duplicate keys) ends in one
    ``CatalogImportError`` line.
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
    if len(raw) > MAX_FILE_BYTES:
        raise CatalogImportError(
            f"{path} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; "
            "split the catalog into several files."
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CatalogImportError(
            f"{path} is not UTF-8 text (byte {error.start} cannot be decoded)."
        ) from error
    if not text.strip():
        raise CatalogImportError(f"{path} is empty.")
    if _nests_too_deep(text):
        raise CatalogImportError(
            f"{path} nests lists and objects deeper than {MAX_DEPTH} levels; "
            "a catalog never needs that."
        )
    try:
        data = json.loads(
            text,
            parse_float=Decimal,
            parse_int=_parse_int,
            parse_constant=_reject_constant,
            object_pairs_hook=_refuse_duplicate_keys,
        )
    except _DuplicateKey as error:
        raise CatalogImportError(f"{path}: {error}.") from error
    except (ValueError, RecursionError) as error:
        # RecursionError only if MAX_DEPTH were set above what the decoder manages.
        raise CatalogImportError(f"{path} is not valid JSON: {error}.") from error
    if not isinstance(data, dict):
        raise CatalogImportError(
            f"{path} must hold a JSON object, not a list or value."
        )
    return data, path.parent


class _Checker:
    """Reads the raw file into plans, collecting every problem instead of stopping."""

    def __init__(self, *, base_dir: Path | None) -> None:
        self.base_dir = base_dir.resolve() if base_dir is not None else None
        self.problems: list[str] = []
        self.category_slugs: set[str] = set()
        self._files: dict[Path, bytes | str] = {}

    def add(self, where: str, message: str) -> None:
        line = f"{where}: {message}" if where else message
        # Problems echo values from the file: never let them break the terminal or log.
        if len(line) > MAX_PROBLEM_LENGTH:
            line = line[: MAX_PROBLEM_LENGTH - 1] + "…"
        self.problems.append(text_clean(line))

    def scan_text(
        self, value: Any, where: str = "", *, multiline: bool = False
    ) -> None:
        """Every string of the file, keys included: no control characters.

        One generic pass, so that no field (or unknown key) can carry NUL, a lone
        surrogate or an escape sequence to the database, a log or a terminal. Rich
        text may hold tabs and line breaks. Iterative: the depth is bounded by
        ``catalog_load``, but data can also come from code.
        """
        stack = [(value, where, multiline)]
        while stack:
            value, where, multiline = stack.pop()
            if isinstance(value, str):
                if not text_is_safe(value, multiline=multiline):
                    self.add(where or "catalog", "remove the control characters.")
            elif isinstance(value, dict):
                for key, item in reversed(value.items()):
                    if not isinstance(key, str) or not text_is_safe(key):
                        self.add(
                            where or "catalog",
                            "a key holds control characters; remove them.",
                        )
                        continue
                    path = f"{where}.{_show(key)}" if where else _show(key)
                    stack.append((item, path, key in MULTILINE_KEYS))
            elif isinstance(value, list):
                stack.extend(
                    (item, f"{where}[{i}]", multiline)
                    for i, item in reversed(list(enumerate(value)))
                )

    # Generic readers; each returns None (after noting a problem) when the value is bad.

    def keys(
        self,
        value: Any,
        where: str,
        *,
        required: Iterable[str],
        optional: Iterable[str] = (),
    ) -> bool:
        if not isinstance(value, dict):
            self.add(where, f"must be an object, not {_json_type(value)}.")
            return False
        required = list(required)
        missing = [k for k in required if k not in value]
        unknown = sorted(str(k) for k in set(value) - set(required) - set(optional))
        if missing:
            self.add(where, f"missing {_names(missing)}.")
        if unknown:
            allowed = _names([*required, *optional])
            self.add(where, f"unknown {_names(unknown)} (allowed: {allowed}).")
        return not missing and not unknown

    def text(
        self, value: Any, where: str, *, max_length: int | None = None, blank=False
    ) -> str | None:
        if not isinstance(value, str):
            self.add(where, f"must be a string, not {_json_type(value)}.")
            return None
        if not value.strip() and not blank:
            self.add(where, "must not be empty.")
            return None
        if max_length is not None and len(value) > max_length:
            self.add(
                where, f"is {len(value)} characters long; the limit is {max_length}."
            )
            return None
        return value

    def slug(self, value: Any, where: str) -> str | None:
        slug = self.text(value, where, max_length=_max_length(Page, "slug"))
        if slug is None:
            return None
        try:
            validate_unicode_slug(slug)
        except ValidationError:
            self.add(
                where, f"“{_show(slug)}” is not a slug (letters, digits, - and _)."
            )
            return None
        return slug

    def boolean(self, value: Any, where: str) -> bool | None:
        if not isinstance(value, bool):
            self.add(where, f"must be true or false, not {_json_type(value)}.")
            return None
        return value

    def integer(self, value: Any, where: str, *, low: int, high: int) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(where, f"must be a whole number, not {_json_type(value)}.")
            return None
        if not low <= value <= high:
            if value < 0 and low == 0:
                self.add(where, f"{_show(value)} must not be negative.")
            else:
                self.add(where, f"{_show(value)} is not between {low} and {high}.")
            return None
        return value

    def decimal(
        self, value: Any, where: str, *, low: Decimal, high: Decimal, what: str
    ) -> Decimal | None:
        if isinstance(value, float):
            self.add(
                where,
                f'must be a string such as "19.90", not a float ({_show(value)}).',
            )
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
            self.add(where, f"must be a {what} string, not {_json_type(value)}.")
            return None
        # Decimal() also reads "1_000", "Infinity" and non-ASCII digits: plain
        # decimals only. JSON numbers arrive as int or Decimal already.
        if isinstance(value, str) and not _DECIMAL_RE.match(value.strip()):
            self.add(where, f"“{_show(value)}” is not a {what}.")
            return None
        try:
            amount = Decimal(str(value).strip())
        except InvalidOperation:
            self.add(where, f"“{_show(value)}” is not a {what}.")
            return None
        if not amount.is_finite():
            self.add(where, f"“{_show(value)}” is not a {what}.")
            return None
        if amount < low:
            below = "negative" if low == 0 else f"below {low}"
            self.add(where, f"{_show(value)} must not be {below}.")
            return None
        if amount > high:
            self.add(where, f"{_show(value)} must not be above {high}.")
            return None
        if amount != amount.quantize(CENT):
            self.add(where, f"{_show(value)} has more than two decimal places.")
            return None
        return amount + 0  # "-0.00" is 0.00

    def money(self, value: Any, where: str) -> Decimal | None:
        return self.decimal(
            value, where, low=Decimal("0"), high=MAX_MONEY, what="price"
        )

    def hex_code(self, value: Any, where: str) -> str | None:
        text = self.text(value, where, max_length=_max_length(ProductColor, "hex_code"))
        if text is None:
            return None
        if not HEX_RE.match(text):
            self.add(where, f"“{_show(text)}” is not a hex color such as #1a2b3c.")
            return None
        return text.lower()

    def sku(self, value: Any, where: str) -> str | None:
        text = self.text(value, where, max_length=_max_length(ProductVariant, "sku"))
        if text is None:
            return None
        try:
            SKU_VALIDATOR(text)
        except ValidationError:
            self.add(
                where,
                f"“{_show(text)}” is not a SKU (2-63 capital letters, digits and dashes).",
            )
            return None
        return text

    def image(
        self,
        value: Any,
        where: str,
        *,
        default_view: str,
        hex_code: str | None,
        print_areas: dict[str, PrintAreaPlan],
        filename: str,
        title: str,
    ) -> ImageSpec | None:
        if not isinstance(value, dict) or len(value) != 1:
            self.add(
                where,
                'must be {"file": "images/x.png"} or {"generate": {"shape": ...}}.',
            )
            return None
        if "file" in value:
            return self._image_file(value["file"], where, title=title)
        if "generate" not in value:
            self.add(where, f"unknown image source {_names(list(value))}.")
            return None
        spec = value["generate"]
        where = f"{where}.generate"
        if not self.keys(spec, where, required=["shape"], optional=["view", "hex"]):
            return None
        shape, view = spec["shape"], spec.get("view", default_view)
        ok = True
        if shape not in SHAPES:
            self.add(
                where,
                f"unknown shape “{_show(shape)}”; use one of {', '.join(SHAPES)}.",
            )
            ok = False
        if view not in View.values:
            self.add(where, f"unknown view “{_show(view)}”; use one of {VIEWS}.")
            ok = False
        if "hex" in spec:
            hex_code = self.hex_code(spec["hex"], f"{where}.hex")
            ok = ok and hex_code is not None
        elif hex_code is None:
            self.add(where, "needs a “hex” color.")
            ok = False
        if not ok:
            return None
        area = print_areas.get(view)
        return ImageSpec(
            filename=f"{filename}.png",
            title=title,
            shape=shape,
            view=view,
            hex_code=hex_code,
            print_area=(area.left, area.top, area.width, area.height) if area else None,
        )

    def _image_file(self, value: Any, where: str, *, title: str) -> ImageSpec | None:
        where = f"{where}.file"
        relative = self.text(value, where, max_length=MAX_PATH_LENGTH)
        if relative is None:
            return None
        if self.base_dir is None:
            self.add(where, "file images need the catalog's directory (base_dir).")
            return None
        try:
            path = (self.base_dir / relative).resolve()
        except (OSError, RuntimeError):  # a symlink loop, a name the OS refuses
            self.add(where, f"{_show(relative)} is not a usable path.")
            return None
        if not path.is_relative_to(self.base_dir):
            self.add(where, f"{_show(relative)} is outside the catalog's directory.")
            return None
        if path not in self._files:
            self._files[path] = self._read_image(path)
        content = self._files[path]
        if isinstance(content, str):
            self.add(where, f"the image file {_show(relative)} {content}")
            return None
        return ImageSpec(filename=path.name, title=title, content=content)

    @staticmethod
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


def _max_length(model: type, field: str) -> int:
    """The column's length: the file is held to what the database stores."""
    return model._meta.get_field(field).max_length


def _image_title(title: str) -> str:
    # Derived from the page title and color name, so it can outgrow the column.
    limit = _max_length(get_image_model(), "title")
    return title if len(title) <= limit else title[: limit - 1] + "…"


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float | Decimal):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _show(value: Any, limit: int = 40) -> str:
    """A value from the file, short enough to quote in a problem."""
    text = value if isinstance(value, str) else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _names(keys: Iterable[str]) -> str:
    return ", ".join(f"“{_show(k)}”" for k in keys)


def _label(kind: str, index: int, entry: Any, key: str = "slug") -> str:
    name = entry.get(key) if isinstance(entry, dict) else None
    if not isinstance(name, str):
        return f"{kind}[{index}]"
    return f"{kind}[{index}] ({_show(name)})"


def _list(check: _Checker, data: dict, key: str, where: str) -> list:
    value = data.get(key, [])
    if not isinstance(value, list):
        check.add(f"{where}{key}", f"must be a list, not {_json_type(value)}.")
        return []
    return value


def _check_categories(check: _Checker, raw: list, root: Page) -> list[CategoryPlan]:
    plans: dict[str, CategoryPlan] = {}
    for index, entry in enumerate(raw):
        where = _label("categories", index, entry)
        if not check.keys(
            entry,
            where,
            required=["slug", "title", "parent"],
            optional=["intro", "products_per_page", "show_in_menus", "image"],
        ):
            continue
        slug = check.slug(entry["slug"], f"{where}.slug")
        title = check.text(
            entry["title"], f"{where}.title", max_length=_max_length(Page, "title")
        )
        parent = entry["parent"]
        if parent is not None:
            parent = check.slug(parent, f"{where}.parent")
        intro = check.text(entry.get("intro", ""), f"{where}.intro", blank=True)
        per_page = check.integer(
            entry.get("products_per_page", 24),
            f"{where}.products_per_page",
            low=1,
            high=32767,
        )
        menus = check.boolean(
            entry.get("show_in_menus", True), f"{where}.show_in_menus"
        )
        image = None
        if entry.get("image") is not None and slug is not None:
            image = check.image(
                entry["image"],
                f"{where}.image",
                default_view=View.FRONT,
                hex_code=None,
                print_areas={},
                filename=f"category-{slug}",
                title=_image_title(title or slug),
            )
        if None in (slug, title, intro, per_page, menus):
            continue
        if slug in plans:
            check.add(where, f"the slug “{slug}” is used by two categories.")
            continue
        plans[slug] = CategoryPlan(
            slug=slug,
            title=title,
            parent=parent,
            intro=intro,
            products_per_page=per_page,
            show_in_menus=menus,
            image=image,
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
                    f"categories ({slug}).parent",
                    f"the parents form a loop: {' > '.join([*loop, slug])}.",
                )
                break
            chain.append(slug)
            parent = plans[slug].parent
            if parent is not None and parent not in plans:
                check.add(
                    f"categories ({slug}).parent",
                    f"“{_show(parent)}” is not a category in this file.",
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
    check.category_slugs = set(plans)

    # Existing pages: by slug under the (existing) parent.
    for plan in ordered:
        parent_page = root if plan.parent is None else plans[plan.parent].existing
        if parent_page is None:
            continue
        sibling = _child_by_slug(parent_page, plan.slug)
        if sibling is None:
            continue
        if not isinstance(sibling, CategoryPage):
            check.add(
                f"categories ({plan.slug})",
                f"the slug is taken by the {sibling._meta.verbose_name} "
                f"“{sibling.title}” at {sibling.url_path}.",
            )
            continue
        plan.existing = sibling
    return ordered


def _child_by_slug(parent: Page, slug: str) -> Page | None:
    page = Page.objects.child_of(parent).filter(slug=slug).first()
    return page.specific if page is not None else None


def _check_product(check: _Checker, entry: Any, where: str) -> ProductPlan | None:
    if not check.keys(
        entry,
        where,
        required=["slug", "category", "title", "base_price", "colors", "sizes"],
        optional=[
            "summary",
            "description",
            "material",
            "is_featured",
            "variants",
            "print_areas",
        ],
    ):
        return None
    slug = check.slug(entry["slug"], f"{where}.slug")
    category = check.slug(entry["category"], f"{where}.category")
    if category is not None and category not in check.category_slugs:
        check.add(
            f"{where}.category", f"“{_show(category)}” is not a category in this file."
        )
        category = None
    plan = ProductPlan(
        slug=slug or "",
        category=category or "",
        title=check.text(
            entry["title"], f"{where}.title", max_length=_max_length(Page, "title")
        )
        or "",
        summary=check.text(
            entry.get("summary", ""),
            f"{where}.summary",
            max_length=_max_length(ProductPage, "summary"),
            blank=True,
        )
        or "",
        description=check.text(
            entry.get("description", ""), f"{where}.description", blank=True
        )
        or "",
        material=check.text(
            entry.get("material", ""),
            f"{where}.material",
            max_length=_max_length(ProductPage, "material"),
            blank=True,
        )
        or "",
        base_price=check.money(entry["base_price"], f"{where}.base_price")
        or Decimal("0"),
        is_featured=bool(
            check.boolean(entry.get("is_featured", False), f"{where}.is_featured")
        ),
    )
    print_areas: dict[str, PrintAreaPlan] = {}
    for i, area in enumerate(_list(check, entry, "print_areas", f"{where}.")):
        area_where = f"{where}.print_areas[{i}]"
        if not check.keys(
            area,
            area_where,
            required=[
                "view",
                "left",
                "top",
                "width",
                "height",
                "width_mm",
                "height_mm",
            ],
            optional=["price"],
        ):
            continue
        view = area["view"]
        if view not in View.values:
            check.add(
                f"{area_where}.view",
                f"unknown view “{_show(view)}”; use one of {VIEWS}.",
            )
            continue
        if view in print_areas:
            check.add(area_where, f"a second print area for the {view} view.")
            continue
        pct = {
            key: check.decimal(
                area[key],
                f"{area_where}.{key}",
                low=Decimal("0"),
                high=Decimal("100"),
                what="percentage",
            )
            for key in ("left", "top", "width", "height")
        }
        mm = {
            key: check.integer(area[key], f"{area_where}.{key}", low=1, high=100_000)
            for key in ("width_mm", "height_mm")
        }
        price = check.money(area.get("price", "0.00"), f"{area_where}.price")
        if None in pct.values() or None in mm.values() or price is None:
            continue
        if pct["width"] <= 0 or pct["height"] <= 0:
            check.add(area_where, "width and height must be above 0.")
            continue
        if pct["left"] + pct["width"] > 100 or pct["top"] + pct["height"] > 100:
            check.add(
                area_where,
                "the rectangle reaches outside the mockup "
                "(left + width and top + height must be at most 100).",
            )
            continue
        print_areas[view] = PrintAreaPlan(view=view, price=price, **pct, **mm)
    plan.print_areas = list(print_areas.values())

    color_names: set[str] = set()
    raw_colors = _list(check, entry, "colors", f"{where}.")
    if "colors" in entry and not raw_colors and isinstance(entry["colors"], list):
        check.add(f"{where}.colors", "at least one color is needed.")
    for i, color in enumerate(raw_colors):
        color_where = f"{where}.colors[{i}]"
        if not check.keys(color, color_where, required=["name", "hex", "images"]):
            continue
        name = check.text(
            color["name"],
            f"{color_where}.name",
            max_length=_max_length(ProductColor, "name"),
        )
        hex_code = check.hex_code(color["hex"], f"{color_where}.hex")
        if name is None:
            continue
        color_where = f"{where}.colors[{i}] ({name})"
        if name in color_names:
            check.add(color_where, f"the color “{name}” is listed twice.")
            continue
        color_names.add(name)  # declared, even if a later check of it fails
        if hex_code is None:
            continue
        images_raw = color["images"]
        images: dict[str, ImageSpec] = {}
        if not isinstance(images_raw, dict):
            check.add(f"{color_where}.images", "must be an object of view: image.")
            continue
        if "front" not in images_raw:
            check.add(f"{color_where}.images", "a front image is required.")
        for view, image in images_raw.items():
            if view not in View.values:
                check.add(
                    f"{color_where}.images",
                    f"unknown view “{_show(view)}”; use one of {VIEWS}.",
                )
                continue
            spec = check.image(
                image,
                f"{color_where}.images.{view}",
                default_view=view,
                hex_code=hex_code,
                print_areas=print_areas,
                filename=slugify(f"{plan.slug}-{name}-{view}") or "mockup",
                title=_image_title(f"{plan.title}, {name}, {view}"),
            )
            if spec is not None:
                images[view] = spec
        plan.colors.append(ColorPlan(name=name, hex_code=hex_code, images=images))

    raw_sizes = _list(check, entry, "sizes", f"{where}.")
    if "sizes" in entry and not raw_sizes and isinstance(entry["sizes"], list):
        check.add(f"{where}.sizes", "at least one size is needed.")
    for i, size in enumerate(raw_sizes):
        name = check.text(
            size, f"{where}.sizes[{i}]", max_length=_max_length(ProductSize, "name")
        )
        if name is None:
            continue
        if name in plan.sizes:
            check.add(f"{where}.sizes[{i}]", f"the size “{name}” is listed twice.")
            continue
        plan.sizes.append(name)

    combos: set[tuple[str, str]] = set()
    for i, variant in enumerate(_list(check, entry, "variants", f"{where}.")):
        variant_where = _label(f"{where}.variants", i, variant, key="sku")
        if not check.keys(
            variant,
            variant_where,
            required=["sku", "color", "size"],
            optional=["price"],
        ):
            continue
        sku = check.sku(variant["sku"], f"{variant_where}.sku")
        color = check.text(
            variant["color"],
            f"{variant_where}.color",
            max_length=_max_length(ProductVariant, "color"),
        )
        size = check.text(
            variant["size"],
            f"{variant_where}.size",
            max_length=_max_length(ProductVariant, "size"),
        )
        price = (
            check.money(variant["price"], f"{variant_where}.price")
            if "price" in variant
            else plan.base_price
        )
        if None in (sku, color, size, price):
            continue
        ok = True
        if color not in color_names:
            check.add(variant_where, f"the color “{color}” is not one of its colors.")
            ok = False
        if size not in plan.sizes:
            check.add(variant_where, f"the size “{size}” is not one of its sizes.")
            ok = False
        if (color, size) in combos:
            check.add(variant_where, f"a second variant for {color} / {size}.")
            ok = False
        if ok:
            combos.add((color, size))
            plan.listed_variants.append(
                VariantPlan(sku=sku, color=color, size=size, price=price)
            )
    return plan


def _check_products(
    check: _Checker, raw: list, categories: list[CategoryPlan]
) -> list[ProductPlan]:
    by_slug = {c.slug: c for c in categories}
    plans: list[ProductPlan] = []
    seen: dict[tuple[str, str], str] = {}
    child_categories = {(c.parent, c.slug) for c in categories}
    for index, entry in enumerate(raw):
        where = _label("products", index, entry)
        plan = _check_product(check, entry, where)
        if plan is None:
            continue
        plans.append(plan)
        if not (plan.slug and plan.category):
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
        sibling = _child_by_slug(parent, plan.slug) if parent is not None else None
        if sibling is None:
            continue
        if not isinstance(sibling, ProductPage):
            check.add(
                where,
                f"the slug is taken by the {sibling._meta.verbose_name} "
                f"“{sibling.title}” at {sibling.url_path}.",
            )
            continue
        plan.existing = sibling
    return plans


def _check_skus(check: _Checker, products: list[ProductPlan]) -> None:
    """Listed SKUs are unique in the file and belong to no other product."""
    owner: dict[str, str] = {}
    for plan in products:
        for variant in plan.listed_variants:
            here = f"products ({plan.slug})"
            if variant.sku in owner:
                check.add(
                    here,
                    f"the SKU {variant.sku} is also listed for {owner[variant.sku]}.",
                )
            else:
                owner[variant.sku] = here
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
                    f"products ({plan.slug})",
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
    taken = reserved - {v.sku for v in rows}
    product_fill_variants(product=draft, reserved=taken)
    order = {
        (c.name, s): i
        for i, (c, s) in enumerate((c, s) for c in plan.colors for s in plan.sizes)
    }
    plan.variants = sorted(
        (
            VariantPlan(sku=v.sku, color=v.color, size=v.size, price=v.price_amount)
            for v in draft.variants.all()
        ),
        key=lambda v: order[(v.color, v.size)],
    )


def _check_stock(
    check: _Checker, raw: Any, products: list[ProductPlan]
) -> dict[str, int]:
    if not isinstance(raw, dict):
        check.add("stock", f"must be an object of SKU: units, not {_json_type(raw)}.")
        return {}
    stock: dict[str, int] = {}
    for sku, units in raw.items():
        quantity = check.integer(units, f"stock.{_show(sku)}", low=0, high=MAX_STOCK)
        if quantity is not None:
            stock[sku] = quantity
    if check.problems:
        return stock  # the variants were not planned: the file has problems anyway
    known = {v.sku for p in products for v in p.variants}
    unknown = set(stock) - known
    if unknown:
        unknown -= set(
            ProductVariant.objects.filter(sku__in=unknown).values_list("sku", flat=True)
        )
    for sku in sorted(unknown):
        check.add(
            f"stock.{_show(sku)}", "no product in the file or the shop has this SKU."
        )
    return stock


def plan_import(*, data: Any, base_dir: Path | None) -> ImportPlan:
    check = _Checker(base_dir=base_dir)
    if not isinstance(data, dict):
        raise CatalogImportError("A catalog must be a JSON object.")
    version = data.get("version")
    # type(): true and 1.0 equal 1 in Python, but are not the version number 1.
    if type(version) is not int or version != FORMAT_VERSION:
        raise CatalogImportError(
            f"Unsupported catalog version {text_clean(_show(repr(version)))}; "
            f"this shop reads version {FORMAT_VERSION}."
        )
    check.scan_text(data)
    if check.problems:
        # Unsafe text first and alone: the other checks would quote it back.
        _refuse(check)
    check.keys(
        data,
        "catalog",
        required=["version"],
        optional=["categories", "products", "stock"],
    )
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        raise CatalogImportError("There is no default site to import the catalog into.")
    root = site.root_page
    categories = _check_categories(check, _list(check, data, "categories", ""), root)
    products = _check_products(check, _list(check, data, "products", ""), categories)
    _check_skus(check, products)
    if not check.problems:
        _plan_all_variants(products)
    stock = _check_stock(check, data.get("stock", {}), products)
    if check.problems:
        _refuse(check)
    return ImportPlan(root=root, categories=categories, products=products, stock=stock)


def _refuse(check: _Checker) -> NoReturn:
    count = len(check.problems)
    shown = check.problems[:MAX_PROBLEMS_SHOWN]
    lines = [f"- {p}" for p in shown]
    if count > len(shown):
        lines.append(f"- … and {count - len(shown)} more.")
    raise CatalogImportError(
        f"The catalog has {count} problem{'s' if count != 1 else ''}; "
        "nothing was imported.\n" + "\n".join(lines),
        problems=check.problems,
    )
