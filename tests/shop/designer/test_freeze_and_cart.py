"""Adding a design to the cart: the print-quality gate, frozen content-hashed
snapshots, identical previews, moderation and the price of what is printed."""

from __future__ import annotations

import hashlib

import pytest

from shop.designer.models import Design, DesignerSettings, DesignReview, DesignSnapshot
from shop.designer.services import (
    review_decide,
    snapshot_may_be_produced,
    snapshot_preview,
)
from tests.shop.designer.conftest import document, image, png_bytes, text, upload

pytestmark = pytest.mark.django_db


def _add(api, tee, doc, **extra):
    return api(
        "post",
        "/api/v1/cart/designs/",
        {
            "product": tee.pk,
            "color": "Black",
            "size": "M",
            "quantity": 2,
            "document": doc,
            **extra,
        },
    )


def _photo(api, side=300):
    answer = upload(api, png_bytes(side, side)).json()
    return answer["src"]


def test_the_ppi_gate_blocks_300_px_over_30_cm_and_passes_it_at_5_cm(api, tee):
    src = _photo(api)
    stretched = document(
        image(src, 300, 300, left=150, top=200, scaleX=1.0, scaleY=1.0)
    )
    small = document(
        image(src, 300, 300, left=150, top=200, scaleX=50 / 300, scaleY=50 / 300)
    )

    blocked = _add(api, tee, stretched)
    check = api(
        "post",
        "/api/v1/designer/check/",
        {"product": tee.pk, "color": "Black", "document": stretched},
    ).json()

    assert blocked.status_code == 400
    assert blocked.json()["code"] == "print_quality"
    assert "photo.png" in blocked.json()["message"]
    assert "10 x 10 cm" in blocked.json()["message"]  # 300 px at 72 PPI
    assert (
        check["quality"][0]["level"] == "blocked" and check["quality"][0]["ppi"] == 25
    )
    assert not DesignSnapshot.objects.exists()
    passed = _add(api, tee, small)
    assert passed.status_code == 201, passed.content
    assert api("get", "/api/v1/cart/").json()["lines"][0]["quantity"] == 2


def test_the_thresholds_are_per_technique_and_editable(api, tee):
    from shop.pricing.models import PrintTechnique

    PrintTechnique.objects.create(
        name="DTG", slug="dtg", is_default=True, ppi_warning=300, ppi_minimum=200
    )
    src = _photo(api)
    at_5cm = document(image(src, 300, 300, scaleX=50 / 300, scaleY=50 / 300))

    response = _add(api, tee, at_5cm)

    assert response.status_code == 400 and response.json()["code"] == "print_quality"


def test_a_frozen_design_never_changes_and_previews_are_identical(api, tee):
    src = _photo(api)
    doc = document(
        text(text="Team", arc=90), image(src, 300, 300, scaleX=0.2, scaleY=0.2)
    )
    saved = api(
        "post",
        "/api/v1/designer/designs/",
        {"name": "A", "product": tee.pk, "color": "Black", "document": doc},
    ).json()

    assert _add(api, tee, doc).status_code == 201
    assert _add(api, tee, doc).status_code == 201
    frozen = DesignSnapshot.objects.get()
    assert [
        o["src"]
        for o in frozen.document["views"]["front"]["objects"]
        if o["type"] == "Image"
    ] != [src]
    first = snapshot_preview(frozen)
    assert first[:8] == b"\x89PNG\r\n\x1a\n"
    assert (
        hashlib.sha256(first).digest()
        == hashlib.sha256(snapshot_preview(frozen)).digest()
    )
    with frozen.preview.open() as stored:
        assert stored.read() == first

    doc["views"]["front"]["objects"][0]["text"] = "Changed"
    api(
        "put",
        f"/api/v1/designer/designs/{saved['token']}/",
        {"name": "A", "product": tee.pk, "color": "Black", "document": doc},
    )
    _add(api, tee, doc)
    frozen.refresh_from_db()
    assert frozen.document["views"]["front"]["objects"][0]["text"] == "Team"
    assert DesignSnapshot.objects.count() == 2
    lines = api("get", "/api/v1/cart/").json()["lines"]
    assert [line["quantity"] for line in lines] == [4, 2]
    assert lines[0]["thumbnail"] == f"/design/previews/{frozen.digest}.png"
    served = api.client.get(lines[0]["thumbnail"])
    assert served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content) == first
    assert (
        Design.objects.get().document["views"]["front"]["objects"][0]["text"]
        == "Changed"
    )


def test_the_design_sets_the_price_not_the_client(api, tee):
    from shop.pricing.selectors import text_colors_get

    gold = next(c for c in text_colors_get().values() if c.surcharge.amount > 0)
    response = _add(
        api, tee, document(text(fill=gold.hex_code)), configuration={"areas": []}
    )
    assert response.status_code == 400  # no such field: the design decides

    response = _add(api, tee, document(text(fill=gold.hex_code)))
    line = response.json()["lines"][0]
    labels = " ".join(row["label"] for row in line["quote"]["breakdown"])
    assert gold.name in labels
    forged = api(
        "post",
        "/api/v1/cart/lines/",
        {
            "product": tee.pk,
            "sku": line["sku"],
            "configuration": {"areas": [], "design": "0" * 64},
        },
    )
    assert forged.status_code == 400 and forged.json()["code"] == "unknown_design"


def test_flagged_text_goes_to_review_and_blocks_production_until_approved(
    api, tee, admin_user
):
    settings = DesignerSettings.load()
    settings.moderation_words = "badword\nsecret phrase"
    settings.save()

    assert (
        _add(
            api, tee, document(text(text="Such a  SECRET   phrase", fontSize=12))
        ).status_code
        == 201
    )
    assert _add(api, tee, document(text(text="badwordy is fine"))).status_code == 201

    review = DesignReview.objects.get()
    assert review.matched_words == "secret phrase"
    assert not snapshot_may_be_produced(review.snapshot_id)
    assert api("get", "/api/v1/cart/").json()["lines"][0]["flagged"] is True
    review_decide(review_id=review.pk, approve=True, message="", user=admin_user)
    assert snapshot_may_be_produced(review.snapshot_id)


def test_a_roster_sets_sizes_and_quantity(api, tee):
    response = _add(
        api,
        tee,
        document(text()),
        roster=[
            {"size": "S", "name": "Ana", "number": "7"},
            {"size": "L", "name": "Bo", "number": "9"},
            {"size": "L"},
        ],
    )

    assert response.status_code == 201, response.content
    lines = response.json()["lines"]
    assert sorted((line["size"], line["quantity"]) for line in lines) == [
        ("L", 2),
        ("S", 1),
    ]


def test_an_empty_design_is_refused(api, tee):
    response = _add(api, tee, {"views": {}})
    assert response.status_code == 400 and response.json()["code"] == "empty_design"
