"""A design checked against the shop: library references, the visitor's own
uploads, the print area, print quality and what it costs to print.

``design_check`` is the one place that decides; the browser shows the same figures
(``static/js/designer/quality.js``) but the server's answer is what counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from shop.core.schema import SchemaError
from shop.designer.fonts import fonts_get
from shop.designer.geometry import half_extents, text_box
from shop.designer.models import Clipart, FrozenAsset
from shop.designer.schema import (
    ASSET_SRC,
    CLIPART_SRC,
    UPLOAD_SRC,
    DesignDocument,
    ImageObject,
    TextObject,
)
from shop.designer.selectors import ProductDesigner
from shop.pricing.schema import AreaChoice, Configuration
from shop.pricing.selectors import (
    default_technique_slug,
    print_quality_get,
    techniques_get,
    text_colors_get,
)

MM_PER_INCH = 25.4


@dataclass(frozen=True)
class Asset:
    src: str
    kind: str  # "upload", "clipart" or "frozen"
    file_format: str
    width: int
    height: int
    name: str
    file_name: str


@dataclass(frozen=True)
class ImageQuality:
    view: str
    name: str
    ppi: int
    level: str  # "good", "warning" or "blocked"
    # The largest print at the technique's minimum PPI, in mm.
    max_width_mm: int
    max_height_mm: int

    def message(self) -> str:
        size = f"{self.max_width_mm // 10} x {self.max_height_mm // 10} cm"
        if self.level == "blocked":
            return (
                f"“{self.name}” on the {self.view} prints at {self.ppi} PPI, too "
                f"blurry to print. Make it at most {size}, or upload a larger image."
            )
        return (
            f"“{self.name}” on the {self.view} prints at {self.ppi} PPI and may "
            f"look soft. It prints sharply up to {size}."
        )

    def as_data(self) -> dict:
        return {
            "view": self.view,
            "name": self.name,
            "ppi": self.ppi,
            "level": self.level,
            "maxWidthMm": self.max_width_mm,
            "maxHeightMm": self.max_height_mm,
            "message": self.message(),
        }


@dataclass(frozen=True)
class DesignCheck:
    document: DesignDocument
    configuration: Configuration
    assets: dict[str, Asset]
    quality: tuple[ImageQuality, ...] = field(default=())

    @property
    def blocked(self) -> tuple[ImageQuality, ...]:
        return tuple(q for q in self.quality if q.level == "blocked")

    def texts(self) -> list[str]:
        return [
            o.text
            for view in self.document.views.values()
            for o in view.objects
            if isinstance(o, TextObject)
        ]


def _refuse(problems: list[str]) -> None:
    if problems:
        raise SchemaError(" ".join(problems), problems=problems)


def _assets(document: DesignDocument, visitor_uploads) -> dict[str, Asset]:
    """Every image source of the document resolved, or refused as not ours."""
    sources = {
        o.src
        for view in document.views.values()
        for o in view.objects
        if isinstance(o, ImageObject)
    }
    tokens = {m.group(1): s for s in sources if (m := UPLOAD_SRC.match(s))}
    clipart_ids = {int(m.group(1)): s for s in sources if (m := CLIPART_SRC.match(s))}
    digests = {m.group(1): s for s in sources if (m := ASSET_SRC.match(s))}
    found: dict[str, Asset] = {}
    if tokens:
        for upload in visitor_uploads.filter(token__in=list(tokens)):
            src = tokens[upload.token.hex]
            found[src] = Asset(
                src,
                "upload",
                upload.file_format,
                upload.width,
                upload.height,
                upload.original_name or "Your image",
                upload.file.name,
            )
    if clipart_ids:
        for art in Clipart.objects.filter(pk__in=list(clipart_ids), is_active=True):
            src = clipart_ids[art.pk]
            found[src] = Asset(
                src, "clipart", "svg", art.width, art.height, art.name, art.svg.name
            )
    if digests:
        for asset in FrozenAsset.objects.filter(pk__in=list(digests)):
            src = digests[asset.pk]
            found[src] = Asset(
                src,
                "frozen",
                asset.file_format,
                asset.width,
                asset.height,
                "Image",
                asset.file.name,
            )
    missing = sorted(sources - set(found))
    _refuse(
        [
            f"design: the image {src} is not one of your uploads or in the library."
            for src in missing
        ]
    )
    return found


def _place(view: str, index: int) -> str:
    return f"design.views.{view}.objects[{index}]"


def _check_object(obj, *, view, index, area, assets, fonts, colors) -> list[str]:
    problems = []
    place = _place(view, index)
    if isinstance(obj, TextObject):
        font = fonts.get(obj.fontFamily)
        if font is None:
            return [f"{place}: “{obj.fontFamily}” is not one of our fonts."]
        for key in ("fill", "stroke"):
            value = getattr(obj, key)
            if value is not None and value not in colors:
                problems.append(
                    f"{place}.{key}: {value} is not one of our text colors."
                )
        width, height = text_box(obj, font)
    else:
        asset = assets[obj.src]
        if (obj.width, obj.height) != (asset.width, asset.height):
            return [
                f"{place}: the image is {asset.width} x {asset.height} pixels, "
                f"not {obj.width} x {obj.height}."
            ]
        width, height = obj.width * obj.scaleX, obj.height * obj.scaleY
    half_w, half_h = half_extents(width, height, obj.angle)
    tol_x = max(3.0, area.width_mm * 0.03)
    tol_y = max(3.0, area.height_mm * 0.03)
    if (
        obj.left - half_w < -tol_x
        or obj.top - half_h < -tol_y
        or obj.left + half_w > area.width_mm + tol_x
        or obj.top + half_h > area.height_mm + tol_y
    ):
        problems.append(
            f"{place}: the object reaches outside the {view} print area "
            f"({area.width_mm} x {area.height_mm} mm); move or shrink it."
        )
    return problems


def _quality(
    obj: ImageObject, asset: Asset, view: str, slug: str
) -> ImageQuality | None:
    if asset.file_format == "svg":
        return None
    thresholds = print_quality_get(slug)
    printed_w = obj.width * obj.scaleX
    printed_h = obj.height * obj.scaleY
    ppi = int(
        min(
            obj.width / (printed_w / MM_PER_INCH),
            obj.height / (printed_h / MM_PER_INCH),
        )
    )
    level = (
        "blocked"
        if ppi < thresholds.minimum
        else "warning"
        if ppi < thresholds.warning
        else "good"
    )
    return ImageQuality(
        view,
        asset.name,
        ppi,
        level,
        int(asset.width / thresholds.minimum * MM_PER_INCH),
        int(asset.height / thresholds.minimum * MM_PER_INCH),
    )


def _area_choice(objects: list, *, view: str, technique: str, colors) -> AreaChoice:
    inks = set()
    has_image = False
    for obj in objects:
        if isinstance(obj, TextObject):
            inks.add(obj.fill)
            if obj.stroke and obj.strokeWidth > 0:
                inks.add(obj.stroke)
        else:
            has_image = True
    max_colors = techniques_get().get(technique, ("", 0, 0, 12, False))[3]
    count = max(1, min(len(inks) + (1 if has_image else 0), max_colors))
    specials = sorted(h for h in inks if colors[h].surcharge.amount > 0)
    return AreaChoice(view=view, technique="", colors=count, specials=specials)


def design_check(
    document: DesignDocument, *, product: ProductDesigner, visitor_uploads
) -> DesignCheck:
    """The document checked against the product and the library: a SchemaError
    with every problem, or what it prints (configuration) and how well (quality)."""
    unknown = [v for v in document.views if v not in product.areas]
    _refuse(
        [
            f"design.views.{v}: {product.title} cannot be printed on the {v}."
            for v in unknown
        ]
    )
    assets = _assets(document, visitor_uploads)
    fonts = fonts_get()
    colors = text_colors_get()
    technique = default_technique_slug()
    problems: list[str] = []
    quality: list[ImageQuality] = []
    areas = []
    for view, design in document.views.items():
        if not design.objects:
            continue
        area = product.areas[view]
        for index, obj in enumerate(design.objects):
            problems += _check_object(
                obj,
                view=view,
                index=index,
                area=area,
                assets=assets,
                fonts=fonts,
                colors=colors,
            )
            if isinstance(obj, ImageObject) and obj.src in assets:
                report = _quality(obj, assets[obj.src], view, technique)
                if report is not None:
                    quality.append(report)
        if not problems:
            areas.append(
                _area_choice(
                    design.objects, view=view, technique=technique, colors=colors
                )
            )
    _refuse(problems)
    return DesignCheck(document, Configuration(areas=areas), assets, tuple(quality))


def moderation_matches(texts: list[str], words_text: str) -> list[str]:
    """The listed words or phrases (one per line) found in the texts, as whole
    words and ignoring case and spacing."""
    joined = " ".join(" ".join(t.split()) for t in texts).casefold()
    found = []
    for line in words_text.splitlines():
        word = " ".join(line.split()).casefold()
        if word and re.search(rf"(?<!\w){re.escape(word)}(?!\w)", joined):
            found.append(word)
    return found
