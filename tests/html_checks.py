"""Checks on rendered storefront HTML, with the standard library's parser only."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

LABELLED_BY_ATTRIBUTE = ("aria-label", "aria-labelledby")
UNLABELLED_INPUT_TYPES = {"hidden", "submit", "button", "reset", "image"}


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.elements.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def elements(html: str, tag: str | None = None) -> list[dict[str, str | None]]:
    """Attributes of every start tag (of one kind), in document order."""
    collector = _Collector()
    collector.feed(html)
    return [attrs for name, attrs in collector.elements if tag in (None, name)]


def content(response) -> str:
    return response.content.decode()


def card_titles(html: str) -> list[str]:
    """Titles of the product cards, in the order shown."""
    return re.findall(r'class="card__link" href="[^"]*">([^<]+)</a>', html)


def json_script(html: str, element_id: str):
    match = re.search(
        rf'<script id="{element_id}" type="application/json">(.*?)</script>',
        html,
        re.S,
    )
    assert match, f"no json_script #{element_id}"
    return json.loads(match.group(1))


def assert_accessible_basics(html: str) -> None:
    """Language, skip link, unique ids, labelled form fields, alt on every image."""
    tags = elements(html)
    assert elements(html, "html")[0].get("lang"), "<html> needs a lang"

    ids = [attrs["id"] for attrs in tags if attrs.get("id")]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, f"duplicate ids: {duplicates}"

    skip = [a for a in elements(html, "a") if "skip-link" in (a.get("class") or "")]
    assert skip and skip[0]["href"] == "#main", "skip link to #main missing"
    assert "main" in ids, "skip link target #main missing"
    assert len(elements(html, "main")) == 1

    labelled = {a["for"] for a in elements(html, "label") if a.get("for")}
    for name in ("input", "select", "textarea"):
        for attrs in elements(html, name):
            if attrs.get("type") in UNLABELLED_INPUT_TYPES:
                continue
            assert attrs.get("id") in labelled or any(
                attrs.get(a) for a in LABELLED_BY_ATTRIBUTE
            ), f"<{name} name={attrs.get('name')!r}> has no label"
    missing = [a for a in labelled if a not in ids]
    assert not missing, f"labels point to missing ids: {missing}"

    for attrs in elements(html, "img"):
        assert "alt" in attrs, f"<img src={attrs.get('src')!r}> has no alt"
