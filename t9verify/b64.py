"""Strict standard base64 (with padding) and the OpenSSH-style key fingerprint."""

from __future__ import annotations

import base64
import binascii
import hashlib


def decode_strict(text: object, *, length: int | None = None) -> bytes | None:
    """Bytes of canonical standard base64, or None (bad alphabet, padding, spare bits...)."""
    if not isinstance(text, str) or not text.isascii():
        return None
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None
    # Re-encoding catches non-zero spare bits: two texts must not name one key.
    if base64.b64encode(raw).decode("ascii") != text:
        return None
    if length is not None and len(raw) != length:
        return None
    return raw


def fingerprint(public_key: bytes) -> str:
    """``"SHA256:" + base64-without-padding(sha256(raw key))``."""
    digest = base64.b64encode(hashlib.sha256(public_key).digest()).decode("ascii")
    return "SHA256:" + digest.rstrip("=")
