"""The designer's library and review queue in the Wagtail admin, by role."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from shop.accounts.roles import EDITORS, FULFILMENT, MARKETING
from shop.designer.models import Clipart, ClipartCategory, DesignReview, Font
from shop.designer.services import snapshot_may_be_produced
from tests.factories.accounts import user_create
from tests.shop.designer.conftest import api_client, document, text

pytestmark = pytest.mark.django_db

CIRCLE = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4"/></svg>'
SCRIPTED = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" onload="alert(1)"><script>alert(1)</script><rect width="9" height="9"/></svg>'


def _client(*groups) -> Client:
    client = Client()
    client.force_login(user_create(groups=groups))
    return client


def test_an_editor_uploads_many_clipart_files_cleaned(db):
    category = ClipartCategory.objects.create(name="Icons", slug="icons")
    client = _client(EDITORS)

    response = client.post(
        "/admin/designer/clipart/upload/",
        {
            "category": category.pk,
            "files": [
                SimpleUploadedFile("circle.svg", CIRCLE, "image/svg+xml"),
                SimpleUploadedFile("rocket.svg", SCRIPTED, "image/svg+xml"),
            ],
        },
    )

    assert response.status_code == 302
    assert sorted(Clipart.objects.values_list("name", flat=True)) == [
        "circle",
        "rocket",
    ]
    stored = Clipart.objects.get(name="rocket").svg.read()
    assert b"script" not in stored and b"onload" not in stored


def test_one_bad_file_stores_nothing_and_says_which(db):
    category = ClipartCategory.objects.create(name="Icons", slug="icons")
    client = _client(EDITORS)

    response = client.post(
        "/admin/designer/clipart/upload/",
        {
            "category": category.pk,
            "files": [
                SimpleUploadedFile("circle.svg", CIRCLE),
                SimpleUploadedFile("bomb.svg", b'<!DOCTYPE x [<!ENTITY a "b">]><svg/>'),
                SimpleUploadedFile("photo.svg", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50),
            ],
        },
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "bomb.svg" in html and "photo.svg" in html
    assert not Clipart.objects.exists()


def _refused(response) -> bool:
    """Wagtail answers a refused admin view with a redirect to the dashboard (or
    the login page for buyers)."""
    return response.status_code == 403 or (
        response.status_code == 302 and "/designer/" not in response["Location"]
    )


def test_buyers_and_marketing_cannot_upload_clipart(db):
    assert _refused(_client().get("/admin/designer/clipart/upload/"))
    assert _refused(_client(MARKETING).get("/admin/designer/clipart/upload/"))


def test_a_font_upload_is_checked(db):
    client = _client(EDITORS)
    woff2 = (
        Path(settings.BASE_DIR)
        / "node_modules/@fontsource/oswald/files/oswald-latin-400-normal.woff2"
    ).read_bytes()
    base = {"name": "Club", "slug": "club", "licence": "OFL 1.1", "is_active": "on"}

    refused = client.post(
        "/admin/snippets/designer/font/add/",
        {
            **base,
            "file": SimpleUploadedFile("evil.ttf", b"<script>not a font</script>"),
        },
    )
    assert refused.status_code == 200 and not Font.objects.exists()
    accepted = client.post(
        "/admin/snippets/designer/font/add/",
        {**base, "file": SimpleUploadedFile("oswald.woff2", woff2)},
    )
    assert accepted.status_code == 302, accepted.content.decode()[:2000]
    font = Font.objects.get()
    assert (font.family, font.file_format) == ("Oswald", "woff2")
    from shop.designer.fonts import fonts_get

    assert "club" in fonts_get()


def test_fulfilment_approves_and_rejects_flagged_designs(tee):
    from shop.designer.models import DesignerSettings

    settings_row = DesignerSettings.load()
    settings_row.moderation_words = "rude"
    settings_row.save()
    shopper = api_client()
    for words in ("so rude", "rude again"):
        response = shopper(
            "post",
            "/api/v1/cart/designs/",
            {
                "product": tee.pk,
                "color": "Black",
                "size": "M",
                "document": document(text(text=words, fontSize=10)),
            },
        )
        assert response.status_code == 201, response.content
    first, second = DesignReview.objects.order_by("pk")
    client = _client(FULFILMENT)

    queue = client.get("/admin/designer/review/")
    assert "so rude" in queue.content.decode()
    client.post(f"/admin/designer/review/{first.pk}/decide/", {"decision": "approve"})
    missing = client.post(
        f"/admin/designer/review/{second.pk}/decide/", {"decision": "reject"}
    )
    client.post(
        f"/admin/designer/review/{second.pk}/decide/",
        {"decision": "reject", "message": "Please change the text."},
    )

    assert missing.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("approved", "rejected")
    assert second.message == "Please change the text."
    assert snapshot_may_be_produced(first.snapshot_id)
    assert not snapshot_may_be_produced(second.snapshot_id)
    assert _refused(_client(MARKETING).get("/admin/designer/review/"))
