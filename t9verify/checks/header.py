"""The export header and the signed checkpoint (spec "File layout", rules 4 and 7)."""

from __future__ import annotations

import dataclasses
from typing import Any

from t9verify import b64, fields, timefmt
from t9verify.checks import manifests as m
from t9verify.checks.envelopes import check_kind, read_envelope, verify_signed
from t9verify.context import HeaderFacts, VerifyContext
from t9verify.pins import APPLIANCE, Window
from t9verify.reasons import Reason
from t9verify.results import Check, differs, fail

ZERO_HEAD = "0" * 64


def _key_entries(value: Any) -> str | None:
    if not isinstance(value, list):
        return "must be a list"
    for index, entry in enumerate(value):
        if not isinstance(entry, dict) or set(entry) != {"publicKey", "validFrom", "validUntil"}:
            return f"[{index}] must be exactly {{publicKey, validFrom, validUntil}}"
        if fields.public_key(entry["publicKey"]) is not None:
            return f"[{index}].publicKey must be the base64 of 32 bytes"
        if fields.timestamp(entry["validFrom"]) is not None:
            return f"[{index}].validFrom must be a timestamp"
        if entry["validUntil"] is not None and fields.timestamp(entry["validUntil"]) is not None:
            return f"[{index}].validUntil must be a timestamp or null"
    return None


HEADER: dict[str, fields.Validator] = {
    "type": fields.one_of("header"),
    "format": fields.one_of("t9-audit-export"),
    "version": fields.one_of(1),
    "exportId": fields.text,
    "applianceId": fields.text,
    "exportedAt": fields.timestamp,
    "firstSeq": fields.positive,
    "prevHead": fields.sha256_hex,
    "applianceKeys": _key_entries,
}


def read_header(value: Any) -> tuple[HeaderFacts, list[Check]]:
    problems = fields.validate(value, HEADER, "chain", "header")
    if problems:
        return HeaderFacts(valid=False), [
            fail("chain", Reason.HEADER_INVALID, c.reason or "") for c in problems
        ]
    checks: list[Check] = []
    if (value["firstSeq"] == 1) != (value["prevHead"] == ZERO_HEAD):
        reason = "prevHead must be 64 zeros exactly when firstSeq is 1"
        checks.append(fail("chain", Reason.HEADER_INVALID, reason))
    keys = tuple(
        (
            b64.decode_strict(entry["publicKey"], length=32) or b"",
            Window(timefmt.parse_ms(entry["validFrom"]), timefmt.parse_ms(entry["validUntil"])),
        )
        for entry in value["applianceKeys"]
    )
    facts = HeaderFacts(
        valid=not checks,
        appliance_id=value["applianceId"],
        first_seq=value["firstSeq"],
        prev_head=value["prevHead"],
        appliance_keys=keys,
    )
    return facts, checks


@dataclasses.dataclass(frozen=True, slots=True)
class CheckpointFacts:
    seq: int
    prev: str
    last_seq: int
    head: str
    count: int


CHECKPOINT_RECORD: dict[str, fields.Validator] = {
    "type": fields.one_of("checkpoint"),
    "seq": fields.integer,
    "prev": fields.sha256_hex,
    "manifest": fields.any_value,
    "publicKey": fields.any_value,
    "signature": fields.any_value,
}


def read_checkpoint(
    ctx: VerifyContext, record: dict[str, Any], ascii_keys: bool
) -> tuple[list[Check], CheckpointFacts | None]:
    """The checkpoint's own checks; its agreement with the chain is decided in order."""
    problems = fields.validate(record, CHECKPOINT_RECORD, "chain", "checkpoint")
    if problems:
        return problems, None
    parts = {k: record[k] for k in ("manifest", "publicKey", "signature")}
    envelope, checks = read_envelope(parts, "chain")
    if envelope is None:
        return checks, None
    manifest = envelope.manifest
    wrong = check_kind(manifest, m.CHECKPOINT_KIND, "chain")
    problems = [wrong] if wrong else fields.validate(manifest, m.CHECKPOINT, "chain", "manifest")
    if problems:
        return problems, None
    signer = f"appliance:{manifest['applianceId']}"
    checks.append(
        verify_signed(
            ctx,
            envelope,
            check_name="chain",
            role=APPLIANCE,
            signed_at=manifest["at"],
            signed_by=signer,
            ascii_keys=ascii_keys,
        )
    )
    expected = ctx.header.appliance_id
    if expected is not None and manifest["applianceId"] != expected:
        reason = differs("checkpoint applianceId", expected, manifest["applianceId"])
        checks.append(fail("chain", Reason.APPLIANCE_MISMATCH, reason))
    if record["seq"] != manifest["lastSeq"] + 1 or record["prev"] != manifest["head"]:
        reason = "checkpoint seq/prev must be lastSeq + 1 and head"
        checks.append(fail("chain", Reason.CHECKPOINT_MISMATCH, reason))
    facts = CheckpointFacts(
        record["seq"], record["prev"], manifest["lastSeq"], manifest["head"], manifest["count"]
    )
    return checks, facts
