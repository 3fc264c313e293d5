"""Strict Ed25519 verification (RFC 8032), whichever library does the arithmetic.

Before any backend is called, this module checks what libraries disagree on: the
encodings' lengths, a canonical public key (y < p, a point on the curve, no "negative
zero"), a public key of small order, a canonical R that is not of small order, and S < L.
Only then does the backend (PyNaCl or cryptography) check the equation. A backend that
accepts the identity point as a key (seen with cryptography over OpenSSL) never gets to.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable

from t9verify.reasons import Reason

P = 2**255 - 19
L = 2**252 + 27742317777372353535851937790883648493
D = (-121665 * pow(121666, P - 2, P)) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)

BACKENDS = ("pynacl", "cryptography")
DEFAULT_BACKEND = "pynacl"


class StrictVerifyError(ValueError):
    def __init__(self, code: Reason, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _recover_x(y: int, sign: int) -> int | None:
    """x from y and the sign bit (RFC 8032 5.1.3), or None when not on the curve."""
    u = (y * y - 1) % P
    v = (D * y * y + 1) % P
    x = (u * pow(v, 3, P) * pow(u * pow(v, 7, P), (P - 5) // 8, P)) % P
    if (v * x * x - u) % P != 0:
        x = (x * SQRT_M1) % P
        if (v * x * x - u) % P != 0:
            return None
    if x == 0 and sign:
        return None  # "negative zero" is a non-canonical encoding
    if x & 1 != sign:
        x = P - x
    return x


Point = tuple[int, int, int, int]  # extended coordinates (X, Y, Z, T)


def _add(a: Point, b: Point) -> Point:
    x1, y1, z1, t1 = a
    x2, y2, z2, t2 = b
    aa = (y1 - x1) * (y2 - x2) % P
    bb = (y1 + x1) * (y2 + x2) % P
    cc = 2 * D * t1 * t2 % P
    dd = 2 * z1 * z2 % P
    e, f, g, h = bb - aa, dd - cc, dd + cc, bb + aa
    return (e * f % P, g * h % P, f * g % P, e * h % P)


def _is_identity(point: Point) -> bool:
    x, y, z, _ = point
    return x % P == 0 and (y - z) % P == 0


def decode_point(encoded: bytes) -> Point | None:
    """Decode a canonical point encoding, or None when non-canonical or off the curve."""
    if len(encoded) != 32:
        return None
    number = int.from_bytes(encoded, "little")
    sign = number >> 255
    y = number & ((1 << 255) - 1)
    if y >= P:
        return None
    x = _recover_x(y, sign)
    if x is None:
        return None
    return (x, y, 1, x * y % P)


def has_small_order(point: Point) -> bool:
    """[8]P == identity: the point lies in the small (torsion) subgroup."""
    doubled = point
    for _ in range(3):
        doubled = _add(doubled, doubled)
    return _is_identity(doubled)


def _small_order_encodings() -> frozenset[bytes]:
    """The 32-byte strings of the 8 points of small order, plus the "negative zero"
    (non-canonical) encodings of the two with x = 0, which some libraries decode."""
    order8_y = _order8_y()
    # y = 1: identity; y = -1: order 2; y = 0: order 4; y = +-order8_y: order 8.
    found: set[bytes] = set()
    for y in (1, P - 1, 0, order8_y, P - order8_y):
        for sign in (0, 1):
            x = _recover_x(y, sign)
            if x is None:
                found.add((y | (sign << 255)).to_bytes(32, "little"))  # negative zero
                continue
            if not has_small_order((x, y, 1, x * y % P)):  # pragma: no cover - fact
                raise ValueError("expected a point of small order")
            found.add((y | (sign << 255)).to_bytes(32, "little"))
    return frozenset(found)


def _order8_y() -> int:
    # A point (x, y) of order 8 doubles to (+-sqrt(-1), 0): 2xy/(1 + d x^2 y^2) = +-i and
    # (y^2 - x^2)/(1 - d x^2 y^2) = 0 give x^2 = y^2 and d y^4 + 2 y^2 - 1 = 0 ... solved as
    # y^2 = (-1 + sqrt(1 + d)) / d for the root that is a square.
    root = _sqrt(1 + D)
    for r in (root, P - root):
        y2 = (r - 1) * pow(D, P - 2, P) % P
        try:
            return _sqrt(y2)
        except ValueError:
            continue
    raise ValueError("no order-8 point found")  # pragma: no cover - arithmetic fact


def _sqrt(value: int) -> int:
    root = pow(value, (P + 3) // 8, P)
    if (root * root - value) % P != 0:
        root = root * SQRT_M1 % P
    if (root * root - value) % P != 0:
        raise ValueError("not a square")
    return root


SMALL_ORDER_ENCODINGS = _small_order_encodings()


@functools.lru_cache(maxsize=4096)
def check_public_key(public_key: bytes) -> None:
    """Raise ``StrictVerifyError`` unless the key is a canonical point of large order.

    Cached: an export has few distinct keys and this is pure-Python arithmetic.
    """
    if len(public_key) != 32:
        raise StrictVerifyError(Reason.KEY_MALFORMED, "public key is not 32 bytes")
    point = decode_point(public_key)
    if point is None:
        raise StrictVerifyError(Reason.KEY_MALFORMED, "public key is not a canonical point")
    if has_small_order(point):
        raise StrictVerifyError(Reason.KEY_SMALL_ORDER, "public key has small order")


def check_signature_encoding(signature: bytes) -> None:
    """Cheap per-signature checks: length, canonical R not of small order, S < L.

    Byte tests decide the common cases without big integers: R's y (the low 255 bits) is
    below p = 2**255 - 19 whenever its top byte (sign bit cleared) is not 0x7f, and S is
    below L (> 2**252) whenever its top byte is below 0x10. Other values take the exact
    comparison.
    """
    if len(signature) != 64:
        raise StrictVerifyError(Reason.SIGNATURE_MALFORMED, "signature is not 64 bytes")
    r_bytes = signature[:32]
    if (signature[31] & 0x7F) == 0x7F and (int.from_bytes(r_bytes, "little") & _Y_MASK) >= P:
        raise StrictVerifyError(Reason.SIGNATURE_MALFORMED, "R is not canonical")
    if r_bytes in SMALL_ORDER_ENCODINGS:
        raise StrictVerifyError(Reason.SIGNATURE_MALFORMED, "R has small order")
    if signature[63] >= 0x10 and int.from_bytes(signature[32:], "little") >= L:
        raise StrictVerifyError(Reason.SIGNATURE_NONCANONICAL, "S >= L")


_Y_MASK = (1 << 255) - 1


def _pynacl_verify() -> Callable[[bytes, bytes, bytes], bool]:
    from nacl.bindings import crypto_sign_open
    from nacl.exceptions import BadSignatureError

    def verify(public_key: bytes, signature: bytes, message: bytes) -> bool:
        try:
            crypto_sign_open(signature + message, public_key)
        except (BadSignatureError, ValueError):
            return False
        return True

    return verify


def _cryptography_verify() -> Callable[[bytes, bytes, bytes], bool]:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    @functools.lru_cache(maxsize=256)
    def load(public_key: bytes) -> Ed25519PublicKey:
        return Ed25519PublicKey.from_public_bytes(public_key)

    def verify(public_key: bytes, signature: bytes, message: bytes) -> bool:
        try:
            load(public_key).verify(signature, message)
        except (InvalidSignature, ValueError):
            return False
        return True

    return verify


@functools.cache
def backend(name: str | None = None) -> Callable[[bytes, bytes, bytes], bool]:
    """The raw equation check of a library; ``None`` reads ``T9VERIFY_ED25519_BACKEND``."""
    chosen = name or os.environ.get("T9VERIFY_ED25519_BACKEND") or DEFAULT_BACKEND
    if chosen == "pynacl":
        return _pynacl_verify()
    if chosen == "cryptography":
        return _cryptography_verify()
    raise ValueError(f"unknown Ed25519 backend {chosen!r} (choose from {', '.join(BACKENDS)})")


def check_encodings(public_key: bytes, signature: bytes) -> None:
    """Everything ``verify_strict`` checks before the backend's equation."""
    check_public_key(public_key)
    check_signature_encoding(signature)


def verify_strict(
    public_key: bytes, signature: bytes, message: bytes, *, backend_name: str | None = None
) -> None:
    """Raise ``StrictVerifyError`` unless ``signature`` is a strictly valid one of ``message``."""
    check_encodings(public_key, signature)
    if not backend(backend_name)(public_key, signature, message):
        raise StrictVerifyError(Reason.SIGNATURE_INVALID, "signature does not verify")
