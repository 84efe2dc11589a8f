"""The visitor's design list (open, rename, duplicate, delete, previews) and
templates saved by editors."""

from __future__ import annotations

import pytest

from shop.accounts.roles import EDITORS
from shop.designer.models import Design, DesignTemplate
from tests.factories.accounts import user_create
from tests.shop.designer.conftest import (
    api_client,
    document,
    image,
    png_bytes,
    text,
    upload,
)

pytestmark = pytest.mark.django_db


def _save(api, tee, doc, name="Mine"):
    response = api(
        "post",
        "/api/v1/designer/designs/",
        {"name": name, "product": tee.pk, "color": "Black", "document": doc},
    )
    assert response.status_code == 201, response.content
    return response.json()["token"]


def test_the_list_page_renames_duplicates_deletes_and_previews(api, tee):
    token = _save(api, tee, document(text(text="Club")))
    client = api.client
    csrf = {"HTTP_X_CSRFTOKEN": client.cookies["csrftoken"].value}

    page = client.get("/design/mine/").content.decode()
    assert "Mine" in page and f"/design/{tee.pk}/?design={token}" in page
    preview = client.get(f"/design/mine/{token}/preview.png")
    assert preview.status_code == 200 and preview.content[:4] == b"\x89PNG"
    assert client.get(f"/design/mine/{token}/preview.png").content == preview.content
    assert (
        api_client().client.get(f"/design/mine/{token}/preview.png").status_code == 404
    )

    client.post(f"/design/mine/{token}/rename/", {"name": "Club shirt"}, **csrf)
    client.post(f"/design/mine/{token}/duplicate/", **csrf)
    names = sorted(Design.objects.values_list("name", flat=True))
    assert names == ["Club shirt", "Club shirt (copy)"]
    refused = client.post(f"/design/mine/{token}/rename/", {"name": "x\x00y"}, **csrf)
    assert refused.status_code == 302  # back to the list, with the message
    assert sorted(Design.objects.values_list("name", flat=True)) == names
    client.post(f"/design/mine/{token}/delete/", **csrf)
    assert list(Design.objects.values_list("name", flat=True)) == ["Club shirt (copy)"]
    other = api_client().client
    other_csrf = {"HTTP_X_CSRFTOKEN": other.cookies["csrftoken"].value}
    left = Design.objects.get().token.hex
    assert other.post(f"/design/mine/{left}/delete/", **other_csrf).status_code == 404
    assert Design.objects.count() == 1


def test_editors_save_templates_of_text_and_clipart_only(tee):
    from shop.designer.demo import designer_seed_demo
    from shop.designer.models import Clipart

    designer_seed_demo()
    star = Clipart.objects.get(name="Gold star")
    clipart = image(
        f"/design/clipart/{star.pk}/svg/",
        star.width,
        star.height,
        scaleX=0.05,
        scaleY=0.05,
    )
    body = {"name": "Club crest", "document": document(text(), clipart)}

    shopper = api_client()
    assert shopper("post", "/api/v1/designer/templates/", body).status_code == 403
    editor = api_client()
    editor.client.force_login(user_create(groups=(EDITORS,)))
    editor = api_client(editor.client)
    assert editor("post", "/api/v1/designer/templates/", body).status_code == 201
    assert (
        DesignTemplate.objects.get(name="Club crest")
        .document["views"]["front"]["objects"][1]["src"]
        .startswith("/design/clipart/")
    )

    src = upload(editor, png_bytes()).json()["src"]
    with_upload = {
        "name": "Photo",
        "document": document(image(src, 300, 300, scaleX=0.1, scaleY=0.1)),
    }
    refused = editor("post", "/api/v1/designer/templates/", with_upload)
    assert refused.status_code == 400 and refused.json()["code"] == "template_uploads"
    page = editor.client.get(f"/design/{tee.pk}/").content.decode()
    assert "data-save-template" in page
    assert (
        "data-save-template"
        not in shopper.client.get(f"/design/{tee.pk}/").content.decode()
    )


def test_abandoned_anonymous_designs_and_uploads_are_removed(api, tee, settings):
    from datetime import timedelta

    from django.core.files.storage import default_storage
    from django.utils import timezone

    from shop.designer.models import Upload
    from shop.designer.tasks import designs_clean_up

    src = upload(api, png_bytes()).json()["src"]
    doc = document(image(src, 300, 300, scaleX=0.1, scaleY=0.1))
    _save(api, tee, doc)
    assert (
        api(
            "post",
            "/api/v1/cart/designs/",
            {"product": tee.pk, "color": "Black", "size": "M", "document": doc},
        ).status_code
        == 201
    )
    kept = user_create()
    Design.objects.create(
        owner=kept, name="Kept", product=tee, color="Black", document=doc
    )
    file_name = Upload.objects.get().file.name
    old = timezone.now() - timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)
    Design.objects.filter(owner__isnull=True).update(updated_at=old)
    Upload.objects.update(created_at=old)

    assert designs_clean_up() == {"designs": 1, "uploads": 1}
    assert list(Design.objects.values_list("name", flat=True)) == ["Kept"]
    assert not default_storage.exists(file_name)
    assert api("get", "/api/v1/cart/").json()["lines"][0][
        "thumbnail"
    ]  # frozen copy stays
    assert designs_clean_up() == {"designs": 0, "uploads": 0}
