"""Fonts: the project's own open fonts (npm @fontsource packages, served as static
files) and fonts editors upload. The browser and the server renderer use the same
font file: the browser loads the WOFF2/WOFF/TTF through @font-face, the renderer
decompresses the same file to TrueType once and hands it to the rasterizer.
"""

from __future__ import annotations

import functools
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import ValidationError
from fontTools.ttLib import TTFont, TTLibError

from shop.core.content_cache import content_memo, content_version
from shop.designer.models import Font

# slug, name, static path (under STATICFILES_DIRS' vendor/fonts), licence
BUILTIN_FONTS = (
    ("inter", "Inter", "vendor/fonts/inter/files/inter-latin-400-normal.woff2"),
    (
        "inter-bold",
        "Inter Bold",
        "vendor/fonts/inter/files/inter-latin-700-normal.woff2",
    ),
    ("oswald", "Oswald", "vendor/fonts/oswald/files/oswald-latin-500-normal.woff2"),
    (
        "bebas-neue",
        "Bebas Neue",
        "vendor/fonts/bebas-neue/files/bebas-neue-latin-400-normal.woff2",
    ),
    (
        "pacifico",
        "Pacifico",
        "vendor/fonts/pacifico/files/pacifico-latin-400-normal.woff2",
    ),
    (
        "permanent-marker",
        "Permanent Marker",
        "vendor/fonts/permanent-marker/files/permanent-marker-latin-400-normal.woff2",
    ),
)
FONT_FORMATS = {"woff2": "woff2", "woff": "woff", "ttf": "truetype", "otf": "opentype"}
MAX_FONT_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class FontInfo:
    slug: str
    name: str
    url: str
    css_format: str
    # "static:<path>" or "media:<name>": where the renderer reads the file.
    source: str


def fonts_get() -> dict[str, FontInfo]:
    """slug -> every font shoppers may use, built-in first."""

    def load() -> dict[str, FontInfo]:
        fonts = {
            slug: FontInfo(
                slug, name, staticfiles_storage.url(path), "woff2", f"static:{path}"
            )
            for slug, name, path in BUILTIN_FONTS
        }
        for font in Font.objects.filter(is_active=True):
            fonts.setdefault(
                font.slug,
                FontInfo(
                    font.slug,
                    font.name,
                    font.file.url,
                    FONT_FORMATS[font.file_format],
                    f"media:{font.file.name}",
                ),
            )
        return fonts

    # Uploaded fonts' URLs may be signed media URLs that expire.
    return content_memo(
        "designer-fonts",
        content_version(stock=False),
        load,
        timeout=settings.CONTENT_FRAGMENT_SECONDS,
    )


def _font_bytes(source: str) -> bytes:
    kind, _, name = source.partition(":")
    if kind == "static":
        path = finders.find(name)
        if path is None:
            with staticfiles_storage.open(name) as handle:
                return handle.read()
        return Path(path).read_bytes()
    from django.core.files.storage import default_storage

    with default_storage.open(name) as handle:
        return handle.read()


def font_truetype_path(font: FontInfo) -> tuple[Path, str]:
    """(a local TrueType/OpenType file, its family name) for the renderer; made
    once per font file and kept in ``DESIGNER_FONT_CACHE``."""
    path, family = _truetype(font.source)
    if not path.exists():  # the cache folder was emptied meanwhile
        _truetype.cache_clear()
        path, family = _truetype(font.source)
    return path, family


# Read, hashed and parsed once per process: a render only looks the file up.
@functools.lru_cache(maxsize=64)
def _truetype(source: str) -> tuple[Path, str]:
    data = _font_bytes(source)
    digest = hashlib.sha256(data).hexdigest()
    folder = Path(settings.DESIGNER_FONT_CACHE)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{digest}.ttf"
    tt = TTFont(io.BytesIO(data))
    family = _family(tt)
    if not path.exists():
        tt.flavor = None
        tmp = path.with_suffix(".tmp")
        tt.save(str(tmp))
        tmp.replace(path)
    return path, family


def _family(tt: TTFont) -> str:
    name = tt["name"]
    return str(name.getDebugName(16) or name.getDebugName(1) or "")


def font_metrics(font: FontInfo) -> tuple[int, dict[str, int], int]:
    """(units per em, advance width per character, default advance) of a font."""
    return _metrics(font.source)


# A font file never changes under its name (uploads get a new random name).
@functools.lru_cache(maxsize=64)
def _metrics(source: str) -> tuple[int, dict[str, int], int]:
    tt = TTFont(io.BytesIO(_font_bytes(source)), lazy=True)
    cmap = tt.getBestCmap() or {}
    hmtx = tt["hmtx"]
    advances = {chr(code): hmtx[glyph][0] for code, glyph in cmap.items()}
    upm = tt["head"].unitsPerEm
    return upm, advances, upm // 2


def font_file_check(data: bytes) -> tuple[str, str]:
    """(format, family) of an uploaded font file, or a ValidationError: a real
    TrueType/OpenType/WOFF/WOFF2 font with outlines, a family name and Latin letters."""
    if len(data) > MAX_FONT_BYTES:
        raise ValidationError("A font file may be at most 4 MB.")
    try:
        tt = TTFont(io.BytesIO(data), lazy=False)
        tables = set(tt.keys())
        cmap = tt.getBestCmap() or {}
        family = _family(tt)
    except (TTLibError, Exception) as error:  # fontTools raises many kinds
        raise ValidationError(
            "This is not a font file we can read (TrueType, OpenType, WOFF or WOFF2)."
        ) from error
    if not ({"glyf", "CFF ", "CFF2"} & tables) or "hmtx" not in tables:
        raise ValidationError("This font has no glyph outlines.")
    if not all(ord(c) in cmap for c in "AZaz09"):
        raise ValidationError("This font lacks Latin letters and digits.")
    if not family or len(family) > 100:
        raise ValidationError("This font has no usable family name.")
    flavor = tt.flavor or ("otf" if "CFF " in tables or "CFF2" in tables else "ttf")
    return flavor, family
