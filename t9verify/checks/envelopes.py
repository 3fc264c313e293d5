"""Signed envelopes (spec "Signed envelopes", "Encoding rules", "Trust anchors").

An envelope is exactly ``{manifest, publicKey, signature}``; the signature is strict
Ed25519 over ``C(manifest)`` and the signer must be trusted for the slot's role at the
slot's signing time (rule 5).
"""

from __future__ import annotations

import dataclasses
from typing import Any

from t9verify import b64, ed25519, jcs, timefmt
from t9verify.context import VerifyContext
from t9verify.pins import UNPINNED, decide
from t9verify.reasons import Reason
from t9verify.results import PASS, Check, fail

ENVELOPE_KEYS = frozenset({"manifest", "publicKey", "signature"})


@dataclasses.dataclass(frozen=True, slots=True)
class Envelope:
    manifest: dict[str, Any]
    public_key: bytes
    signature: bytes


def read_envelope(value: Any, check_name: str) -> tuple[Envelope | None, list[Check]]:
    """The envelope's parts, or the failures that make it unusable."""
    if not isinstance(value, dict) or value.keys() != ENVELOPE_KEYS:
        shown = sorted(value) if isinstance(value, dict) else type(value).__name__
        reason = f"envelope must be exactly {{manifest, publicKey, signature}}, got {shown}"
        return None, [fail(check_name, Reason.ENVELOPE_INVALID, reason)]
    manifest = value["manifest"]
    if not isinstance(manifest, dict):
        return None, [fail(check_name, Reason.ENVELOPE_INVALID, "manifest must be an object")]
    public_key = b64.decode_strict(value["publicKey"], length=32)
    if public_key is None:
        reason = "publicKey is not standard base64 of 32 bytes"
        return None, [fail(check_name, Reason.KEY_MALFORMED, reason)]
    signature = b64.decode_strict(value["signature"], length=64)
    if signature is None:
        reason = "signature is not standard base64 of 64 bytes"
        return None, [fail(check_name, Reason.SIGNATURE_MALFORMED, reason)]
    return Envelope(manifest, public_key, signature), []


def check_kind(manifest: dict[str, Any], expected: str, check_name: str) -> Check | None:
    kind = manifest.get("kind")
    if kind == expected:
        return None
    return fail(check_name, Reason.WRONG_KIND, f"kind: expected {expected!r}, actual {kind!r}")


def check_mode(manifest: dict[str, Any], allowed: tuple[str, ...], check_name: str) -> Check | None:
    """A missing mode is never read as ``manual`` (rule 1)."""
    if "mode" not in manifest:
        return fail(check_name, Reason.FIELD_MISSING, "manifest.mode is missing")
    mode = manifest["mode"]
    if isinstance(mode, str) and mode in allowed:
        return None
    return fail(check_name, Reason.UNKNOWN_MODE, f"mode {mode!r} is not one of {allowed}")


def verify_signed(
    ctx: VerifyContext,
    envelope: Envelope,
    *,
    check_name: str,
    role: str,
    signed_at: str,
    signed_by: str | None,
    ascii_keys: bool,
    canon: jcs.LineCanon | None = None,
) -> Check:
    """Strict signature over C(manifest), then trust of the signer for ``role`` at ``signed_at``.

    The returned check carries the signer's fingerprint and trust anchor either way.
    ``canon``, when given, supplies C(manifest) already computed for the record hash.
    """
    fingerprint = b64.fingerprint(envelope.public_key)
    where = (check_name, fingerprint, signed_by, signed_at)
    try:
        if canon is not None:
            message = canon.of(envelope.manifest)
        else:
            message = jcs.canonical_parsed(envelope.manifest, ascii_keys=ascii_keys)
    except jcs.NotCanonicalisable as exc:
        return _refused(where, Reason.FIELD_TYPE, f"manifest cannot be canonicalised: {exc}")
    try:
        ed25519.verify_strict(
            envelope.public_key, envelope.signature, message, backend_name=ctx.backend
        )
    except ed25519.StrictVerifyError as exc:
        return _refused(where, exc.code, f"{exc.message} (signer {fingerprint})")
    instant = timefmt.parse_ms(signed_at)
    if instant is None:
        return _refused(where, Reason.FIELD_TYPE, f"signing time {signed_at!r} is not a timestamp")
    decision = decide(ctx.pins, ctx.header.appliance_keys, role, envelope.public_key, instant)
    if decision.code is not None:
        return _refused(where, decision.code, f"signer {fingerprint}: {decision.message}")
    if decision.anchor == UNPINNED and ctx.strict:
        reason = "no pins given: --strict refuses unpinned keys"
        return _refused(where, Reason.UNPINNED, reason, UNPINNED)
    return Check(check_name, PASS, None, None, decision.anchor, fingerprint, signed_by, signed_at)


def _refused(
    where: tuple[str, str, str | None, str], code: Reason, reason: str, anchor: str | None = None
) -> Check:
    """A failed signature check, still naming the signer's fingerprint and signing time."""
    check_name, fingerprint, signed_by, signed_at = where
    return Check(check_name, "FAIL", code.value, reason, anchor, fingerprint, signed_by, signed_at)
