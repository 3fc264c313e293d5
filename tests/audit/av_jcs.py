"""A small RFC 8785 (JCS) canonicaliser for the value space the audit spec allows.

Written from the RFC and the spec alone, independently of ``t9verify``: strings,
integers with |n| < 2**53, booleans, null, arrays and objects. Anything else (a float,
a huge integer) raises, because the vectors must never sign such a value by accident;
tamper cases that need one write the raw line text themselves.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

JsonValue = str | int | bool | None | Sequence["JsonValue"] | Mapping[str, "JsonValue"]

_MAX_SAFE = 2**53
_SHORT_ESCAPES = {
    0x08: "\\b",
    0x09: "\\t",
    0x0A: "\\n",
    0x0C: "\\f",
    0x0D: "\\r",
    0x22: '\\"',
    0x5C: "\\\\",
}


class NotCanonicalisable(ValueError):
    """The value is outside the space the spec allows in signed objects."""


def _string(text: str) -> str:
    # RFC 8785 3.2.2.2: only '"', '\\' and controls below U+0020 are escaped,
    # with the short forms where JSON has them and lower-case \u00xx otherwise.
    out = ['"']
    for char in text:
        code = ord(char)
        if code in _SHORT_ESCAPES:
            out.append(_SHORT_ESCAPES[code])
        elif code < 0x20:
            out.append(f"\\u{code:04x}")
        elif 0xD800 <= code <= 0xDFFF:
            raise NotCanonicalisable("lone surrogate in a string")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def _utf16_key(key: str) -> bytes:
    # RFC 8785 3.2.3: members are sorted by their names as UTF-16 code units.
    return key.encode("utf-16-be")


def canonical_text(value: object) -> str:
    """The JCS text of ``value``."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        if abs(value) >= _MAX_SAFE:
            raise NotCanonicalisable(f"integer {value} is outside +-2**53")
        return str(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, Mapping):
        items = sorted(value.items(), key=lambda item: _utf16_key(str(item[0])))
        inner = ",".join(f"{_string(str(k))}:{canonical_text(v)}" for k, v in items)
        return "{" + inner + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(canonical_text(item) for item in value) + "]"
    raise NotCanonicalisable(f"{type(value).__name__} is not allowed in a signed object")


def canonical_bytes(value: object) -> bytes:
    """``C(x)`` of the spec: the JCS text as UTF-8."""
    return canonical_text(value).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def canonical_hash(value: object) -> str:
    """``H(x) = sha256(C(x))`` in lower-case hex."""
    return sha256_hex(canonical_bytes(value))
