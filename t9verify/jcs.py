"""RFC 8785 (JCS) canonical bytes for the value space signed objects may hold.

Allowed: str, int with |n| < 2**53, bool, None, list, dict with str keys. A float (or any
other type) raises ``NotCanonicalisable``: the spec makes a float in a signed object a FAIL.

``canonical()`` is the reference implementation (keys sorted by UTF-16 code units, JCS
string escaping). ``canonical_fast()`` uses ``json.dumps``; it is byte-identical to JCS for
this value space when every key is ASCII (then code-point order equals UTF-16 order), which
a property test checks against the reference. It falls back to the reference otherwise.
"""

from __future__ import annotations

import hashlib
import json
from _json import make_encoder
from json.encoder import encode_basestring
from typing import Any

MAX_SAFE_INT = 2**53 - 1

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
    """The value holds something JCS-for-signed-objects does not allow (float, huge int...)."""


def _escape_string(text: str) -> str:
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
    return key.encode("utf-16-be", "surrogatepass")


def _serialise(value: Any, out: list[str]) -> None:
    if value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, str):
        out.append(_escape_string(value))
    elif isinstance(value, int):
        if not -MAX_SAFE_INT <= value <= MAX_SAFE_INT:
            raise NotCanonicalisable(f"integer {value} has |n| >= 2^53")
        out.append(str(value))
    elif isinstance(value, list):
        out.append("[")
        for index, item in enumerate(value):
            if index:
                out.append(",")
            _serialise(item, out)
        out.append("]")
    elif isinstance(value, dict):
        _serialise_object(value, out)
    else:
        raise NotCanonicalisable(f"{type(value).__name__} is not allowed in a signed object")


def _serialise_object(value: dict[Any, Any], out: list[str]) -> None:
    if not all(isinstance(key, str) for key in value):
        raise NotCanonicalisable("object keys must be strings")
    out.append("{")
    for index, key in enumerate(sorted(value, key=_utf16_key)):
        if index:
            out.append(",")
        out.append(_escape_string(key))
        out.append(":")
        _serialise(value[key], out)
    out.append("}")


def canonical(value: Any) -> bytes:
    """Reference JCS serialisation (UTF-8 bytes)."""
    out: list[str] = []
    _serialise(value, out)
    return "".join(out).encode("utf-8")


def _fast_ok(value: Any) -> bool:
    """True when json.dumps gives JCS bytes: only allowed types, ASCII keys, safe ints."""
    if isinstance(value, str) or value is None or isinstance(value, bool):
        return True
    if isinstance(value, int):
        return -MAX_SAFE_INT <= value <= MAX_SAFE_INT
    if isinstance(value, dict):
        return all(
            isinstance(key, str) and key.isascii() and _fast_ok(item) for key, item in value.items()
        )
    if isinstance(value, list):
        return all(_fast_ok(item) for item in value)
    return False


def canonical_fast(value: Any) -> bytes:
    """JCS bytes via json.dumps when provably identical, else via the reference."""
    if not _fast_ok(value):
        return canonical(value)
    try:
        return json.dumps(
            value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
        ).encode("utf-8")
    except UnicodeEncodeError:
        raise NotCanonicalisable("lone surrogate in a string") from None


def digest(value: Any) -> str:
    """``H(x) = sha256(C(x))`` in lower-case hex."""
    return hashlib.sha256(canonical_fast(value)).hexdigest()


# The C encoder behind json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False),
# built once and called directly: json.dumps builds a new encoder on every call, and no
# cycle markers are needed (parsed JSON cannot hold a cycle).


def _refuse(value: Any) -> Any:
    raise NotCanonicalisable(f"{type(value).__name__} is not allowed in a signed object")


_C_ENCODE = make_encoder(None, _refuse, encode_basestring, None, ":", ",", True, False, False)


def _encode_text(value: Any) -> str:
    """``json.dumps(value, sort_keys, compact separators, ensure_ascii=False)``."""
    return "".join(_C_ENCODE(value, 0))


def keys_all_ascii(value: Any) -> bool:
    """True when every object key inside ``value`` is ASCII."""
    if isinstance(value, dict):
        return all(key.isascii() and keys_all_ascii(item) for key, item in value.items())
    if isinstance(value, list):
        return all(keys_all_ascii(item) for item in value)
    return True


def canonical_parsed(value: Any, *, ascii_keys: bool) -> bytes:
    """JCS bytes of a value produced by ``jsonstrict.loads_strict``.

    Such values hold only allowed types and safe integers (the reader refused the rest),
    so ``json.dumps`` is exact once keys are known to be ASCII. ``ascii_keys`` is the
    caller's proof (e.g. the whole line was ASCII); without it the keys are checked.
    """
    if not ascii_keys and not keys_all_ascii(value):
        return canonical(value)
    try:
        return _encode_text(value).encode("utf-8")
    except UnicodeEncodeError:
        raise NotCanonicalisable("lone surrogate in a string") from None


class LineCanon:
    """The canonical bytes of one parsed line's parts, each part serialised once.

    The signature checks need ``C(manifest)`` and the release check ``H(outputIntegrity
    manifest)``: both come from here, so no manifest is serialised twice for one line.
    Values must come from ``jsonstrict.loads_strict`` and must not change while this
    object is in use (parts are remembered by identity, and held so ids are not reused).
    """

    __slots__ = ("_memo", "ascii_keys")

    def __init__(self, ascii_keys: bool) -> None:
        self.ascii_keys = ascii_keys
        self._memo: dict[int, tuple[Any, bytes]] = {}

    def of(self, value: Any) -> bytes:
        """``C(value)``, computed once per object."""
        known = self._memo.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        result = canonical_parsed(value, ascii_keys=self.ascii_keys)
        self._memo[id(value)] = (value, result)
        return result
