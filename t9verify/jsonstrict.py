"""Strict reading of one JSON line (spec: "Strict JSON" and precise rule 2).

A line is malformed when it is not JSON, has duplicate keys, NaN or Infinity, a lone
surrogate, a float, an integer with |n| >= 2**53, or is larger than the size cap. Every
problem is raised as ``StrictJsonError`` carrying a stable reason code; callers turn it
into a FAIL of that line.
"""

from __future__ import annotations

import json
import re
from typing import Any

from t9verify.reasons import Reason

MAX_SAFE_INT = 2**53 - 1
DEFAULT_MAX_LINE_BYTES = 32 * 1024 * 1024


class StrictJsonError(ValueError):
    def __init__(self, code: Reason, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _refuse_constant(name: str) -> Any:
    # NaN and Infinity are not JSON at all (LINE_MALFORMED), unlike floats, which are JSON
    # numbers the format does not allow (NUMBER_NOT_ALLOWED).
    raise StrictJsonError(Reason.LINE_MALFORMED, f"{name} is not JSON")


def _refuse_float(text: str) -> Any:
    raise StrictJsonError(Reason.NUMBER_NOT_ALLOWED, f"float {text[:40]} is not allowed")


def _bounded_int(text: str) -> int:
    # Length guard first: int() on a huge digit string is quadratic and may raise.
    if len(text) > 17:
        raise StrictJsonError(Reason.NUMBER_NOT_ALLOWED, f"integer {text[:40]} is too large")
    value = int(text)
    if -MAX_SAFE_INT <= value <= MAX_SAFE_INT:
        return value
    raise StrictJsonError(Reason.NUMBER_NOT_ALLOWED, f"integer {text} has |n| >= 2^53")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise StrictJsonError(Reason.LINE_MALFORMED, f"duplicate key {key!r}")
            seen.add(key)
    return obj


_DECODER = json.JSONDecoder(
    object_pairs_hook=_unique_keys,
    parse_float=_refuse_float,
    parse_int=_bounded_int,
    parse_constant=_refuse_constant,
)


def has_lone_surrogate(value: Any) -> bool:
    """True when any string (key or value) inside ``value`` holds a surrogate code point."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, dict):
        return any(has_lone_surrogate(k) or has_lone_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(has_lone_surrogate(item) for item in value)
    return False


def loads_strict(text: str, *, max_bytes: int = DEFAULT_MAX_LINE_BYTES) -> Any:
    """Parse one JSON text strictly; raise ``StrictJsonError`` on anything not allowed."""
    if len(text) > max_bytes:
        raise StrictJsonError(Reason.LINE_TOO_LARGE, f"line longer than {max_bytes} bytes")
    try:
        value, end = _DECODER.raw_decode(text, _skip_ws(text, 0))
    except StrictJsonError:
        raise
    except (ValueError, RecursionError) as exc:
        raise StrictJsonError(Reason.LINE_MALFORMED, f"not JSON: {exc}") from None
    if _skip_ws(text, end) != len(text):
        raise StrictJsonError(Reason.LINE_MALFORMED, "extra data after the JSON value")
    # A decoded UTF-8 line cannot hold surrogates; only a \uD800-\uDFFF escape can make one.
    if _SURROGATE_ESCAPE.search(text) is not None and has_lone_surrogate(value):
        raise StrictJsonError(Reason.LINE_MALFORMED, "lone surrogate in a string")
    return value


# Every escape of a surrogate code point (and a few literal backslash-u texts, which the
# walk then clears). A compiled pattern: "in" with a two-character needle is slower.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _skip_ws(text: str, pos: int) -> int:
    length = len(text)
    while pos < length and text[pos] in " \t\r\n":
        pos += 1
    return pos
