"""README.md and docs/*.md point only inside the repository."""

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DOCUMENTS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
# [text](target) and [text]: target, the two Markdown link forms.
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)[^)]*\)|^\s*\[[^\]]+\]:\s*(\S+)", re.M)


def _targets(text: str) -> list[str]:
    return [inline or reference for inline, reference in LINK.findall(text)]


def _problem(document: Path, target: str) -> str | None:
    if re.match(r"(https?|mailto):", target) or target.startswith("#"):
        return None
    if re.match(r"[a-z][a-z0-9+.-]*:", target, re.I) or target.startswith("/"):
        return "points outside the repository"
    resolved = (document.parent / target.split("#")[0]).resolve()
    if not resolved.is_relative_to(REPO):
        return "escapes the repository"
    if not resolved.exists():
        return "names a file that does not exist"
    return None


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.name)
def test_links_resolve_inside_the_repository(document):
    text = document.read_text()

    problems = [
        (target, problem)
        for target in _targets(text)
        if (problem := _problem(document, target))
    ]

    assert problems == []
    for outside in ("../shared", "/work/", "/home/", "/tmp/"):
        assert outside not in text, outside


def test_the_checker_catches_bad_links():
    readme = REPO / "README.md"

    assert _targets("see [card](../shared/card.md)\n[x]: /etc/passwd") == [
        "../shared/card.md",
        "/etc/passwd",
    ]
    assert _problem(readme, "../shared/card.md") == "escapes the repository"
    assert _problem(readme, "/etc/passwd") == "points outside the repository"
    assert _problem(readme, "file:///work/x") == "points outside the repository"
    assert _problem(readme, "docs/MISSING.md") == "names a file that does not exist"
    assert _problem(readme, "docs/CONVENTIONS.md#2-layout") is None
