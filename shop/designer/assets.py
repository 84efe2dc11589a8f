"""Files from outside: clipart SVGs editors upload and images shoppers upload.

SVG: the document type declaration is refused first (no entities, so no
expansion bombs), then Cloudflare's svg-hush (``py-svg-hush``) removes scripts,
event handlers, foreignObject, external references and unsafe CSS, and a last
pass drops style sheets, keeps only fragment references (``#id``) and raster
``data:`` images, and
gives the SVG an explicit pixel size so the browser and the renderer agree on it.

Raster: Pillow detects the real type (PNG or JPEG, whatever the name says),
refuses more pixels than ``DESIGNER_UPLOAD_MAX_PIXELS`` before decoding,
refuses files that carry data after the image (polyglots), and the image is
re-encoded, which drops EXIF and any other metadata. An uploaded SVG goes through
the SVG path and is stored sanitized.
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings
from dataclasses import dataclass
from xml.etree import ElementTree

import py_svg_hush
from defusedxml import ElementTree as SafeTree
from defusedxml.common import DefusedXmlException
from django.conf import settings
from PIL import Image, ImageOps, UnidentifiedImageError

SVG_NS = "http://www.w3.org/2000/svg"
XLINK = "{http://www.w3.org/1999/xlink}href"
MAX_SVG_BYTES = 1024 * 1024
MAX_SVG_ELEMENTS = 5000
MAX_DATA_IMAGE = 512 * 1024
SVG_SIDE = 2000
CLIPART_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"
_LENGTH = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*(px)?\s*$")
_DATA_IMAGE = re.compile(r"^data:image/(png|jpeg);base64,[A-Za-z0-9+/=\s]+$")

ElementTree.register_namespace("", SVG_NS)
ElementTree.register_namespace("xlink", "http://www.w3.org/1999/xlink")


# The content type of each format a stored asset may have.
MIME_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "svg": "image/svg+xml"}


class AssetRefused(ValueError):
    """A file we do not take; the message is for the person who sent it."""


@dataclass(frozen=True)
class CleanFile:
    data: bytes
    file_format: str  # "png", "jpeg" or "svg"
    width: int
    height: int

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def _svg_size(root: ElementTree.Element) -> tuple[int, int]:
    view_box = (root.get("viewBox") or "").replace(",", " ").split()
    width, height = (_LENGTH.match(root.get(k) or "") for k in ("width", "height"))
    if width and height:
        w, h = float(width.group(1)), float(height.group(1))
    elif len(view_box) == 4:
        try:
            w, h = float(view_box[2]), float(view_box[3])
        except ValueError:
            raise AssetRefused("The SVG's viewBox is not four numbers.") from None
    else:
        raise AssetRefused("The SVG needs a viewBox or a width and height in pixels.")
    if not (0 < w < 1e6 and 0 < h < 1e6):
        raise AssetRefused("The SVG's size must be positive.")
    scale = SVG_SIDE / max(w, h)
    return max(1, round(w * scale)), max(1, round(h * scale))


def svg_sanitize(data: bytes) -> CleanFile:
    """A safe SVG from an uploaded one, or AssetRefused with the reason."""
    if len(data) > MAX_SVG_BYTES:
        raise AssetRefused("An SVG may be at most 1 MB.")
    try:
        SafeTree.fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise AssetRefused(
            "SVGs with a document type declaration or entities are not accepted."
        ) from None
    except ElementTree.ParseError:
        raise AssetRefused("This is not a well-formed SVG file.") from None
    try:
        cleaned = py_svg_hush.filter_svg(data)
    except Exception:  # noqa: BLE001 (the Rust filter raises plain exceptions)
        raise AssetRefused("This is not an SVG file we can read.") from None
    root = SafeTree.fromstring(cleaned, forbid_dtd=True)
    if root.tag != f"{{{SVG_NS}}}svg":
        raise AssetRefused("This file is not an SVG image.")
    count = 0
    for parent in root.iter():
        count += 1
        for child in list(parent):
            if not _keep(child):
                parent.remove(child)
        for key in list(parent.attrib):
            if key in ("href", XLINK) and not parent.attrib[key].startswith("#"):
                del parent.attrib[key]
    if count > MAX_SVG_ELEMENTS:
        raise AssetRefused("This SVG has too many elements (at most 5,000).")
    width, height = _svg_size(root)
    if not root.get("viewBox"):
        w = _LENGTH.match(root.get("width")).group(1)
        h = _LENGTH.match(root.get("height")).group(1)
        root.set("viewBox", f"0 0 {w} {h}")
    root.set("width", str(width))
    root.set("height", str(height))
    out = ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
    return CleanFile(out, "svg", width, height)


def _keep(element: ElementTree.Element) -> bool:
    """No style sheets (svg-hush leaves pieces of removed rules behind; style
    attributes stay), raster images only as small PNG/JPEG data: URLs."""
    if element.tag == f"{{{SVG_NS}}}style":
        return False
    if element.tag != f"{{{SVG_NS}}}image":
        return True
    href = element.get("href") or element.get(XLINK) or ""
    if _DATA_IMAGE.match(href) and len(href) <= MAX_DATA_IMAGE:
        element.attrib.pop(XLINK, None)
        element.set("href", href)
        return True
    return False


def _image_end(data: bytes, kind: str) -> int:
    """Where the image data ends: after PNG's IEND chunk or JPEG's last EOI."""
    if kind == "png":
        at = data.rfind(b"IEND")
        return at + 8 if at >= 0 else len(data)
    at = data.rfind(b"\xff\xd9")
    return at + 2 if at >= 0 else len(data)


def raster_clean(data: bytes, *, max_bytes: int) -> CleanFile:
    """A re-encoded PNG or JPEG from an upload, or AssetRefused with the reason."""
    if len(data) > max_bytes:
        raise AssetRefused(f"An image may be at most {max_bytes // (1024 * 1024)} MB.")
    max_pixels = settings.DESIGNER_UPLOAD_MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=["PNG", "JPEG"])
            kind = image.format.lower()
            if image.width * image.height > max_pixels:
                raise AssetRefused(
                    f"This image has too many pixels (at most {max_pixels:,})."
                )
            image.load()
    except AssetRefused:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Warning):
        raise AssetRefused("Upload a PNG, JPEG or SVG image.") from None
    except (OSError, SyntaxError, ValueError):
        raise AssetRefused("This image is damaged or incomplete.") from None
    trailing = data[_image_end(data, kind) :]
    if trailing.strip(b"\x00"):
        raise AssetRefused(
            "This file carries other data after the image; export it again as a "
            "plain PNG or JPEG."
        )
    image = ImageOps.exif_transpose(image)
    if kind == "jpeg":
        image = image.convert("RGB")
        out = io.BytesIO()
        image.save(out, "JPEG", quality=92, optimize=True)
    else:
        if image.mode not in ("RGB", "RGBA", "L", "LA"):
            image = image.convert("RGBA")
        out = io.BytesIO()
        image.save(out, "PNG", optimize=False)
    return CleanFile(out.getvalue(), kind, image.width, image.height)


def upload_clean(data: bytes, *, max_bytes: int) -> CleanFile:
    """A shopper's upload by what it really is: an SVG or a PNG/JPEG."""
    head = data[:512].lstrip()
    if head.startswith(b"<"):
        return svg_sanitize(data)
    return raster_clean(data, max_bytes=max_bytes)
