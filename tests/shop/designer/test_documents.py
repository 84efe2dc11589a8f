"""Design documents: a valid one is saved and read back the same; every kind of
hostile or wrong document gets a 4xx with a reason, and nothing is stored."""

from __future__ import annotations

import pytest

from shop.designer.models import Design
from tests.shop.designer.conftest import document, image, text

pytestmark = pytest.mark.django_db


def _save(api, tee, doc, **extra):
    return api(
        "post",
        "/api/v1/designer/designs/",
        {"name": "Mine", "product": tee.pk, "color": "Black", "document": doc, **extra},
    )


def test_a_design_is_saved_and_read_back_the_same(api, tee):
    doc = document(text(), text(text="Curved", arc=120, top=250, fill="#d62828"))

    created = _save(api, tee, doc)

    assert created.status_code == 201, created.content
    token = created.json()["token"]
    again = api("get", f"/api/v1/designer/designs/{token}/").json()
    objects = again["document"]["views"]["front"]["objects"]
    assert [o["text"] for o in objects] == ["Hello", "Curved"]
    assert objects[1]["arc"] == 120
    assert api("get", "/api/v1/designer/designs/").json()[0]["token"] == token


HOSTILE = {
    "unknown object type": document({"type": "Script", "left": 1, "top": 1}),
    "unknown property": document(text(onclick="alert(1)")),
    "unknown font": document(text(fontFamily="comic-sans")),
    "color not in the library": document(text(fill="#123456")),
    "color not hex": document(text(fill="red")),
    "external image": document(image("https://evil.example/x.png", 10, 10)),
    "internal url": document(image("/admin/", 10, 10)),
    "data url": document(image("data:image/png;base64,AAAA", 10, 10)),
    "javascript url": document(image("javascript:alert(1)", 10, 10)),
    "someone else's upload": document(
        image("/design/uploads/" + "a" * 32 + "/", 10, 10)
    ),
    "clipart that does not exist": document(
        image("/design/clipart/999999/svg/", 10, 10)
    ),
    "outside the print area": document(text(left=900, top=100)),
    "huge font": document(text(fontSize=100000)),
    "huge exponent": None,  # a raw body below
    "NaN": None,
    "float as string": document(text(left="150")),
    "bool as number": document(text(left=True)),
    "NUL in text": document(text(text="a\x00b")),
    "10k text": document(text(text="x" * 10000)),
    "too many lines": document(text(text="a\nb\nc\nd\ne\nf\ng")),
    "curved multiline": document(text(text="a\nb", arc=90)),
    "tiny curve": document(text(arc=3)),
    "too many objects": document(*[text(left=150, top=100)] * 41),
    "unknown view": {"views": {"top": {"objects": []}}},
    "view the product lacks": document(text(), view="back"),
    "views not an object": {"views": []},
    "deep nesting": {"views": {"front": {"objects": [[[[[[[[[[[]]]]]]]]]]]}}},
    "origin not center": document(text(originX="left")),
    "scale zero": document(text(scaleX=0)),
}
RAW = {
    "huge exponent": b'{"name":"x","product":%d,"color":"Black","document":{"views":{"front":{"objects":[{"type":"IText","text":"a","fontFamily":"inter","fontSize":1e999999,"fill":"#111111","left":1,"top":1}]}}}}',
    "NaN": b'{"name":"x","product":%d,"color":"Black","document":{"views":{"front":{"objects":[{"type":"IText","text":"a","fontFamily":"inter","fontSize":NaN,"fill":"#111111","left":1,"top":1}]}}}}',
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_hostile_design_is_refused_with_a_reason_and_nothing_is_stored(
    api, tee, case
):
    if case in RAW:
        response = api("post", "/api/v1/designer/designs/", raw=RAW[case] % tee.pk)
    else:
        response = _save(api, tee, HOSTILE[case])

    assert 400 <= response.status_code < 500, (case, response.status_code)
    assert response.json()["message"], case
    assert not Design.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"[]",
        b"\x00",
        b'{"name": "x"}',
        b"{" * 5000,
        ('{"name": "' + "\u202e" * 10 + '"}').encode(),
    ],
)
def test_broken_bodies_are_refused(api, tee, body):
    response = api("post", "/api/v1/designer/designs/", raw=body)
    assert 400 <= response.status_code < 500
    assert not Design.objects.exists()


def test_designs_are_private_to_their_visitor(api, tee):
    from tests.shop.designer.conftest import api_client

    token = _save(api, tee, document(text())).json()["token"]
    other = api_client()

    assert other("get", f"/api/v1/designer/designs/{token}/").status_code == 404
    assert other("delete", f"/api/v1/designer/designs/{token}/").status_code == 404
    assert other("get", "/api/v1/designer/designs/").json() == []
    assert other("get", "/api/v1/designer/designs/not-a-token/").status_code == 404


def test_rename_duplicate_delete(api, tee):
    token = _save(api, tee, document(text())).json()["token"]

    assert (
        api("patch", f"/api/v1/designer/designs/{token}/", {"name": "Club"}).json()[
            "name"
        ]
        == "Club"
    )
    copy = api("post", f"/api/v1/designer/designs/{token}/duplicate/")
    assert copy.status_code == 201 and copy.json()["name"] == "Club (copy)"
    assert api("delete", f"/api/v1/designer/designs/{token}/").status_code == 204
    assert list(Design.objects.values_list("name", flat=True)) == ["Club (copy)"]


def test_anonymous_designs_are_adopted_on_login(api, tee, django_user_model):
    from tests.factories.accounts import user_create

    _save(api, tee, document(text()))
    user = user_create(email="maker@example.com", password="a-long-passphrase-1")

    api.client.post(
        "/account/login/",
        {"username": "maker@example.com", "password": "a-long-passphrase-1"},
    )
    api.client.force_login(user)

    assert Design.objects.get().owner == user
