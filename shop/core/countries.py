"""Countries an address may be in, and the postal code shapes we can check.

The shop ships within Europe. The list is ISO 3166-1 alpha-2; checkout may narrow it
to the countries a shipping method serves. Core, so that address values, checkout and
invoices share it without importing the accounts app.
"""

import re

from django.utils.translation import gettext_lazy as _

COUNTRY_CHOICES = [
    ("AD", _("Andorra")),
    ("AT", _("Austria")),
    ("BE", _("Belgium")),
    ("BG", _("Bulgaria")),
    ("CH", _("Switzerland")),
    ("CY", _("Cyprus")),
    ("CZ", _("Czechia")),
    ("DE", _("Germany")),
    ("DK", _("Denmark")),
    ("EE", _("Estonia")),
    ("ES", _("Spain")),
    ("FI", _("Finland")),
    ("FR", _("France")),
    ("GB", _("United Kingdom")),
    ("GR", _("Greece")),
    ("HR", _("Croatia")),
    ("HU", _("Hungary")),
    ("IE", _("Ireland")),
    ("IS", _("Iceland")),
    ("IT", _("Italy")),
    ("LI", _("Liechtenstein")),
    ("LT", _("Lithuania")),
    ("LU", _("Luxembourg")),
    ("LV", _("Latvia")),
    ("MC", _("Monaco")),
    ("MT", _("Malta")),
    ("NL", _("Netherlands")),
    ("NO", _("Norway")),
    ("PL", _("Poland")),
    ("PT", _("Portugal")),
    ("RO", _("Romania")),
    ("SE", _("Sweden")),
    ("SI", _("Slovenia")),
    ("SK", _("Slovakia")),
]

COUNTRY_NAMES = dict(COUNTRY_CHOICES)


def country_name(code: str) -> str:
    """The country's name in the active language; the code if it is not in the list."""
    name = COUNTRY_NAMES.get(code)
    return str(name) if name is not None else code


# Only shapes that are fixed and well known; other countries accept any postal code.
POSTAL_CODE_PATTERNS = {
    "AT": (r"\d{4}", "1010"),
    "BE": (r"\d{4}", "1000"),
    "CH": (r"\d{4}", "8001"),
    "DE": (r"\d{5}", "10115"),
    "DK": (r"\d{4}", "1050"),
    "ES": (r"\d{5}", "28001"),
    "FR": (r"\d{5}", "75001"),
    "IT": (r"\d{5}", "00118"),
    "LI": (r"94[89]\d", "9490"),
    "LU": (r"(L-)?\d{4}", "1118"),
    "NL": (r"[1-9]\d{3} ?[A-Z]{2}", "1012 AB"),
    "NO": (r"\d{4}", "0150"),
    "PL": (r"\d{2}-\d{3}", "00-001"),
    "PT": (r"\d{4}-\d{3}", "1000-001"),
    "SE": (r"\d{3} ?\d{2}", "111 22"),
}


def postal_code_error(country: str, postal_code: str) -> str | None:
    """A message if the postal code cannot belong to the country, else None."""
    rule = POSTAL_CODE_PATTERNS.get(country)
    if rule is None:
        return None
    pattern, example = rule
    if re.fullmatch(pattern, postal_code.strip().upper()):
        return None
    return str(_("Enter a valid postal code, for example %(example)s.")) % {
        "example": example
    }


def country_code_from_text(text: str) -> str | None:
    """The ISO code for a typed country ("Netherlands", " nl ", "the Netherlands")."""
    cleaned = text.strip()
    if cleaned.upper() in COUNTRY_NAMES:
        return cleaned.upper()
    by_name = {str(name).casefold(): code for code, name in COUNTRY_CHOICES}
    folded = cleaned.casefold()
    return by_name.get(folded) or by_name.get(folded.removeprefix("the "))
