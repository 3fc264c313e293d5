"""The ``command`` record: its fields, lifecycle, legacy status and commandApproval.

Spec sections "The command record", "commandApproval" and precise rules 3, 7, 8, 10, 11;
the output half (outputIntegrity, release) is ``checks.output``. Cross-record facts (legacy
after a signed record, run-index reuse) are returned for the in-order pass to decide.
"""

from __future__ import annotations

import dataclasses
import hashlib
from typing import Any

from t9verify import fields, jcs, timefmt
from t9verify.checks import manifests as m
from t9verify.checks.envelopes import check_mode, verify_signed
from t9verify.checks.lifecycle import (
    IN_FLIGHT,
    REQUIREMENTS,
    STATES,
    presence_checks,
    transitions_problem,
)
from t9verify.checks.output import ApprovalFacts, check_integrity, check_release, read_slot
from t9verify.checks.preapprovals import check_preapproved_use
from t9verify.context import VerifyContext
from t9verify.pins import APPLIANCE, BUYER
from t9verify.reasons import Reason
from t9verify.results import FAIL, PASS, PENDING, UNSIGNED_LEGACY, Check, differs, fail

APPROVAL, INTEGRITY, RELEASE = "commandApproval", "outputIntegrity", "outputApproval"


@dataclasses.dataclass(frozen=True, slots=True)
class CommandFacts:
    result: str
    checks: tuple[Check, ...]
    signed: bool  # carries at least one envelope
    legacy: bool
    run_use: tuple[str, int] | None


def _equal(expected: Any, actual: Any) -> bool:
    return type(expected) is type(actual) and expected == actual


def check_command(
    ctx: VerifyContext,
    record: dict[str, Any],
    ascii_keys: bool,
    canon: jcs.LineCanon | None = None,
) -> CommandFacts:
    """Every check of one command record that needs no other record.

    ``canon`` holds the canonical bytes already computed for this line (record hash).
    """
    signed = any(
        isinstance(record.get(slot), dict) for slot in ("approval", "outputIntegrity", "release")
    )
    legacy = record.get("legacy") is True
    if legacy:
        spec, optional = m.LEGACY_COMMAND, m.LEGACY_OPTIONAL
    else:
        spec, optional = m.COMMAND, m.COMMAND_OPTIONAL
    problems = fields.validate(record, spec, "record", "record", optional=optional)
    if problems:
        return CommandFacts(FAIL, tuple(problems), signed, legacy, None)
    checks = _record_level(ctx, record)
    if legacy:
        return _legacy(ctx, record, checks, signed)
    slots = {
        APPROVAL: record["approval"],
        INTEGRITY: record["outputIntegrity"],
        RELEASE: record["release"],
    }
    requirement = REQUIREMENTS.get(record["lifecycle"])
    if requirement is not None:
        checks.extend(presence_checks(requirement, record["lifecycle"], slots))
    if "attachments" in record and record["outputIntegrity"] is None:
        # No signature covers these bytes: an export must not carry output nobody vouched for.
        reason = "attachments present but no outputIntegrity binds them"
        checks.append(fail(INTEGRITY, Reason.ATTACHMENT_UNBOUND, reason))
    canon = canon or jcs.LineCanon(ascii_keys)
    approval, run_use = _approval(ctx, record, canon, checks)
    integrity = check_integrity(ctx, record, approval, canon=canon, checks=checks)
    check_release(ctx, record, approval, integrity, canon=canon, checks=checks)
    result = _verdict(checks, pending=record["lifecycle"] in IN_FLIGHT)
    return CommandFacts(result, tuple(checks), signed, legacy, run_use)


def _verdict(checks: list[Check], *, pending: bool) -> str:
    if any(check.status == FAIL for check in checks):
        return FAIL
    return PENDING if pending else PASS


def _record_level(ctx: VerifyContext, record: dict[str, Any]) -> list[Check]:
    """Rules 3, 7 and 8, and a known lifecycle state."""
    checks: list[Check] = []
    if record["lifecycle"] not in STATES:
        checks.append(
            fail(
                "record",
                Reason.FIELD_VALUE,
                f"lifecycle {record['lifecycle']!r} is not a known state",
            )
        )
    expected_appliance = ctx.header.appliance_id
    if expected_appliance is not None and record["applianceId"] != expected_appliance:
        checks.append(
            fail(
                "record",
                Reason.APPLIANCE_MISMATCH,
                differs("applianceId", expected_appliance, record["applianceId"]),
            )
        )
    if (record["template"] is None) != (record["commandType"] == "Kubectl"):
        reason = (
            "template must be null exactly when commandType is Kubectl "
            f"(commandType {record['commandType']})"
        )
        checks.append(fail("record", Reason.FIELD_VALUE, reason))
    problem = transitions_problem(record)
    if problem is not None:
        checks.append(fail("record", Reason.TRANSITIONS_INVALID, problem))
    elif any(step["state"] not in STATES for step in record["transitions"]):
        checks.append(
            fail("record", Reason.TRANSITIONS_INVALID, "transitions name an unknown state")
        )
    return checks


def _legacy(
    ctx: VerifyContext, record: dict[str, Any], checks: list[Check], signed: bool
) -> CommandFacts:
    """Rule 11, the parts one record shows; "after a signed record" is decided in order."""
    if signed:
        checks.append(
            fail("record", Reason.LEGACY_WITH_ENVELOPE, "a legacy record carries an envelope")
        )
    required = ctx.pins.signature_required_from
    submitted = timefmt.parse_ms(record["submittedAt"])
    if required is not None and submitted is not None and submitted >= required:
        reason = (
            f"legacy record submitted at {record['submittedAt']}, signatures required from then on"
        )
        checks.append(fail("record", Reason.LEGACY_AFTER_REQUIRED, reason))
    if ctx.strict:
        checks.append(
            fail("record", Reason.LEGACY_STRICT, "unsigned legacy record refused by --strict")
        )
    result = FAIL if any(c.status == FAIL for c in checks) else UNSIGNED_LEGACY
    return CommandFacts(result, tuple(checks), signed, True, None)


def _approval(
    ctx: VerifyContext, record: dict[str, Any], canon: jcs.LineCanon, checks: list[Check]
) -> tuple[ApprovalFacts | None, tuple[str, int] | None]:
    envelope = read_slot(record["approval"], APPROVAL, m.APPROVAL_KIND, checks)
    if envelope is None:
        return None, None
    manifest = envelope.manifest
    bad_mode = check_mode(manifest, ("manual", "preapproved"), APPROVAL)
    if bad_mode is not None:
        checks.append(bad_mode)
        return None, None
    preapproved = manifest["mode"] == "preapproved"
    spec = m.APPROVAL_PREAPPROVED if preapproved else m.APPROVAL_MANUAL
    problems = fields.validate(manifest, spec, APPROVAL, "approval.manifest")
    if problems:
        checks.extend(problems)
        return None, None
    checks.append(
        verify_signed(
            ctx,
            envelope,
            check_name=APPROVAL,
            role=APPLIANCE if preapproved else BUYER,
            signed_at=manifest["decidedAt"],
            signed_by=manifest["approver"],
            ascii_keys=canon.ascii_keys,
            canon=canon,
        )
    )
    checks.extend(_approval_bindings(record, manifest))
    decided_at = timefmt.parse_ms(manifest["decidedAt"]) or 0
    run_use = None
    if preapproved:
        checks.extend(check_preapproved_use(ctx, record, manifest, decided_at))
        run_use = (manifest["preApprovalId"], manifest["runIndex"])
    return ApprovalFacts(manifest, decided_at), run_use


def _approval_bindings(record: dict[str, Any], manifest: dict[str, Any]) -> list[Check]:
    """Each bound field compared on its own (never a concatenation)."""
    checks = []
    for name in m.APPROVAL_BOUND:
        if not _equal(record[name], manifest[name]):
            checks.append(
                fail(APPROVAL, Reason.BINDING_MISMATCH, differs(name, record[name], manifest[name]))
            )
    body_sha = hashlib.sha256(record["body"].encode("utf-8")).hexdigest()
    if manifest["bodySha256"] != body_sha:
        checks.append(
            fail(
                APPROVAL,
                Reason.BODY_HASH_MISMATCH,
                differs("bodySha256", body_sha, manifest["bodySha256"]),
            )
        )
    template = record["template"] or {"id": None, "version": None, "contentSha256": None}
    for field, key in (
        ("templateId", "id"),
        ("templateVersion", "version"),
        ("templateContentSha256", "contentSha256"),
    ):
        if not _equal(template[key], manifest[field]):
            checks.append(
                fail(
                    APPROVAL,
                    Reason.TEMPLATE_MISMATCH,
                    differs(field, template[key], manifest[field]),
                )
            )
    checks.extend(_approval_time_and_decision(record, manifest))
    if (
        manifest["mode"] == "preapproved"
        and manifest["approver"] != f"preapproval:{manifest['preApprovalId']}"
    ):
        expected = f"preapproval:{manifest['preApprovalId']}"
        checks.append(
            fail(
                APPROVAL,
                Reason.BINDING_MISMATCH,
                differs("approver", expected, manifest["approver"]),
            )
        )
    return checks


def _approval_time_and_decision(record: dict[str, Any], manifest: dict[str, Any]) -> list[Check]:
    checks = []
    submitted = timefmt.parse_ms(record["submittedAt"]) or 0
    decided = timefmt.parse_ms(manifest["decidedAt"]) or 0
    if decided < submitted:
        reason = f"decidedAt {manifest['decidedAt']} is before submittedAt {record['submittedAt']}"
        checks.append(fail(APPROVAL, Reason.TIME_ORDER, reason))
    elif decided > submitted + record["timeoutSeconds"] * 1000:
        reason = (
            f"decidedAt {manifest['decidedAt']} is after submittedAt + {record['timeoutSeconds']}s"
        )
        checks.append(fail(APPROVAL, Reason.APPROVAL_TIMED_OUT, reason))
    requirement = REQUIREMENTS.get(record["lifecycle"])
    expected = requirement.approval_decision if requirement else None
    if expected is not None and manifest["decision"] != expected:
        reason = differs(
            f"decision (lifecycle {record['lifecycle']})", expected, manifest["decision"]
        )
        checks.append(fail(APPROVAL, Reason.DECISION_MISMATCH, reason))
    return checks
