from __future__ import annotations

import io
import json

import pytest
from django.test import Client
from PIL import Image

from tests.factories.catalog import category_create, image_create, product_create


@pytest.fixture
def tee(db):
    category = category_create(title="Shirts")
    return product_create(
        category=category, title="Designer Tee", stock=50, image=image_create()
    )


def api_client(client: Client | None = None):
    """A client that sends the CSRF cookie and header, as the designer does."""
    client = client or Client(enforce_csrf_checks=True)
    client.get("/api/v1/cart/")
    token = client.cookies["csrftoken"].value

    def call(method, path, body=None, *, raw=None, content_type="application/json"):
        if content_type == "multipart":
            return client.post(path, data=body, HTTP_X_CSRFTOKEN=token)
        data = (
            raw if raw is not None else (json.dumps(body) if body is not None else "")
        )
        return getattr(client, method)(
            path, data=data, content_type=content_type, HTTP_X_CSRFTOKEN=token
        )

    call.client = client
    return call


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
