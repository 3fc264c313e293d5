"""``t9verify manifest verify FILE``: one signed envelope checked by hand.

FILE holds ``{manifest, publicKey, signature}`` (or a pre-approval, revocation or
checkpoint line, which carry those members). The manifest's ``kind`` must be known (and
equal ``--kind`` when given), its fields as the spec lists them, the signature strict, and
the signer trusted for the kind's role at the kind's signing time (rule 5). With no
header at hand, an appliance signature can only be trusted through a pin.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from t9verify import fields
from t9verify.checks import manifests as m
from t9verify.checks.envelopes import check_mode, read_envelope, verify_signed
from t9verify.context import HeaderFacts, VerifyContext
from t9verify.errors import UnreadableExport
from t9verify.jsonstrict import StrictJsonError, loads_strict
from t9verify.pins import APPLIANCE, BUYER, Pins
from t9verify.reasons import Reason
from t9verify.results import FAIL, Check, fail

# kind -> (check name, {mode: (fields, role)}, signing-time field, signer field)
_SLOTS: dict[
    str, tuple[str, dict[str | None, tuple[dict[str, fields.Validator], str]], str, str | None]
] = {
    m.APPROVAL_KIND: (
        "commandApproval",
        {"manual": (m.APPROVAL_MANUAL, BUYER), "preapproved": (m.APPROVAL_PREAPPROVED, APPLIANCE)},
        "decidedAt",
        "approver",
    ),
    m.INTEGRITY_KIND: ("outputIntegrity", {None: (m.INTEGRITY, APPLIANCE)}, "finishedAt", None),
    m.RELEASE_KIND: (
        "outputApproval",
        {"manual": (m.RELEASE_MANUAL, BUYER), "preapproved": (m.RELEASE_PREAPPROVED, APPLIANCE)},
        "decidedAt",
        "approver",
    ),
    m.PREAPPROVAL_KIND: ("preApproval", {None: (m.PREAPPROVAL, BUYER)}, "signedAt", "approver"),
    m.REVOCATION_KIND: ("preApproval", {None: (m.REVOCATION, BUYER)}, "revokedAt", "approver"),
    m.CHECKPOINT_KIND: ("chain", {None: (m.CHECKPOINT, APPLIANCE)}, "at", None),
}


@dataclasses.dataclass(frozen=True, slots=True)
class ManifestReport:
    ok: bool
    kind: str | None
    checks: tuple[Check, ...]


def load_envelope_file(path: Path) -> Any:
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise UnreadableExport(f"cannot open {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise UnreadableExport(f"{path} is not UTF-8 text") from None
    try:
        return loads_strict(text)
    except StrictJsonError as exc:
        return exc


def verify_manifest(
    path: Path, pins: Pins, *, kind: str | None = None, backend: str | None = None
) -> ManifestReport:
    value = load_envelope_file(path)
    if isinstance(value, StrictJsonError):
        return ManifestReport(False, None, (fail("record", value.code, value.message),))
    if isinstance(value, dict) and "type" in value:
        value = {k: value.get(k) for k in ("manifest", "publicKey", "signature")}
    envelope, problems = read_envelope(value, "envelope")
    if envelope is None:
        return ManifestReport(False, None, tuple(problems))
    actual = envelope.manifest.get("kind")
    shown_kind = actual if isinstance(actual, str) else None
    if actual not in _SLOTS:
        check = fail("envelope", Reason.WRONG_KIND, f"unknown manifest kind {actual!r}")
        return ManifestReport(False, shown_kind, (check,))
    if kind is not None and actual != kind:
        check = fail("envelope", Reason.WRONG_KIND, f"kind: expected {kind!r}, actual {actual!r}")
        return ManifestReport(False, shown_kind, (check,))
    name, modes, time_field, signer_field = _SLOTS[actual]
    manifest = envelope.manifest
    mode: str | None = None
    if None not in modes:
        bad_mode = check_mode(manifest, tuple(k for k in modes if k), name)
        if bad_mode is not None:
            return ManifestReport(False, actual, (bad_mode,))
        mode = manifest["mode"]
    spec, role = modes[mode]
    problems = fields.validate(manifest, spec, name, "manifest")
    if problems:
        return ManifestReport(False, actual, tuple(problems))
    ctx = VerifyContext(pins, HeaderFacts(valid=False), strict=False, backend=backend)
    signer = manifest[signer_field] if signer_field else role
    check = verify_signed(
        ctx,
        envelope,
        check_name=name,
        role=role,
        signed_at=manifest[time_field],
        signed_by=signer,
        ascii_keys=False,
    )
    return ManifestReport(check.status != FAIL, actual, (check,))
