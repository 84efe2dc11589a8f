from __future__ import annotations

import io

import pytest
from PIL import Image

from tests.factories.api import api_client
from tests.factories.catalog import category_create, image_create, product_create

__all__ = ["api_client"]


@pytest.fixture
def tee(db):
    category = category_create(title="Shirts")
    return product_create(
        category=category, title="Designer Tee", stock=50, image=image_create()
    )


@pytest.fixture
def api(db):
    return api_client()


def png_bytes(width: int = 300, height: int = 300, color=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, "PNG")
    return out.getvalue()


def upload(api, data: bytes, name: str = "photo.png"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return api(
        "post",
        "/api/v1/designer/uploads/",
        {"file": SimpleUploadedFile(name, data)},
        content_type="multipart",
    )


def text(**fields) -> dict:
    return {
        "type": "IText",
        "text": "Hello",
        "fontFamily": "inter",
        "fontSize": 30,
        "fill": "#111111",
        "left": 150,
        "top": 100,
        **fields,
    }


def image(src: str, width: int, height: int, **fields) -> dict:
    return {
        "type": "Image",
        "src": src,
        "width": width,
        "height": height,
        "left": 150,
        "top": 200,
        **fields,
    }


def document(*objects, view: str = "front") -> dict:
    return {"views": {view: {"objects": list(objects)}}}
