"""Tamper cases that are correctly signed but bind the wrong thing: manifests against
the record (vars, body, template, ids), output integrity and releases (mutate and
re-sign, so that only the meaning checks can catch them)."""

from __future__ import annotations

from typing import Any

from av_build import Export, render, seal
from av_cases import (
    Case,
    edit_manifest,
    edit_spec,
    fail,
    find,
    rebind_release,
    replace_command,
    seq_of,
)
from av_jcs import canonical_hash, sha256_hex
from av_keys import padding_bits_set
from av_scenarios import mixed, mixed_specs


def one(name: str, export: Export, key: str, check: str, code: str) -> Case:
    return Case(name, render(seal(export)), (fail(seq_of(export, key), check, code),))


def resigned(name: str, key: str, slot: str, check: str, code: str, **fields: Any) -> Case:
    export = mixed()
    edit_manifest(export, key, slot, **fields)
    return one(name, export, key, check, code)


def respec(name: str, key: str, check: str, code: str, **changes: Any) -> Case:
    export = mixed()
    replace_command(export, edit_spec(mixed_specs(), key, **changes))
    return one(name, export, key, check, code)


def record_edit(name: str, key: str, check: str, code: str, **fields: Any) -> Case:
    export = mixed()
    find(export, key).update(fields)
    return one(name, export, key, check, code)


TF = "cmd-tf-apply"
APPROVAL = "commandApproval"


def approval_binding_cases() -> list[Case]:
    return [
        resigned(
            "approval-vars-changed-resigned",
            TF,
            "approval",
            APPROVAL,
            "BINDING_MISMATCH",
            vars={"DB": "payments"},
        ),
        resigned(
            "approval-permissions-changed-resigned",
            TF,
            "approval",
            APPROVAL,
            "BINDING_MISMATCH",
            permissions="Admin",
        ),
        resigned(
            "approval-reason-changed-resigned",
            TF,
            "approval",
            APPROVAL,
            "BINDING_MISMATCH",
            reason="something else",
        ),
        resigned(
            "approval-command-id-changed-resigned",
            TF,
            "approval",
            APPROVAL,
            "BINDING_MISMATCH",
            commandId="cmd-script-diag",
        ),
        resigned(
            "approval-appliance-id-changed-resigned",
            TF,
            "approval",
            APPROVAL,
            "BINDING_MISMATCH",
            applianceId="appl-other",
        ),
        resigned(
            "approval-command-type-changed-resigned",
            TF,
            "approval",
            APPROVAL,
            "BINDING_MISMATCH",
            commandType="ScriptFromTmpl",
        ),
        resigned(
            "approval-body-hash-other-resigned",
            TF,
            "approval",
            APPROVAL,
            "BODY_HASH_MISMATCH",
            bodySha256=sha256_hex(b"rm -rf /\n"),
        ),
        record_edit(
            "record-body-changed-after-approval",
            TF,
            APPROVAL,
            "BODY_HASH_MISMATCH",
            body='resource "x" "evil" {}\n',
        ),
        record_edit(
            "record-vars-changed-after-approval",
            TF,
            APPROVAL,
            "BINDING_MISMATCH",
            vars={"DB": "payments"},
        ),
        resigned(
            "approval-template-hash-other-resigned",
            TF,
            "approval",
            APPROVAL,
            "TEMPLATE_MISMATCH",
            templateContentSha256=sha256_hex(b"other template"),
        ),
        resigned(
            "approval-template-version-other-resigned",
            TF,
            "approval",
            APPROVAL,
            "TEMPLATE_MISMATCH",
            templateVersion="1.3.9",
        ),
        resigned(
            "approval-template-id-other-resigned",
            TF,
            "approval",
            APPROVAL,
            "TEMPLATE_MISMATCH",
            templateId="tf-plan-network",
        ),
        resigned(
            "approval-adhoc-kubectl-names-a-template-resigned",
            "cmd-kubectl-adhoc",
            "approval",
            APPROVAL,
            "TEMPLATE_MISMATCH",
            templateId="kubectl-rollout-restart",
            templateVersion="3.2.0",
            templateContentSha256=sha256_hex(b"t"),
        ),
    ]


INTEGRITY = "outputIntegrity"


def integrity_cases() -> list[Case]:
    cases = [
        respec(
            "integrity-exit-nonzero-on-completed", TF, INTEGRITY, "EXIT_CODE_MISMATCH", exit_code=1
        ),
        respec(
            "integrity-exit-zero-on-execution-failed",
            "cmd-exec-failed",
            INTEGRITY,
            "EXIT_CODE_MISMATCH",
            exit_code=0,
        ),
        respec(
            "integrity-exit-nonzero-on-executed",
            "cmd-pending-executed",
            INTEGRITY,
            "EXIT_CODE_MISMATCH",
            exit_code=3,
        ),
        record_edit(
            "integrity-present-on-cmd-rejected",
            "cmd-cmd-rejected",
            INTEGRITY,
            "ENVELOPE_FORBIDDEN",
            outputIntegrity=find(mixed(), TF)["outputIntegrity"],
        ),
        record_edit(
            "integrity-missing-on-completed",
            TF,
            INTEGRITY,
            "ENVELOPE_REQUIRED",
            outputIntegrity=None,
        ),
        record_edit(
            "integrity-missing-on-execution-failed",
            "cmd-exec-failed",
            INTEGRITY,
            "ENVELOPE_REQUIRED",
            outputIntegrity=None,
        ),
        record_edit(
            "attachment-stdout-not-matching",
            TF,
            INTEGRITY,
            "ATTACHMENT_MISMATCH",
            attachments={
                "stdout": "QXBwbHkgZmFpbGVkIQo=",
                "stderr": "d2FybmluZzogZGVwcmVjYXRlZAo=",
            },
        ),
        record_edit(
            "attachment-base64-padding-bits-set",
            TF,
            INTEGRITY,
            "ATTACHMENT_MISMATCH",
            attachments={
                "stdout": padding_bits_set("QXBwbHkgY29tcGxldGUhCg=="),
                "stderr": "d2FybmluZzogZGVwcmVjYXRlZAo=",
            },
        ),
        record_edit(
            "attachment-stderr-not-matching",
            TF,
            INTEGRITY,
            "ATTACHMENT_MISMATCH",
            attachments={"stdout": "QXBwbHkgY29tcGxldGUhCg==", "stderr": ""},
        ),
        record_edit(
            "attachment-on-rejected-command",
            "cmd-cmd-rejected",
            INTEGRITY,
            "ATTACHMENT_UNBOUND",
            attachments={"stdout": "cm0gLXJmIC8K", "stderr": ""},
        ),
        record_edit(
            "attachment-malformed-on-timed-out-command",
            "cmd-timeout",
            INTEGRITY,
            "ATTACHMENT_UNBOUND",
            attachments={"stdout": " GVsbG8K"},
        ),
    ]
    for name, field, value in (
        ("integrity-started-before-approval-resigned", "startedAt", "2026-01-10T09:00:30Z"),
        ("integrity-finished-before-started-resigned", "finishedAt", "2026-01-10T09:01:59Z"),
        ("integrity-command-id-other-resigned", "commandId", "cmd-script-diag"),
    ):
        export = mixed()
        fields: dict[str, Any] = {field: value}
        record = edit_manifest(export, TF, "outputIntegrity", **fields)
        rebind_release(record)
        code = "BINDING_MISMATCH" if field == "commandId" else "TIME_ORDER"
        cases.append(one(name, export, TF, INTEGRITY, code))
    return cases


RELEASE = "outputApproval"


def release_cases() -> list[Case]:
    other = canonical_hash(find(mixed(), "cmd-script-diag")["outputIntegrity"]["manifest"])
    return [
        resigned(
            "release-names-other-output-resigned",
            TF,
            "release",
            RELEASE,
            "OUTPUT_HASH_MISMATCH",
            outputIntegritySha256=other,
        ),
        resigned(
            "release-decided-before-output-finished-resigned",
            TF,
            "release",
            RELEASE,
            "TIME_ORDER",
            decidedAt="2026-01-10T09:02:59Z",
        ),
        resigned(
            "release-reject-on-completed-resigned",
            TF,
            "release",
            RELEASE,
            "DECISION_MISMATCH",
            decision="reject",
        ),
        resigned(
            "release-release-on-output-rejected-resigned",
            "cmd-output-rejected",
            "release",
            RELEASE,
            "DECISION_MISMATCH",
            decision="release",
        ),
        resigned(
            "release-command-id-other-resigned",
            TF,
            "release",
            RELEASE,
            "BINDING_MISMATCH",
            commandId="cmd-script-diag",
        ),
        record_edit("release-missing-on-completed", TF, RELEASE, "ENVELOPE_REQUIRED", release=None),
        record_edit(
            "release-present-on-execution-failed",
            "cmd-exec-failed",
            RELEASE,
            "ENVELOPE_FORBIDDEN",
            release=find(mixed(), TF)["release"],
        ),
    ]


def all_cases() -> list[Case]:
    return approval_binding_cases() + integrity_cases() + release_cases()
