"""The output half of a command record: outputIntegrity and the release (outputApproval).

Spec sections "outputIntegrity", "outputApproval (release)" and precise rules 9 and 14.
"""

from __future__ import annotations

import dataclasses
import hashlib
from typing import Any

from t9verify import b64, fields, jcs, timefmt
from t9verify.checks import manifests as m
from t9verify.checks.envelopes import Envelope, check_kind, check_mode, read_envelope, verify_signed
from t9verify.checks.lifecycle import REQUIREMENTS, exit_code_problem
from t9verify.checks.preapprovals import check_preapproved_release
from t9verify.context import VerifyContext
from t9verify.pins import APPLIANCE, BUYER
from t9verify.reasons import Reason
from t9verify.results import Check, differs, fail

APPROVAL, INTEGRITY, RELEASE = "commandApproval", "outputIntegrity", "outputApproval"


@dataclasses.dataclass(frozen=True, slots=True)
class ApprovalFacts:
    manifest: dict[str, Any]
    decided_at: int


def read_slot(value: Any, name: str, kind: str, checks: list[Check]) -> Envelope | None:
    if value is None:
        return None
    envelope, problems = read_envelope(value, name)
    checks.extend(problems)
    if envelope is None:
        return None
    wrong = check_kind(envelope.manifest, kind, name)
    if wrong is not None:
        checks.append(wrong)
        return None
    return envelope


def check_integrity(
    ctx: VerifyContext,
    record: dict[str, Any],
    approval: ApprovalFacts | None,
    *,
    canon: jcs.LineCanon,
    checks: list[Check],
) -> dict[str, Any] | None:
    envelope = read_slot(record["outputIntegrity"], INTEGRITY, m.INTEGRITY_KIND, checks)
    if envelope is None:
        return None
    manifest = envelope.manifest
    problems = fields.validate(manifest, m.INTEGRITY, INTEGRITY, "outputIntegrity.manifest")
    if problems:
        checks.extend(problems)
        return None
    checks.append(
        verify_signed(
            ctx,
            envelope,
            check_name=INTEGRITY,
            role=APPLIANCE,
            signed_at=manifest["finishedAt"],
            signed_by=f"appliance:{record['applianceId']}",
            ascii_keys=canon.ascii_keys,
            canon=canon,
        )
    )
    if manifest["commandId"] != record["commandId"]:
        reason = differs("commandId", record["commandId"], manifest["commandId"])
        checks.append(fail(INTEGRITY, Reason.BINDING_MISMATCH, reason))
    checks.extend(_attachment_checks(record.get("attachments"), manifest))
    requirement = REQUIREMENTS.get(record["lifecycle"])
    if requirement is not None:
        problem = exit_code_problem(requirement, record["lifecycle"], manifest["exitCode"])
        if problem is not None:
            checks.append(fail(INTEGRITY, Reason.EXIT_CODE_MISMATCH, problem))
    checks.extend(_integrity_times(manifest, approval))
    return manifest


def _integrity_times(manifest: dict[str, Any], approval: ApprovalFacts | None) -> list[Check]:
    """Started after an approve approval was decided, finished after it started."""
    checks = []
    started = timefmt.parse_ms(manifest["startedAt"]) or 0
    finished = timefmt.parse_ms(manifest["finishedAt"]) or 0
    if approval is None or approval.manifest["decision"] != "approve":
        reason = "outputIntegrity needs a valid approve approval"
        checks.append(fail(INTEGRITY, Reason.ENVELOPE_FORBIDDEN, reason))
    elif started < approval.decided_at:
        reason = (
            f"startedAt {manifest['startedAt']} is before approval.decidedAt "
            f"{approval.manifest['decidedAt']}"
        )
        checks.append(fail(INTEGRITY, Reason.TIME_ORDER, reason))
    if finished < started:
        reason = f"finishedAt {manifest['finishedAt']} is before startedAt {manifest['startedAt']}"
        checks.append(fail(INTEGRITY, Reason.TIME_ORDER, reason))
    return checks


def _attachment_checks(attachments: Any, manifest: dict[str, Any]) -> list[Check]:
    checks = []
    for stream in ("stdout", "stderr"):
        if not attachments or stream not in attachments:
            continue
        data = b64.decode_strict(attachments[stream])
        if data is None:
            checks.append(
                fail(
                    INTEGRITY,
                    Reason.ATTACHMENT_MISMATCH,
                    f"attachments.{stream} is not standard base64",
                )
            )
            continue
        digest = hashlib.sha256(data).hexdigest()
        if digest != manifest[f"{stream}Sha256"]:
            checks.append(
                fail(
                    INTEGRITY,
                    Reason.ATTACHMENT_MISMATCH,
                    differs(f"{stream}Sha256", manifest[f"{stream}Sha256"], digest),
                )
            )
        if len(data) != manifest[f"{stream}Size"]:
            checks.append(
                fail(
                    INTEGRITY,
                    Reason.ATTACHMENT_MISMATCH,
                    differs(f"{stream}Size", manifest[f"{stream}Size"], len(data)),
                )
            )
    return checks


def check_release(
    ctx: VerifyContext,
    record: dict[str, Any],
    approval: ApprovalFacts | None,
    integrity: dict[str, Any] | None,
    *,
    canon: jcs.LineCanon,
    checks: list[Check],
) -> None:
    envelope = read_slot(record["release"], RELEASE, m.RELEASE_KIND, checks)
    if envelope is None:
        return
    manifest = envelope.manifest
    bad_mode = check_mode(manifest, ("manual", "preapproved"), RELEASE)
    if bad_mode is not None:
        checks.append(bad_mode)
        return
    preapproved = manifest["mode"] == "preapproved"
    spec = m.RELEASE_PREAPPROVED if preapproved else m.RELEASE_MANUAL
    problems = fields.validate(manifest, spec, RELEASE, "release.manifest")
    if problems:
        checks.extend(problems)
        return
    checks.append(
        verify_signed(
            ctx,
            envelope,
            check_name=RELEASE,
            role=APPLIANCE if preapproved else BUYER,
            signed_at=manifest["decidedAt"],
            signed_by=manifest["approver"],
            ascii_keys=canon.ascii_keys,
            canon=canon,
        )
    )
    _release_bindings(record, manifest, integrity, checks, canon=canon)
    if preapproved:
        decided = timefmt.parse_ms(manifest["decidedAt"]) or 0
        checks.extend(
            check_preapproved_release(
                ctx, approval.manifest if approval else None, manifest, decided
            )
        )


def _release_bindings(
    record: dict[str, Any],
    manifest: dict[str, Any],
    integrity: dict[str, Any] | None,
    checks: list[Check],
    *,
    canon: jcs.LineCanon,
) -> None:
    if manifest["commandId"] != record["commandId"]:
        reason = differs("commandId", record["commandId"], manifest["commandId"])
        checks.append(fail(RELEASE, Reason.BINDING_MISMATCH, reason))
    checks.extend(_names_the_output(manifest, integrity, canon=canon))
    requirement = REQUIREMENTS.get(record["lifecycle"])
    expected_decision = requirement.release_decision if requirement else None
    if expected_decision is not None and manifest["decision"] != expected_decision:
        field = f"decision (lifecycle {record['lifecycle']})"
        reason = differs(field, expected_decision, manifest["decision"])
        checks.append(fail(RELEASE, Reason.DECISION_MISMATCH, reason))
    if manifest["mode"] == "preapproved":
        expected_approver = f"preapproval:{manifest['preApprovalId']}"
        if manifest["approver"] != expected_approver:
            reason = differs("approver", expected_approver, manifest["approver"])
            checks.append(fail(RELEASE, Reason.BINDING_MISMATCH, reason))


def _names_the_output(
    manifest: dict[str, Any], integrity: dict[str, Any] | None, *, canon: jcs.LineCanon
) -> list[Check]:
    """``outputIntegritySha256 = H(outputIntegrity.manifest)``, decided after it finished."""
    if integrity is None:
        reason = "release names an output but there is no valid outputIntegrity"
        return [fail(RELEASE, Reason.OUTPUT_HASH_MISMATCH, reason)]
    checks = []
    expected = hashlib.sha256(canon.of(integrity)).hexdigest()
    if manifest["outputIntegritySha256"] != expected:
        reason = differs("outputIntegritySha256", expected, manifest["outputIntegritySha256"])
        checks.append(fail(RELEASE, Reason.OUTPUT_HASH_MISMATCH, reason))
    finished = timefmt.parse_ms(integrity["finishedAt"]) or 0
    if (timefmt.parse_ms(manifest["decidedAt"]) or 0) < finished:
        reason = (
            f"decidedAt {manifest['decidedAt']} is before outputIntegrity.finishedAt "
            f"{integrity['finishedAt']}"
        )
        checks.append(fail(RELEASE, Reason.TIME_ORDER, reason))
    return checks
