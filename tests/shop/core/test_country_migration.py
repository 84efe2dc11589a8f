"""The shop's legal country moves from free text to an ISO code (migration core 0003)."""

from __future__ import annotations

import pytest

from shop.core.countries import COUNTRY_CHOICES, country_code_from_text


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Netherlands", "NL"),
        ("  switzerland ", "CH"),
        ("the Netherlands", "NL"),
        ("DE", "DE"),
        ("de", "DE"),
        ("Atlantis", None),
        ("", None),
        ("N\x00L", None),
        ("x" * 10_000, None),
    ],
)
def test_a_typed_country_becomes_its_code_or_none(typed, code):
    assert country_code_from_text(typed) == code


def test_every_listed_country_name_maps_to_its_code():
    for code, name in COUNTRY_CHOICES:
        assert country_code_from_text(str(name)) == code
