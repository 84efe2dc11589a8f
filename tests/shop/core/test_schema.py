"""The shared schema tool: the designer's Fabric.js JSON, checkout's data and the
catalog import are all checked with it."""

from decimal import Decimal
from typing import Annotated

import pytest
from pydantic import Field, ValidationError

from shop.core.schema import (
    Schema,
    SchemaError,
    amount,
    json_load,
    one_of,
    rich_text,
    safe_text,
    text_problems,
    validate,
)

MAX_BYTES = 64 * 1024
MAX_DEPTH = 8


# A sketch of what the designer will send: a Fabric.js canvas of objects.
class FabricObject(Schema):
    type: Annotated[str, one_of(("i-text", "image", "rect"), "object type")]
    left: amount(low=Decimal("-5000"), high=Decimal("5000"), what="position")
    top: amount(low=Decimal("-5000"), high=Decimal("5000"), what="position")
    angle: amount(low=Decimal("-360"), high=Decimal("360"), what="angle") = Decimal("0")
    text: rich_text(500) = ""
    fill: safe_text(7, blank=True) = ""


class FabricCanvas(Schema):
    version: safe_text(20)
    objects: Annotated[list[FabricObject], Field(max_length=50)]


def canvas(**changes) -> str:
    text_object = (
        '{"type": "i-text", "left": 120.5, "top": "80", "text": "Hello\\nWorld",'
        ' "fill": "#112233"}'
    )
    objects = changes.get(
        "objects", f'[{text_object}, {{"type": "rect", "left": 0, "top": 0}}]'
    )
    return f'{{"version": "5.3.0", "objects": {objects}}}'


def load(text: str):
    data = json_load(
        text.encode(),
        max_bytes=MAX_BYTES,
        max_depth=MAX_DEPTH,
        what="design",
        multiline_keys={"text"},
    )
    return validate(FabricCanvas, data, labels={"objects": "type"}, where="design")


def test_a_designer_document_validates_into_frozen_models():
    design = load(canvas())

    first = design.objects[0]
    assert first.left == Decimal("120.50") and first.top == Decimal("80.00")
    assert first.text == "Hello\nWorld"
    assert design.objects[1].type == "rect"
    with pytest.raises(ValidationError):
        first.left = Decimal("1")  # frozen
    assert design.model_dump(mode="json")["objects"][0]["left"] == "120.50"


@pytest.mark.parametrize(
    ("objects", "message"),
    [
        (
            '[{"type": "circle", "left": 0, "top": 0}]',
            "objects[0] (circle).type: "
            "unknown object type “circle”; use one of i-text, image, rect.",
        ),
        ('[{"type": "rect", "left": 0}]', "objects[0] (rect): “top” is required."),
        (
            '[{"type": "rect", "left": 0, "top": 0, "onclick": "x"}]',
            "objects[0] (rect): “onclick” is not a known key",
        ),
        ('[{"type": "rect", "left": "1e3", "top": 0}]', "“1e3” is not a position."),
        (
            '[{"type": "rect", "left": true, "top": 0}]',
            "must be a position string, not a boolean.",
        ),
        ('[{"type": "rect", "left": 9999, "top": 0}]', "9999 must not be above 5000."),
        (
            '[{"type": "rect", "left": "0.001", "top": 0}]',
            "0.001 has more than two decimal places.",
        ),
        (
            '[{"type": "i-text", "left": 0, "top": 0, "text": 5}]',
            "objects[0] (i-text).text: must be a string, not a number.",
        ),
        (
            '[{"type": "i-text", "left": 0, "top": 0, "text": "' + "a" * 501 + '"}]',
            "is 501 characters long; the limit is 500.",
        ),
        (
            '[{"type": "rect", "left": 0, "top": 0, "fill": "a\\u001bb"}]',
            "objects[0].fill: remove the control characters.",
        ),
        (
            "[" + ",".join(['{"type": "rect", "left": 0, "top": 0}'] * 51) + "]",
            "objects: must list at most 50.",
        ),
        ('"many"', "objects: must be a list, not a string."),
    ],
)
def test_bad_designer_documents_are_refused_with_located_sentences(objects, message):
    with pytest.raises(SchemaError) as caught:
        load(canvas(objects=objects))

    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[" * 1000 + "]" * 1000, "deeper than 8 levels"),
        ('{"a": ' * 1000 + "1" + "}" * 1000, "deeper than 8 levels"),
        ('{"objects": [' + "{}, " * 30_000 + "{}]}", "is larger than 64 KB"),
        ('{"version": "1", "version": "2"}', "the key “version” appears twice"),
        ('{"left": NaN}', "NaN is not a number"),
        ('{"left": ' + "9" * 30 + "}", "a whole number with 30 digits is too long"),
        ("", "is empty"),
        ('{"a": 1', "is not valid JSON"),
    ],
    ids=[
        "deep-lists",
        "deep-objects",
        "huge",
        "duplicate",
        "nan",
        "long",
        "empty",
        "truncated",
    ],
)
def test_hostile_json_is_refused_in_one_sentence(text, message):
    with pytest.raises(SchemaError) as caught:
        json_load(text, max_bytes=MAX_BYTES, max_depth=MAX_DEPTH, what="The design")

    assert message in str(caught.value)
    assert str(caught.value).startswith("The design")


def test_bytes_that_are_not_utf8_are_refused():
    with pytest.raises(SchemaError, match="is not UTF-8 text"):
        json_load("é".encode("latin-1"), max_bytes=10, max_depth=2)


def test_floats_never_pass_as_amounts():
    class Price(Schema):
        price: amount(high=Decimal("100"))

    with pytest.raises(SchemaError, match="not a float"):
        validate(Price, {"price": 1.5})
    assert validate(Price, {"price": Decimal("1.5")}).price == Decimal("1.50")
    assert validate(Price, {"price": "-0"}).price == Decimal("0.00")


def test_control_characters_are_refused_by_place_in_strings_and_keys():
    data = {"objects": [{"text": "tab\tand\nnewline", "fill": "a\x00"}], "k\x1b": 1}

    problems = text_problems(data, multiline_keys={"text"}, where="design")

    assert sorted(problems) == [
        "design: a key holds control characters; remove them.",
        "objects[0].fill: remove the control characters.",
    ]
    with pytest.raises(SchemaError, match="holds control characters"):
        json_load('{"a": "\\u0000"}', max_bytes=100, max_depth=2)
