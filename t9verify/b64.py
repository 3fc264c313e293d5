"""Strict standard base64 (with padding) and the OpenSSH-style key fingerprint."""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib

# The last base64 character before the padding carries spare bits that must be zero.
_LAST_BEFORE_TWO_PADS = frozenset("AQgw")
_LAST_BEFORE_ONE_PAD = frozenset("AEIMQUYcgkosw048")


def decode_strict(text: object, *, length: int | None = None) -> bytes | None:
    """Bytes of canonical standard base64, or None (bad alphabet, padding, spare bits...)."""
    if not isinstance(text, str) or not text.isascii():
        return None
    if length == 32:
        return _decode_key(text)
    return _decode(text, length)


@functools.lru_cache(maxsize=4096)
def _decode_key(text: str) -> bytes | None:
    # An export names few distinct keys, many times each.
    return _decode(text, 32)


def _decode(text: str, length: int | None) -> bytes | None:
    if len(text) % 4:
        return None
    if text.endswith("=="):
        if text[-3:-2] not in _LAST_BEFORE_TWO_PADS:
            return None
    elif text.endswith("=") and text[-2:-1] not in _LAST_BEFORE_ONE_PAD:
        return None
    try:
        raw = binascii.a2b_base64(text, strict_mode=True)
    except (binascii.Error, ValueError):
        return None
    if length is not None and len(raw) != length:
        return None
    return raw


@functools.lru_cache(maxsize=4096)
def fingerprint(public_key: bytes) -> str:
    """``"SHA256:" + base64-without-padding(sha256(raw key))``."""
    digest = base64.b64encode(hashlib.sha256(public_key).digest()).decode("ascii")
    return "SHA256:" + digest.rstrip("=")
