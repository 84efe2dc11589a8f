"""Structured input: the one tool (pydantic v2) every JSON document and typed form
from outside is checked with: the catalog import, checkout's addresses, and the
designer's Fabric.js JSON.

What lives here, so that each input describes only its own shape:

- ``Schema``: the base model (unknown keys refused, strict types: no "7" for 7, no 1
  for true, no float anywhere; frozen).
- Annotated types: ``safe_text`` (single line) and ``rich_text`` (tabs and line
  breaks allowed), built on ``shop.core.text``, with bounded lengths; ``amount``, a
  Decimal that refuses floats, NaN, exponents, thousands separators and a third
  decimal; ``one_of`` for a fixed set of values; ``django_validated`` to reuse a
  Django validator (the catalog's SKU and hex color rules live with its models, and
  core imports nothing from other apps).
- ``json_load``: JSON text to Python values, bounded (bytes, nesting depth, digits of
  a whole number), with duplicate keys, NaN and Infinity refused and numbers with a
  fraction read as ``Decimal``.
- ``text_problems``: every string of a document, keys included, checked for control
  characters, each problem located.
- ``error_sentences``: a ``ValidationError`` as one clear sentence per problem, each
  with its place in the document: ``products[2] (classic-tee).colors[0] (Black).hex:
  “#12345g” is not a hex color such as #1a2b3c.``
"""

from __future__ import annotations

import json
import re
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    ValidationError,
)
from pydantic_core import PydanticCustomError

from shop.core.exceptions import ShopError
from shop.core.text import text_clean, text_is_safe

__all__ = [
    "Schema",
    "SchemaError",
    "ValidationError",
    "amount",
    "django_validated",
    "error_sentences",
    "json_load",
    "one_of",
    "rich_text",
    "safe_text",
    "show",
    "text_problems",
]

CENT = Decimal("0.01")
QUOTE_LIMIT = 40


class SchemaError(ShopError):
    """Structured input refused; ``problems`` holds one located sentence each."""

    code = "invalid"

    def __init__(self, message: str, *, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems if problems is not None else [message]


class Schema(BaseModel):
    """Base of every structured input."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        frozen=True,
        validate_default=False,
    )


# --- Quoting values from outside -------------------------------------------------------


def show(value: Any, limit: int = QUOTE_LIMIT) -> str:
    """A value from the input, short and printable enough to quote in a message."""
    text = value if isinstance(value, str) else str(value)
    text = text_clean(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def json_type(value: Any) -> str:
    """What a JSON value is, in words: "a string", "a list", "null"."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return _("a boolean")
    if isinstance(value, int | float | Decimal):
        return _("a number")
    if isinstance(value, str):
        return _("a string")
    if isinstance(value, list | tuple):
        return _("a list")
    if isinstance(value, dict):
        return _("an object")
    return type(value).__name__


def _refuse(code: str, message: str, **context: Any) -> PydanticCustomError:
    # Values go into the context, never into the template: braces in them are text.
    return PydanticCustomError(code, message, context)


# --- Types -----------------------------------------------------------------------------


def _text_validator(*, multiline: bool, blank: bool) -> Callable[[str], str]:
    def check(value: str) -> str:
        if not text_is_safe(value, multiline=multiline):
            raise _refuse("control_chars", _("remove the control characters."))
        if not blank and not value.strip():
            raise _refuse("blank", _("must not be empty."))
        return value

    return check


def safe_text(max_length: int | None = None, *, blank: bool = False) -> Any:
    """A single-line string: no control characters, at most ``max_length``."""
    return Annotated[
        str,
        Field(max_length=max_length),
        AfterValidator(_text_validator(multiline=False, blank=blank)),
    ]


def rich_text(max_length: int | None = None, *, blank: bool = True) -> Any:
    """A string that may hold tabs and line breaks, but no other control character."""
    return Annotated[
        str,
        Field(max_length=max_length),
        AfterValidator(_text_validator(multiline=True, blank=blank)),
    ]


def django_validated(
    validator: Callable[[Any], None], message: str, *, lower: bool = False
) -> AfterValidator:
    """Reuse a Django validator; ``message`` may quote the value as ``{value}``."""

    def check(value: str) -> str:
        try:
            validator(value)
        except DjangoValidationError:
            raise _refuse("invalid", message, value=show(value)) from None
        return value.lower() if lower else value

    return AfterValidator(check)


def one_of(values: Iterable[str], what: str) -> AfterValidator:
    """A string from a fixed set (TextChoices.values, a tuple of names)."""
    allowed = tuple(values)

    def check(value: str) -> str:
        if value not in allowed:
            raise _refuse(
                "choice",
                _("unknown {what} “{value}”; use one of {allowed}."),
                what=what,
                value=show(value),
                allowed=", ".join(allowed),
            )
        return value

    return AfterValidator(check)


_PLAIN_DECIMAL = re.compile(r"-?[0-9]+(?:\.[0-9]+)?", re.ASCII)


def _amount_validator(
    *, low: Decimal, high: Decimal, above_low: bool, what: str
) -> Callable[[Any], Decimal]:
    def check(value: Any) -> Decimal:
        if isinstance(value, float):
            raise _refuse(
                "float",
                _('must be a string such as "19.90", not a float ({value}).'),
                value=show(value),
            )
        if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
            raise _refuse(
                "amount_type",
                _("must be a {what} string, not {type}."),
                what=what,
                type=json_type(value),
            )
        # Decimal() also reads "1_000", "1e3", "Infinity" and non-ASCII digits: plain
        # decimals only, whether the value came as a string or as a JSON number.
        text = value.strip() if isinstance(value, str) else str(value)
        if not _PLAIN_DECIMAL.fullmatch(text):
            raise _refuse(
                "amount", _("“{value}” is not a {what}."), value=show(value), what=what
            )
        try:
            number = Decimal(text)
        except InvalidOperation:  # pragma: no cover: the pattern admits only decimals
            raise _refuse(
                "amount", _("“{value}” is not a {what}."), value=show(value), what=what
            ) from None
        if number < low or (above_low and number == low):
            if low == 0:
                message = (
                    _("{value} must be more than 0.")
                    if number >= 0
                    else _("{value} must not be negative.")
                )
            else:
                message = _("{value} must be at least {low}.")
            raise _refuse("too_low", message, value=show(value), low=str(low))
        if number > high:
            raise _refuse(
                "too_high",
                _("{value} must not be above {high}."),
                value=show(value),
                high=str(high),
            )
        if number != number.quantize(CENT):
            raise _refuse(
                "decimals",
                _("{value} has more than two decimal places."),
                value=show(value),
            )
        return number.quantize(CENT) + 0  # "-0.00" is 0.00

    return check


def amount(
    *,
    high: Decimal,
    low: Decimal = Decimal("0"),
    above_low: bool = False,
    what: str = "price",
) -> Any:
    """A Decimal with at most two decimals, ``low <= value <= high`` (or ``low <``).

    Read from a string ("19.90") or a JSON number parsed as Decimal; refused: floats,
    booleans, NaN, Infinity, exponents, "1_000", non-ASCII digits. Written to JSON as
    a string with two decimals.
    """
    return Annotated[
        Decimal,
        PlainValidator(
            _amount_validator(low=low, high=high, above_low=above_low, what=what)
        ),
        PlainSerializer(lambda d: str(d.quantize(CENT)), return_type=str),
    ]


# --- Reading JSON -----------------------------------------------------------------------


class _DuplicateKey(ValueError):
    pass


def _refuse_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict:
    # json keeps the last of two equal keys silently; in a document that is a mistake.
    data = dict(pairs)
    if len(data) != len(pairs):
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                raise _DuplicateKey(
                    _("the key “%(key)s” appears twice in an object")
                    % {"key": show(key)}
                )
            seen.add(key)
    return data


_STRINGS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKETS = re.compile(r"[\[\]{}]")


def _nests_deeper(text: str, max_depth: int) -> bool:
    """Whether arrays and objects nest deeper than ``max_depth``, found without recursion.

    The C decoder recurses once per level and ends in RecursionError; this linear scan
    runs first. Strings are blanked out so that brackets inside them do not count.
    """
    depth = 0
    for match in _BRACKETS.finditer(_STRINGS.sub('""', text)):
        if match.group() in "[{":
            depth += 1
            if depth > max_depth:
                return True
        else:
            depth -= 1
    return False


def json_load(
    raw: bytes | str,
    *,
    max_bytes: int,
    max_depth: int,
    max_int_digits: int = 18,
    what: str = "The document",
    check_text: bool = True,
    multiline_keys: Iterable[str] = (),
) -> Any:
    """Parse JSON from outside, or raise one ``SchemaError`` sentence starting with
    ``what``. Numbers with a fraction are ``Decimal``; NaN, Infinity, duplicate keys,
    whole numbers longer than ``max_int_digits``, more than ``max_bytes``, deeper than
    ``max_depth`` and bytes that are not UTF-8 are refused. With ``check_text``,
    control characters in any string or key are refused too (``text_problems``;
    strings under ``multiline_keys`` may hold tabs and line breaks); a caller that
    also takes data from code (the catalog import) checks that itself.
    """

    def parse_int(digits: str) -> int:
        # Python itself stops at 4,300 digits with a hint about an interpreter setting.
        if len(digits.lstrip("-")) > max_int_digits:
            raise ValueError(
                _("a whole number with %(count)s digits is too long")
                % {"count": len(digits)}
            )
        return int(digits)

    def parse_constant(name: str) -> None:
        raise ValueError(_("%(name)s is not a number") % {"name": name})

    size = len(raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw)
    if size > max_bytes:
        raise SchemaError(
            _("%(what)s is larger than %(limit)s.")
            % {"what": what, "limit": _size(max_bytes)}
        )
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise SchemaError(
                _("%(what)s is not UTF-8 text (byte %(byte)s cannot be decoded).")
                % {"what": what, "byte": error.start}
            ) from error
    if not raw.strip():
        raise SchemaError(_("%(what)s is empty.") % {"what": what})
    if _nests_deeper(raw, max_depth):
        raise SchemaError(
            _("%(what)s nests lists and objects deeper than %(depth)s levels.")
            % {"what": what, "depth": max_depth}
        )
    try:
        data = json.loads(
            raw,
            parse_float=Decimal,
            parse_int=parse_int,
            parse_constant=parse_constant,
            object_pairs_hook=_refuse_duplicate_keys,
        )
    except _DuplicateKey as error:
        raise SchemaError(f"{what}: {error}.") from error
    except (ValueError, RecursionError) as error:
        # RecursionError only if max_depth were above what the decoder manages.
        raise SchemaError(
            _("%(what)s is not valid JSON: %(error)s.")
            % {"what": what, "error": text_clean(str(error))}
        ) from error
    if check_text:
        problems = text_problems(data, multiline_keys=multiline_keys, where=what)
        if problems:
            raise SchemaError(
                _("%(what)s holds control characters: %(problems)s")
                % {"what": what, "problems": " ".join(problems[:5])},
                problems=problems,
            )
    return data


def _size(count: int) -> str:
    if count >= 1024 * 1024 and count % (1024 * 1024) == 0:
        return f"{count // (1024 * 1024)} MB"
    if count >= 1024 and count % 1024 == 0:
        return f"{count // 1024} KB"
    return f"{count} bytes"


def text_problems(
    data: Any, *, multiline_keys: Iterable[str] = (), where: str = "document"
) -> list[str]:
    """Every string of a document, keys included, free of control characters?

    One generic pass, so that no field (or unknown key) can carry NUL, a lone
    surrogate or an escape sequence to the database, a log or a terminal; strings
    under ``multiline_keys`` may hold tabs and line breaks. Iterative, so deep data
    built by code cannot exhaust the stack. Returns located sentences; ``where`` names
    the document itself.
    """
    multiline_keys = frozenset(multiline_keys)
    problems: list[str] = []
    root = where
    stack = [(data, "", False)]
    while stack:
        value, here, multiline = stack.pop()
        if isinstance(value, str):
            if not text_is_safe(value, multiline=multiline):
                problems.append(
                    f"{here or root}: " + _("remove the control characters.")
                )
        elif isinstance(value, dict):
            for key, item in reversed(value.items()):
                if not isinstance(key, str) or not text_is_safe(key):
                    problems.append(
                        f"{here or root}: "
                        + _("a key holds control characters; remove them.")
                    )
                    continue
                path = f"{here}.{show(key)}" if here else show(key)
                stack.append((item, path, key in multiline_keys))
        elif isinstance(value, list | tuple):
            stack.extend(
                (item, f"{here}[{i}]", multiline)
                for i, item in reversed(list(enumerate(value)))
            )
    return problems


# --- Errors as sentences ----------------------------------------------------------------

_EXPECTED = {
    "string_type": "a string",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "int_parsing": "a whole number",
    "bool_type": "true or false",
    "list_type": "a list",
    "tuple_type": "a list",
    "dict_type": "an object",
    "model_type": "an object",
    "model_attributes_type": "an object",
    "dataclass_type": "an object",
}


def _location(loc: tuple, data: Any, labels: Mapping[str, str]) -> str:
    """``products[0] (classic-tee).colors[1] (Black).hex`` from a pydantic location."""
    parts: list[str] = []
    node = data
    previous: Any = None
    for step in loc:
        if step == "[key]":
            continue
        if isinstance(step, int):
            part = f"[{step}]"
            node = node[step] if isinstance(node, list) and step < len(node) else None
            key = labels.get(previous) if isinstance(previous, str) else None
            label = node.get(key) if key and isinstance(node, dict) else None
            if isinstance(label, str) and label:
                part += f" ({show(label)})"
            parts.append(part)
        else:
            parts.append(f".{show(step)}" if parts else show(step))
            node = node.get(step) if isinstance(node, dict) else None
        previous = step
    return "".join(parts)


def _allowed_keys(model: type[BaseModel] | None, loc: tuple) -> list[str]:
    """The keys the model accepts at ``loc`` (for "unknown key" messages)."""
    current: Any = model
    for step in loc:
        current = _inner(current, step)
        if current is None:
            return []
    current = _inner(current, None)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or name for name, f in current.model_fields.items()]
    return []


def _inner(annotation: Any, step: Any) -> Any:
    # Unwrap Optional / list / dict down to the model holding ``step``.
    while True:
        origin = typing.get_origin(annotation)
        if origin is Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return None
            annotation = args[0]
        else:
            break
    if step is None:
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (list, tuple) and isinstance(step, int):
        return typing.get_args(annotation)[0]
    if origin is dict and isinstance(step, str):
        return typing.get_args(annotation)[1]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        field = annotation.model_fields.get(step)
        return field.annotation if field is not None else None
    return None


def _sentence(error: Mapping[str, Any], model: type[BaseModel] | None) -> str:
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing":  # grouped per object by error_sentences
        return _("“%(key)s” is required.") % {"key": show(error["loc"][-1])}
    if kind == "extra_forbidden":
        sentence = _("“%(key)s” is not a known key") % {"key": show(error["loc"][-1])}
        allowed = _allowed_keys(model, error["loc"][:-1])
        if allowed:
            sentence += _(" (allowed: %(keys)s)") % {
                "keys": ", ".join(f"“{k}”" for k in allowed)
            }
        return sentence + "."
    if kind in _EXPECTED:
        return _("must be %(expected)s, not %(type)s.") % {
            "expected": _(_EXPECTED[kind]),
            "type": json_type(value),
        }
    if kind == "string_too_long":
        return _("is %(length)s characters long; the limit is %(limit)s.") % {
            "length": len(value),
            "limit": ctx.get("max_length"),
        }
    if kind == "string_too_short":
        return _("must not be empty.")
    if kind == "too_short":
        return _("must list at least %(count)s.") % {"count": ctx.get("min_length")}
    if kind == "too_long":
        return _("must list at most %(count)s.") % {"count": ctx.get("max_length")}
    if kind in ("greater_than_equal", "greater_than"):
        bound = ctx.get("ge", ctx.get("gt"))
        if bound == 0 and kind == "greater_than_equal":
            return _("%(value)s must not be negative.") % {"value": show(value)}
        word = _("at least") if kind == "greater_than_equal" else _("more than")
        return f"{show(value)} " + _("must be %(word)s %(bound)s.") % {
            "word": word,
            "bound": bound,
        }
    if kind in ("less_than_equal", "less_than"):
        bound = ctx.get("le", ctx.get("lt"))
        word = _("at most") if kind == "less_than_equal" else _("less than")
        return f"{show(value)} " + _("must be %(word)s %(bound)s.") % {
            "word": word,
            "bound": bound,
        }
    message = str(error["msg"])
    message = message.removeprefix("Value error, ")
    return message if message.endswith(".") else message + "."


def error_sentences(
    error: ValidationError,
    *,
    data: Any = None,
    labels: Mapping[str, str] | None = None,
    model: type[BaseModel] | None = None,
    where: str = "",
) -> list[str]:
    """One sentence per problem, each starting with its place in the document.

    ``data`` is the validated input and ``labels`` names, per list, the key whose value
    identifies an entry (``{"products": "slug"}`` gives ``products[2] (classic-tee)``).
    ``model`` (the validated model) lets unknown-key sentences list the allowed keys.
    Missing keys and unknown keys are located at the object that should (not) hold
    them. ``where`` is the name of the document's root ("catalog", "address").
    """
    labels = labels or {}
    sentences: list[str | None] = []
    missing: dict[str, tuple[int, list[str]]] = {}  # place: (sentence index, keys)
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        if item["type"] in ("missing", "extra_forbidden") and loc:
            place = _location(loc[:-1], data, labels) or where or _("input")
        else:
            place = _location(loc, data, labels) or where or _("input")
        if item["type"] == "missing" and loc:
            # All keys missing from one object in one sentence.
            if place not in missing:
                missing[place] = (len(sentences), [])
                sentences.append(None)
            missing[place][1].append(show(loc[-1]))
            continue
        sentences.append(f"{place}: {_sentence(item, model)}")
    for place, (index, keys) in missing.items():
        names = ", ".join(f"“{k}”" for k in keys)
        sentence = (
            _("%(keys)s is required.")
            if len(keys) == 1
            else _("%(keys)s are required.")
        )
        sentences[index] = f"{place}: " + sentence % {"keys": names}
    return [s for s in sentences if s is not None]


def validate(
    model: type[Schema],
    data: Any,
    *,
    labels: Mapping[str, str] | None = None,
    where: str = "",
) -> Any:
    """``model`` validated from ``data``, or a ``SchemaError`` listing every problem."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems = error_sentences(
            error, data=data, labels=labels, model=model, where=where
        )
        raise SchemaError(" ".join(problems), problems=problems) from None
