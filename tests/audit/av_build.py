"""Builds audit-export objects from small specs: commands, pre-approvals, the sealed chain.

A command is described by a ``CommandSpec`` (what happened, on a fixed clock) and turned
into the spec's ``command`` record with its three envelopes signed by fixed keys. An
``Export`` is sealed into lines: seq and prev assigned in order, a signed checkpoint at
the end. Tamper cases edit the objects between these steps.
"""

from __future__ import annotations

import base64
import copy
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from av_jcs import canonical_hash, canonical_text, sha256_hex
from av_keys import APPLIANCE_A, BUYER_ALICE, BUYER_BOB, NamedKey, envelope

Obj = dict[str, Any]

APPLIANCE_ID = "appl-7f3a9c"
ZERO_HEAD = "0" * 64
# The fixed clock: every timestamp is an offset in seconds from here.
BASE = datetime(2026, 1, 10, 9, 0, 0, tzinfo=UTC)
PERSON = {BUYER_ALICE.name: "alice@buyer.example", BUYER_BOB.name: "bob@buyer.example"}


def at(seconds: int) -> str:
    return (BASE + timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%SZ")


def template(template_id: str, version: str) -> Obj:
    content = f"# template {template_id} {version}\n".encode()
    return {"id": template_id, "version": version, "contentSha256": sha256_hex(content)}


def record_hash(record: Obj) -> str:
    """``R(r)``: the hash of the record without its ``attachments`` member."""
    return canonical_hash({k: v for k, v in record.items() if k != "attachments"})


def approver_name(key: NamedKey) -> str:
    return PERSON.get(key.name, f"{key.name}@example")


@dataclass(frozen=True)
class CommandSpec:
    """One command's story on the fixed clock; ``submitted`` is seconds from ``BASE``."""

    command_id: str
    name: str
    command_type: str
    submitted: int
    lifecycle: str
    template: Obj | None
    body: str
    vars: dict[str, str] = field(default_factory=dict)
    permissions: str = "ReadOnly"
    reason: str = "routine maintenance"
    timeout: int = 3600
    approver: NamedKey = BUYER_ALICE
    releaser: NamedKey = BUYER_BOB
    exit_code: int | None = 0
    stdout: bytes = b"ok\n"
    stderr: bytes = b""
    attachments: bool = False
    preapproval: tuple[str, int] | None = None  # (preApprovalId, runIndex)
    preapproved_release: bool = False  # release signed by the appliance (FullyPreApprove)
    cancelled_after_approval: bool = True
    cancelled_with_output: bool = False  # Cancelled/Cancelling while running: output kept
    appliance: NamedKey = APPLIANCE_A

    @property
    def decided(self) -> int:
        return self.submitted + 60

    @property
    def started(self) -> int:
        return self.submitted + 120

    @property
    def finished(self) -> int:
        return self.submitted + 180

    @property
    def released(self) -> int:
        return self.submitted + 300


_APPROVED = ("CmdApproved", "Executing", "Executed", "OutputApproving", "Completed")
_PATHS: dict[str, list[str]] = {
    "Submitted": ["Submitted"],
    "CmdApproving": ["Submitted", "CmdApproving"],
    "CmdApproved": ["Submitted", "CmdApproving", "CmdApproved"],
    "Executing": ["Submitted", "CmdApproving", "CmdApproved", "Executing"],
    "Executed": ["Submitted", "CmdApproving", "CmdApproved", "Executing", "Executed"],
    "OutputApproving": ["Submitted", "CmdApproving", *_APPROVED[:-1]],
    "Completed": ["Submitted", "CmdApproving", *_APPROVED],
    "OutputRejected": ["Submitted", "CmdApproving", *_APPROVED[:-1], "OutputRejected"],
    "ExecutionFailed": ["Submitted", "CmdApproving", "CmdApproved", "Executing", "ExecutionFailed"],
    "CmdRejected": ["Submitted", "CmdApproving", "CmdRejected"],
    "Cancelling": ["Submitted", "CmdApproving", "CmdApproved", "Cancelling"],
    "Cancelled": ["Submitted", "CmdApproving", "CmdApproved", "Cancelling", "Cancelled"],
    "Timeout": ["Submitted", "CmdApproving", "Timeout"],
}


def _state_time(spec: CommandSpec, state: str) -> int:
    times = {
        "Submitted": spec.submitted,
        "CmdApproving": spec.submitted,
        "CmdApproved": spec.decided,
        "CmdRejected": spec.decided,
        "Executing": spec.started,
        "Cancelling": spec.started,
        "Executed": spec.finished,
        "ExecutionFailed": spec.finished,
        "OutputApproving": spec.finished,
        "Cancelled": spec.finished,
        "Completed": spec.released,
        "OutputRejected": spec.released,
        "Timeout": spec.submitted + spec.timeout + 60,
    }
    return times[state]


def transitions(spec: CommandSpec) -> list[Obj]:
    path = _PATHS[spec.lifecycle]
    if spec.lifecycle in ("Cancelled", "Cancelling") and not spec.cancelled_after_approval:
        path = [s for s in path if s != "CmdApproved"]
    return [{"state": state, "at": at(_state_time(spec, state))} for state in path]


def _needs(spec: CommandSpec) -> tuple[str | None, bool, str | None]:
    """(approval decision, outputIntegrity present, release decision) per lifecycle."""
    life = spec.lifecycle
    cancelled = life in ("Cancelled", "Cancelling") and spec.cancelled_after_approval
    decision = None
    if life in (*_APPROVED, "OutputRejected", "ExecutionFailed") or cancelled:
        decision = "approve"
    elif life == "CmdRejected":
        decision = "reject"
    has_output = life in ("Executed", "OutputApproving", "Completed", "OutputRejected")
    has_output = (
        has_output or life == "ExecutionFailed" or (cancelled and spec.cancelled_with_output)
    )
    release = {"Completed": "release", "OutputRejected": "reject"}.get(life)
    return decision, has_output, release


def approval_manifest(spec: CommandSpec, decision: str) -> Obj:
    tpl = spec.template or {"id": None, "version": None, "contentSha256": None}
    manifest: Obj = {"kind": "t9.ops.commandApproval/v1", "mode": "manual"}
    if spec.preapproval is not None:
        pre_id, run_index = spec.preapproval
        manifest.update(mode="preapproved", preApprovalId=pre_id, runIndex=run_index)
    manifest.update(
        commandId=spec.command_id,
        applianceId=APPLIANCE_ID,
        commandType=spec.command_type,
        templateId=tpl["id"],
        templateVersion=tpl["version"],
        templateContentSha256=tpl["contentSha256"],
        bodySha256=sha256_hex(spec.body.encode()),
        vars=dict(spec.vars),
        permissions=spec.permissions,
        reason=spec.reason,
        decision=decision,
        approver=approver_name(spec.approver),
        decidedAt=at(spec.decided),
    )
    if spec.preapproval is not None:
        manifest["approver"] = f"preapproval:{spec.preapproval[0]}"
    return manifest


def integrity_manifest(spec: CommandSpec) -> Obj:
    return {
        "kind": "t9.ops.outputIntegrity/v1",
        "commandId": spec.command_id,
        "stdoutSha256": sha256_hex(spec.stdout),
        "stdoutSize": len(spec.stdout),
        "stderrSha256": sha256_hex(spec.stderr),
        "stderrSize": len(spec.stderr),
        "exitCode": spec.exit_code,
        "startedAt": at(spec.started),
        "finishedAt": at(spec.finished),
    }


def release_manifest(spec: CommandSpec, integrity: Obj, decision: str) -> Obj:
    manifest: Obj = {"kind": "t9.ops.outputApproval/v1", "mode": "manual"}
    approver = approver_name(spec.releaser)
    if spec.preapproved_release and spec.preapproval is not None:
        manifest.update(mode="preapproved", preApprovalId=spec.preapproval[0])
        approver = f"preapproval:{spec.preapproval[0]}"
    manifest.update(
        commandId=spec.command_id,
        outputIntegritySha256=canonical_hash(integrity),
        decision=decision,
        approver=approver,
        decidedAt=at(spec.released),
    )
    return manifest


def command(spec: CommandSpec) -> Obj:
    """The ``command`` record (without seq/prev) with every envelope its lifecycle implies."""
    decision, has_output, release = _needs(spec)
    approval_key = spec.appliance if spec.preapproval is not None else spec.approver
    record: Obj = {
        "type": "command",
        "commandId": spec.command_id,
        "commandName": spec.name,
        "appName": "billing-api",
        "customerName": "Buyer Corp",
        "applianceId": APPLIANCE_ID,
        "commandType": spec.command_type,
        "template": copy.deepcopy(spec.template),
        "body": spec.body,
        "vars": dict(spec.vars),
        "permissions": spec.permissions,
        "reason": spec.reason,
        "submittedAt": at(spec.submitted),
        "timeoutSeconds": spec.timeout,
        "lifecycle": spec.lifecycle,
        "transitions": transitions(spec),
        "approval": None,
        "outputIntegrity": None,
        "release": None,
    }
    if decision is not None:
        record["approval"] = envelope(approval_manifest(spec, decision), approval_key)
    if has_output:
        integrity = integrity_manifest(spec)
        record["outputIntegrity"] = envelope(integrity, spec.appliance)
        if release is not None:
            release_key = spec.appliance if spec.preapproved_release else spec.releaser
            manifest = release_manifest(spec, integrity, release)
            record["release"] = envelope(manifest, release_key)
    if spec.attachments:
        record["attachments"] = {
            "stdout": base64.b64encode(spec.stdout).decode("ascii"),
            "stderr": base64.b64encode(spec.stderr).decode("ascii"),
        }
    return record


def legacy_command(spec: CommandSpec) -> Obj:
    """An unsigned legacy record: the same fields, ``legacy: true``, no envelopes."""
    record = command(spec)
    record.update(legacy=True, approval=None, outputIntegrity=None, release=None)
    return record


@dataclass(frozen=True)
class PreApprovalSpec:
    pre_id: str
    template: Obj
    level: str
    max_runs: int
    not_before: int
    not_after: int
    constraints: dict[str, list[str]]
    signed_at: int
    approver: NamedKey = BUYER_ALICE
    appliance_id: str = APPLIANCE_ID


def preapproval(spec: PreApprovalSpec) -> Obj:
    manifest = {
        "kind": "t9.ops.preApproval/v1",
        "preApprovalId": spec.pre_id,
        "applianceId": spec.appliance_id,
        "templateId": spec.template["id"],
        "templateContentSha256": spec.template["contentSha256"],
        "level": spec.level,
        "maxRuns": spec.max_runs,
        "notBefore": at(spec.not_before),
        "notAfter": at(spec.not_after),
        "varConstraints": copy.deepcopy(spec.constraints),
        "approver": approver_name(spec.approver),
        "signedAt": at(spec.signed_at),
    }
    return {"type": "preapproval", **envelope(manifest, spec.approver)}


def revocation(pre_id: str, revoked_at: int, key: NamedKey = BUYER_ALICE) -> Obj:
    manifest = {
        "kind": "t9.ops.preApprovalRevocation/v1",
        "preApprovalId": pre_id,
        "revokedAt": at(revoked_at),
        "approver": approver_name(key),
    }
    return {"type": "revocation", **envelope(manifest, key)}


@dataclass
class Export:
    """An export before sealing: header fields, records in order, the checkpoint's signer."""

    export_id: str
    records: list[Obj]
    exported_at: int
    first_seq: int = 1
    prev_head: str = ZERO_HEAD
    appliance_keys: list[Obj] = field(default_factory=list)
    checkpoint_key: NamedKey = APPLIANCE_A

    def header(self) -> Obj:
        return {
            "type": "header",
            "format": "t9-audit-export",
            "version": 1,
            "exportId": self.export_id,
            "applianceId": APPLIANCE_ID,
            "exportedAt": at(self.exported_at),
            "firstSeq": self.first_seq,
            "prevHead": self.prev_head,
            "applianceKeys": copy.deepcopy(self.appliance_keys),
        }


def link(records: list[Obj], first_seq: int, prev_head: str) -> str:
    """Assign seq and prev in place; return the head (hash of the last record)."""
    head = prev_head
    for offset, record in enumerate(records):
        record["seq"] = first_seq + offset
        record["prev"] = head
        head = record_hash(record)
    return head


def checkpoint(last_seq: int, head: str, count: int, when: int, key: NamedKey) -> Obj:
    manifest = {
        "kind": "t9.ops.checkpoint/v1",
        "applianceId": APPLIANCE_ID,
        "lastSeq": last_seq,
        "head": head,
        "count": count,
        "at": at(when),
    }
    return {"type": "checkpoint", "seq": last_seq + 1, "prev": head, **envelope(manifest, key)}


def seal(export: Export) -> list[Obj]:
    """Header, linked records and a checkpoint signed over what is there."""
    records = copy.deepcopy(export.records)
    head = link(records, export.first_seq, export.prev_head)
    last_seq = export.first_seq + len(records) - 1
    end = checkpoint(last_seq, head, len(records), export.exported_at, export.checkpoint_key)
    return [export.header(), *records, end]


def render(lines: Sequence[Obj | str]) -> str:
    """JSON Lines text: objects in canonical form, raw strings as they are."""
    return "".join(
        (line if isinstance(line, str) else canonical_text(line)) + "\n" for line in lines
    )
