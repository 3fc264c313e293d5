"""Tamper cases that are correctly signed but mean the wrong thing: bindings between
manifests and the record, lifecycle rules, time order and transitions (mutate and
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
from av_keys import padding_bits_set, resign
from av_scenarios import mixed, mixed_specs


def _one(name: str, export: Export, key: str, check: str, code: str) -> Case:
    return Case(name, render(seal(export)), (fail(seq_of(export, key), check, code),))


def _resigned(name: str, key: str, slot: str, check: str, code: str, **fields: Any) -> Case:
    export = mixed()
    edit_manifest(export, key, slot, **fields)
    return _one(name, export, key, check, code)


def _respec(name: str, key: str, check: str, code: str, **changes: Any) -> Case:
    export = mixed()
    replace_command(export, edit_spec(mixed_specs(), key, **changes))
    return _one(name, export, key, check, code)


def _record_edit(name: str, key: str, check: str, code: str, **fields: Any) -> Case:
    export = mixed()
    find(export, key).update(fields)
    return _one(name, export, key, check, code)


TF = "cmd-tf-apply"
APPROVAL = "commandApproval"


def approval_binding_cases() -> list[Case]:
    return [
        _resigned(
            "approval-vars-changed-resigned",
            TF,
            "approval",
            APPROVAL,
            "BINDING_MISMATCH",
            vars={"DB": "payments"},
        ),
        _resigned(
            "approval-permissions-changed-resigned",
            TF,
            "approval",
            APPROVAL,
            "BINDING_MISMATCH",
            permissions="Admin",
        ),
        _resigned(
            "approval-reason-changed-resigned",
            TF,
            "approval",
            APPROVAL,
            "BINDING_MISMATCH",
            reason="something else",
        ),
        _resigned(
            "approval-command-id-changed-resigned",
            TF,
            "approval",
            APPROVAL,
            "BINDING_MISMATCH",
            commandId="cmd-script-diag",
        ),
        _resigned(
            "approval-appliance-id-changed-resigned",
            TF,
            "approval",
            APPROVAL,
            "BINDING_MISMATCH",
            applianceId="appl-other",
        ),
        _resigned(
            "approval-command-type-changed-resigned",
            TF,
            "approval",
            APPROVAL,
            "BINDING_MISMATCH",
            commandType="ScriptFromTmpl",
        ),
        _resigned(
            "approval-body-hash-other-resigned",
            TF,
            "approval",
            APPROVAL,
            "BODY_HASH_MISMATCH",
            bodySha256=sha256_hex(b"rm -rf /\n"),
        ),
        _record_edit(
            "record-body-changed-after-approval",
            TF,
            APPROVAL,
            "BODY_HASH_MISMATCH",
            body='resource "x" "evil" {}\n',
        ),
        _record_edit(
            "record-vars-changed-after-approval",
            TF,
            APPROVAL,
            "BINDING_MISMATCH",
            vars={"DB": "payments"},
        ),
        _resigned(
            "approval-template-hash-other-resigned",
            TF,
            "approval",
            APPROVAL,
            "TEMPLATE_MISMATCH",
            templateContentSha256=sha256_hex(b"other template"),
        ),
        _resigned(
            "approval-template-version-other-resigned",
            TF,
            "approval",
            APPROVAL,
            "TEMPLATE_MISMATCH",
            templateVersion="1.3.9",
        ),
        _resigned(
            "approval-template-id-other-resigned",
            TF,
            "approval",
            APPROVAL,
            "TEMPLATE_MISMATCH",
            templateId="tf-plan-network",
        ),
        _resigned(
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


def approval_lifecycle_cases() -> list[Case]:
    return [
        _resigned(
            "approval-reject-on-completed-resigned",
            TF,
            "approval",
            APPROVAL,
            "DECISION_MISMATCH",
            decision="reject",
        ),
        _resigned(
            "approval-approve-on-cmd-rejected-resigned",
            "cmd-cmd-rejected",
            "approval",
            APPROVAL,
            "DECISION_MISMATCH",
            decision="approve",
        ),
        _resigned(
            "approval-decided-before-submitted-resigned",
            TF,
            "approval",
            APPROVAL,
            "TIME_ORDER",
            decidedAt="2026-01-10T08:59:59Z",
        ),
        # timeoutSeconds 30 while the approval came after 60 seconds.
        _respec("approval-after-timeout", TF, APPROVAL, "APPROVAL_TIMED_OUT", timeout=30),
        _record_edit(
            "approval-present-on-timeout",
            "cmd-timeout",
            APPROVAL,
            "ENVELOPE_FORBIDDEN",
            approval=find(mixed(), "cmd-cmd-rejected")["approval"],
        ),
        _record_edit(
            "approval-present-on-submitted",
            "cmd-pending-submitted",
            APPROVAL,
            "ENVELOPE_FORBIDDEN",
            approval=find(mixed(), "cmd-cmd-rejected")["approval"],
        ),
        _record_edit(
            "approval-missing-on-completed", TF, APPROVAL, "ENVELOPE_REQUIRED", approval=None
        ),
        _record_edit(
            "approval-missing-on-executed",
            "cmd-pending-executed",
            APPROVAL,
            "ENVELOPE_REQUIRED",
            approval=None,
        ),
        _mode_missing(),
        _template_null_for_templated_type(),
        _resigned(
            "approval-mode-unknown-resigned", TF, "approval", APPROVAL, "UNKNOWN_MODE", mode="auto"
        ),
    ]


def _template_null_for_templated_type() -> Case:
    # Rule 8: template is null exactly when commandType is Kubectl.
    export = mixed()
    replace_command(export, edit_spec(mixed_specs(), TF, template=None))
    failure = fail(seq_of(export, TF), "record", "FIELD_VALUE", ("TEMPLATE_MISMATCH", "FIELD_TYPE"))
    return Case("record-template-null-for-templated-type", render(seal(export)), (failure,))


def _mode_missing() -> Case:
    export = mixed()
    env = find(export, TF)["approval"]
    del env["manifest"]["mode"]
    resign(env)
    return _one("approval-mode-missing-resigned", export, TF, APPROVAL, "FIELD_MISSING")


INTEGRITY = "outputIntegrity"


def integrity_cases() -> list[Case]:
    cases = [
        _respec(
            "integrity-exit-nonzero-on-completed", TF, INTEGRITY, "EXIT_CODE_MISMATCH", exit_code=1
        ),
        _respec(
            "integrity-exit-zero-on-execution-failed",
            "cmd-exec-failed",
            INTEGRITY,
            "EXIT_CODE_MISMATCH",
            exit_code=0,
        ),
        _respec(
            "integrity-exit-nonzero-on-executed",
            "cmd-pending-executed",
            INTEGRITY,
            "EXIT_CODE_MISMATCH",
            exit_code=3,
        ),
        _record_edit(
            "integrity-present-on-cmd-rejected",
            "cmd-cmd-rejected",
            INTEGRITY,
            "ENVELOPE_FORBIDDEN",
            outputIntegrity=find(mixed(), TF)["outputIntegrity"],
        ),
        _record_edit(
            "integrity-missing-on-completed",
            TF,
            INTEGRITY,
            "ENVELOPE_REQUIRED",
            outputIntegrity=None,
        ),
        _record_edit(
            "integrity-missing-on-execution-failed",
            "cmd-exec-failed",
            INTEGRITY,
            "ENVELOPE_REQUIRED",
            outputIntegrity=None,
        ),
        _record_edit(
            "attachment-stdout-not-matching",
            TF,
            INTEGRITY,
            "ATTACHMENT_MISMATCH",
            attachments={
                "stdout": "QXBwbHkgZmFpbGVkIQo=",
                "stderr": "d2FybmluZzogZGVwcmVjYXRlZAo=",
            },
        ),
        _record_edit(
            "attachment-base64-padding-bits-set",
            TF,
            INTEGRITY,
            "ATTACHMENT_MISMATCH",
            attachments={
                "stdout": padding_bits_set("QXBwbHkgY29tcGxldGUhCg=="),
                "stderr": "d2FybmluZzogZGVwcmVjYXRlZAo=",
            },
        ),
        _record_edit(
            "attachment-stderr-not-matching",
            TF,
            INTEGRITY,
            "ATTACHMENT_MISMATCH",
            attachments={"stdout": "QXBwbHkgY29tcGxldGUhCg==", "stderr": ""},
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
        cases.append(_one(name, export, TF, INTEGRITY, code))
    return cases


RELEASE = "outputApproval"


def release_cases() -> list[Case]:
    other = canonical_hash(find(mixed(), "cmd-script-diag")["outputIntegrity"]["manifest"])
    return [
        _resigned(
            "release-names-other-output-resigned",
            TF,
            "release",
            RELEASE,
            "OUTPUT_HASH_MISMATCH",
            outputIntegritySha256=other,
        ),
        _resigned(
            "release-decided-before-output-finished-resigned",
            TF,
            "release",
            RELEASE,
            "TIME_ORDER",
            decidedAt="2026-01-10T09:02:59Z",
        ),
        _resigned(
            "release-reject-on-completed-resigned",
            TF,
            "release",
            RELEASE,
            "DECISION_MISMATCH",
            decision="reject",
        ),
        _resigned(
            "release-release-on-output-rejected-resigned",
            "cmd-output-rejected",
            "release",
            RELEASE,
            "DECISION_MISMATCH",
            decision="release",
        ),
        _resigned(
            "release-command-id-other-resigned",
            TF,
            "release",
            RELEASE,
            "BINDING_MISMATCH",
            commandId="cmd-script-diag",
        ),
        _record_edit(
            "release-missing-on-completed", TF, RELEASE, "ENVELOPE_REQUIRED", release=None
        ),
        _record_edit(
            "release-present-on-execution-failed",
            "cmd-exec-failed",
            RELEASE,
            "ENVELOPE_FORBIDDEN",
            release=find(mixed(), TF)["release"],
        ),
    ]


def envelope_state_cases() -> list[Case]:
    """Rule 10: in-flight states carry only the envelopes their state implies so far."""
    release = find(mixed(), TF)["release"]
    integrity = find(mixed(), TF)["outputIntegrity"]
    return [
        _record_edit(
            "release-present-on-executed",
            "cmd-pending-executed",
            RELEASE,
            "ENVELOPE_FORBIDDEN",
            release=release,
        ),
        _record_edit(
            "integrity-present-on-cmd-approved",
            "cmd-pending-approved",
            INTEGRITY,
            "ENVELOPE_FORBIDDEN",
            outputIntegrity=integrity,
        ),
        _record_edit(
            "release-present-on-cancelled",
            "cmd-cancelled",
            RELEASE,
            "ENVELOPE_FORBIDDEN",
            release=release,
        ),
        _record_edit(
            "integrity-present-on-timeout",
            "cmd-timeout",
            INTEGRITY,
            "ENVELOPE_FORBIDDEN",
            outputIntegrity=integrity,
        ),
    ]


def _transitions(name: str, change: Any) -> Case:
    export = mixed()
    record = find(export, TF)
    change(record["transitions"])
    return _one(name, export, TF, "record", "TRANSITIONS_INVALID")


def transition_cases() -> list[Case]:
    def last_not_lifecycle(steps: list[Any]) -> None:
        steps.pop()

    def not_from_submitted(steps: list[Any]) -> None:
        steps.pop(0)

    def time_goes_back(steps: list[Any]) -> None:
        steps[3]["at"] = "2026-01-10T08:59:00Z"

    def first_at_not_submitted_at(steps: list[Any]) -> None:
        steps[0]["at"] = "2026-01-10T08:30:00Z"

    return [
        _transitions("transitions-last-state-not-lifecycle", last_not_lifecycle),
        _transitions("transitions-not-starting-with-submitted", not_from_submitted),
        _transitions("transitions-time-goes-back", time_goes_back),
        _transitions("transitions-first-at-not-submitted-at", first_at_not_submitted_at),
        _record_edit("lifecycle-unknown-state", TF, "record", "FIELD_VALUE", lifecycle="Done"),
        _record_edit(
            "command-type-unknown", "cmd-kubectl-adhoc", "record", "FIELD_VALUE", commandType="Helm"
        ),
    ]


def all_cases() -> list[Case]:
    return (
        approval_binding_cases()
        + approval_lifecycle_cases()
        + integrity_cases()
        + release_cases()
        + envelope_state_cases()
        + transition_cases()
    )
