"""Text from outside (forms, query strings, headers, import files) before it is stored.

PostgreSQL refuses NUL in text columns and lone surrogates cannot be encoded as UTF-8,
so either reaching the database is a server error; other control characters corrupt
logs, CSV exports and e-mails. One definition of "unsafe", used by validators
(refuse with a message) and by recorders of untrusted values (clean, never refuse).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# C0 controls except tab, newline and carriage return; DEL; C1 controls; lone surrogates.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_UNSAFE_SINGLE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def text_is_safe(value: str, *, multiline: bool = False) -> bool:
    """True when ``value`` holds no control character (tab and newlines if multiline)."""
    pattern = _UNSAFE if multiline else _UNSAFE_SINGLE_LINE
    return pattern.search(value) is None


def text_clean(value: str, *, max_length: int | None = None) -> str:
    """``value`` with each unsafe character replaced by U+FFFD, cut to ``max_length``.

    For recording what somebody sent (audit logs), where refusing is not an option.
    """
    cleaned = _UNSAFE_SINGLE_LINE.sub(REPLACEMENT, value)
    if max_length is not None:
        cleaned = cleaned[:max_length]
    return cleaned


def validate_safe_text(value: str) -> None:
    """Form and model validator for single-line text."""
    if isinstance(value, str) and not text_is_safe(value):
        raise ValidationError(
            _("Remove the control characters from this text."), code="control_chars"
        )


def validate_safe_multiline_text(value: str) -> None:
    """Form and model validator for text that may hold tabs and line breaks."""
    if isinstance(value, str) and not text_is_safe(value, multiline=True):
        raise ValidationError(
            _("Remove the control characters from this text."), code="control_chars"
        )
