"""Fixed Ed25519 keys for the audit vectors, and the signed envelope of the spec.

Every key comes from a fixed seed (sha256 of its name) so that the vectors are
reproducible byte for byte; Ed25519 signing is deterministic (RFC 8032).
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from typing import Any

from av_jcs import canonical_bytes
from nacl.signing import SigningKey

# The group order of edwards25519 (RFC 8032 section 5.1).
GROUP_ORDER_L = 2**252 + 27742317777372353535851937790883648493

# The encoding of the identity point (0, 1): a small-order public key.
IDENTITY_POINT = bytes([1]) + bytes(31)
# R = identity, S = 0: satisfies [S]B = R + [k]A for A = identity and ANY message
# under a cofactorless check, so a lax verifier accepts it for whatever was "signed".
ANY_MESSAGE_SIGNATURE = IDENTITY_POINT + bytes(32)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def padding_bits_set(text: str) -> str:
    """The same bytes in a non-canonical base64: a padding bit of the last symbol set.

    Lenient decoders (Python's ``b64decode`` among them) return the same bytes, so the
    encoding is malleable unless the verifier insists on the canonical form.
    """
    body = text.rstrip("=")
    if len(body) % 4 == 0:
        raise ValueError("no padding bits without padding")
    last = _B64[_B64.index(body[-1]) ^ 1]
    return body[:-1] + last + text[len(body) :]


def fingerprint_of_raw(raw: bytes) -> str:
    """``SHA256:`` + base64 without padding of sha256(raw key), the OpenSSH style."""
    digest = hashlib.sha256(raw).digest()
    return "SHA256:" + base64.b64encode(digest).decode("ascii").rstrip("=")


@dataclass(frozen=True)
class NamedKey:
    """A signing key made from a fixed seed; ``name`` says what it stands for."""

    name: str

    @property
    def signing_key(self) -> SigningKey:
        return SigningKey(hashlib.sha256(f"t9-audit-vectors/{self.name}".encode()).digest())

    @property
    def public_raw(self) -> bytes:
        return bytes(self.signing_key.verify_key)

    @property
    def public_b64(self) -> str:
        return b64(self.public_raw)

    @property
    def fingerprint(self) -> str:
        return fingerprint_of_raw(self.public_raw)

    def sign_raw(self, message: bytes) -> bytes:
        return bytes(self.signing_key.sign(message).signature)


APPLIANCE_A = NamedKey("appliance-A")
APPLIANCE_B = NamedKey("appliance-B")
BUYER_ALICE = NamedKey("buyer-alice")
BUYER_BOB = NamedKey("buyer-bob")
# Never pinned anywhere: what an attacker or a stolen laptop would sign with.
MALLORY = NamedKey("mallory-unpinned")

ALL_KEYS = (APPLIANCE_A, APPLIANCE_B, BUYER_ALICE, BUYER_BOB, MALLORY)


def key_for_public(public_b64: str) -> NamedKey:
    for key in ALL_KEYS:
        if key.public_b64 == public_b64:
            return key
    raise KeyError(f"no fixed key has public key {public_b64}")


def envelope(manifest: dict[str, Any], key: NamedKey) -> dict[str, Any]:
    """``{"manifest", "publicKey", "signature"}`` with the signature over C(manifest)."""
    return {
        "manifest": manifest,
        "publicKey": key.public_b64,
        "signature": b64(key.sign_raw(canonical_bytes(manifest))),
    }


def resign(env: dict[str, Any], key: NamedKey | None = None) -> None:
    """Sign ``env``'s (possibly edited) manifest again, in place, by its own key or ``key``."""
    signer = key if key is not None else key_for_public(env["publicKey"])
    env.update(envelope(env["manifest"], signer))
