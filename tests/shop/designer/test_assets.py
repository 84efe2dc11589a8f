"""Uploads and clipart files: real type detection, size and pixel limits, no
polyglots, no metadata, sanitized SVG served with a strict CSP, owners only."""

from __future__ import annotations

import io
import zlib

import pytest
from PIL import Image

from shop.designer.assets import AssetRefused, svg_sanitize
from shop.designer.models import Upload
from tests.shop.designer.conftest import api_client, png_bytes, upload

pytestmark = pytest.mark.django_db


def _jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (64, 48), (10, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x8825] = {2: (52.0, 22.0, 0.0)}  # GPS
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def _bomb() -> bytes:
    """A PNG claiming 30000 x 30000 pixels in a few bytes."""

    def chunk(kind, data):
        return (
            len(data).to_bytes(4, "big")
            + kind
            + data
            + zlib.crc32(kind + data).to_bytes(4, "big")
        )

    header = (30000).to_bytes(4, "big") * 2 + bytes([8, 2, 0, 0, 0])
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1000))
        + chunk(b"IEND", b"")
    )


BAD_UPLOADS = {
    "text file": b"hello, not an image",
    "html named png": b"<html><script>alert(1)</script></html>",
    "png with a zip appended": png_bytes(20, 20) + b"PK\x03\x04" + b"\x01" * 200,
    "jpeg with html appended": _jpeg_with_exif() + b"<script>alert(1)</script>",
    "decompression bomb": _bomb(),
    "truncated png": png_bytes(50, 50)[:60],
    "gif": b"GIF89a" + b"\x00" * 40,
    "empty": b"",
    "nul bytes": b"\x00" * 100,
    "svg with a doctype": b'<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1">&a;</svg>',
    "svg without a size": b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>',
    "xml that is not svg": b"<note><to>x</to></note>",
}


@pytest.mark.parametrize("case", sorted(BAD_UPLOADS))
def test_a_bad_upload_is_refused_with_a_reason_and_nothing_is_stored(api, case):
    response = upload(api, BAD_UPLOADS[case], name="image.png")

    assert response.status_code == 400, (case, response.content)
    assert response.json()["message"]
    assert not Upload.objects.exists()


def test_exif_is_stripped_and_the_file_is_served_only_to_its_owner(api):
    response = upload(api, _jpeg_with_exif(), name="holiday.jpg")

    assert response.status_code == 201
    src = response.json()["src"]
    served = api.client.get(src)
    data = b"".join(served.streaming_content)
    assert served["Content-Type"] == "image/jpeg"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert b"SecretCam" not in data
    assert not Image.open(io.BytesIO(data)).getexif()
    assert api_client()("get", src).status_code == 404


def test_the_stored_name_is_unguessable(api):
    upload(api, png_bytes(), name="../../etc/passwd.png")
    stored = Upload.objects.get()
    assert "passwd" not in stored.file.name
    assert len(stored.file.name.rsplit("/", 1)[1].split(".")[0]) == 32


SVG_ATTACKS = {
    "script": b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><script>alert(1)</script><rect width="5" height="5"/></svg>',
    "event handler": b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" onload="alert(1)"><rect width="5" height="5" onclick="alert(2)"/></svg>',
    "foreignObject": b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject></svg>',
    "external image": b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><image href="https://evil.example/x.png" width="5" height="5"/></svg>',
    "internal image": b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><image href="/admin/" width="5" height="5"/></svg>',
    "xlink external use": b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10"><use xlink:href="https://evil.example/a.svg#x"/></svg>',
    "javascript link": b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><a href="javascript:alert(1)"><rect width="5" height="5"/></a></svg>',
    "css url": b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="5" height="5" style="fill:url(https://evil.example/a)"/></svg>',
    "style element import": b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><style>@import url(https://evil.example/a.css);</style><rect width="5" height="5"/></svg>',
}


@pytest.mark.parametrize("case", sorted(SVG_ATTACKS))
def test_svg_attacks_are_removed(case):
    clean = svg_sanitize(SVG_ATTACKS[case]).data.lower()

    for needle in (
        b"<script",
        b"onload",
        b"onclick",
        b"foreignobject",
        b"evil.example",
        b"javascript:",
        b"/admin/",
        b"@import",
    ):
        assert needle not in clean, (case, needle)
    assert b'width="2000"' in clean  # an explicit size the browser and renderer share


def test_entities_are_refused_before_they_expand():
    laughs = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><text>&lol2;</text></svg>'
    with pytest.raises(AssetRefused, match="document type"):
        svg_sanitize(laughs)


def test_uploaded_svg_is_stored_sanitized(api):
    response = upload(api, SVG_ATTACKS["script"], name="logo.svg")

    assert response.status_code == 201
    assert response.json()["format"] == "svg"
    served = b"".join(api.client.get(response.json()["src"]).streaming_content)
    assert b"<script" not in served


def test_clipart_is_served_with_a_restrictive_csp(api):
    from shop.designer.demo import designer_seed_demo
    from shop.designer.models import Clipart

    designer_seed_demo()
    art = Clipart.objects.first()
    response = api.client.get(f"/design/clipart/{art.pk}/svg/")

    assert response["Content-Type"] == "image/svg+xml"
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert "sandbox" in response["Content-Security-Policy"]
    listed = api("get", "/api/v1/designer/clipart/?q=star").json()
    assert {c["name"] for c in listed} == {"Gold star", "Six-point star"}
    shapes = api(
        "get", f"/api/v1/designer/clipart/?category={art.category.get_root().pk}"
    ).json()
    assert "Gold star" in {c["name"] for c in shapes}  # from the sub-category
    assert api("get", "/api/v1/designer/clipart/?category=1e9").status_code == 400


@pytest.mark.parametrize(
    "path",
    [
        "/design/99999999999999999999/",
        "/design/0/",
        "/design/clipart/99999999999999999999/svg/",
        "/design/uploads/../../etc/passwd/",
        "/design/uploads/%00/",
        "/design/assets/" + "f" * 64 + "/",
        "/design/mine/" + "x" * 5000 + "/delete/",
    ],
)
def test_odd_designer_paths_are_a_4xx_not_a_500(client, path):
    response = client.get(path)
    assert 400 <= response.status_code < 500, (path, response.status_code)


@pytest.mark.parametrize(
    "query",
    [
        "color=%00",
        "color=" + "x" * 10000,
        "design=" + "z" * 39,
        "design=%00",
        "template=1e99",
        "template=-1",
        "template=99999999999999999999",
    ],
)
def test_odd_designer_queries_still_open_the_designer(client, tee, query):
    response = client.get(f"/design/{tee.pk}/?{query}")
    assert response.status_code == 200, (query, response.status_code)
