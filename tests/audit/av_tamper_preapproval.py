"""Tamper cases for pre-approvals: run indexes, constraints, windows, revocations,
signing order, duplicate ids, template hashes, levels, and a missing side file."""

from __future__ import annotations

from typing import Any

from av_build import CommandSpec, at, command, preapproval, render, revocation, seal, template
from av_cases import Case, edit_manifest, edit_spec, fail, find, index_of, replace_command, seq_of
from av_keys import APPLIANCE_A, MALLORY, envelope, resign
from av_scenarios import (
    HOUR,
    PA_LOGS,
    PA_RESTART,
    from_seq_41,
    mixed,
    mixed_specs,
    restart_preapproval,
)

RESTART = "cmd-preapproved-restart"
LOGS = "cmd-fully-preapproved-logs"
PRE = "preApproval"


def _spec(key: str, **changes: Any) -> CommandSpec:
    return edit_spec(mixed_specs(), key, **changes)


def _respec(name: str, key: str, code: str, check: str = PRE, **changes: Any) -> Case:
    export = mixed()
    replace_command(export, _spec(key, **changes))
    return Case(name, render(seal(export)), (fail(seq_of(export, key), check, code),))


def _edit_pre(name: str, code: str, failures_at: str = RESTART, **fields: Any) -> Case:
    export = mixed()
    edit_manifest(export, PA_RESTART, None, **fields)
    return Case(name, render(seal(export)), (fail(seq_of(export, failures_at), PRE, code),))


def command_side_cases() -> list[Case]:
    namespace = {"DEPLOYMENT": "billing-api"}
    return [
        _respec("run-index-zero", RESTART, "RUN_INDEX_OUT_OF_RANGE", preapproval=(PA_RESTART, 0)),
        _respec(
            "run-index-above-max-runs",
            RESTART,
            "RUN_INDEX_OUT_OF_RANGE",
            preapproval=(PA_RESTART, 4),
        ),
        _respec(
            "constraint-regex-value-with-trailing-newline",
            RESTART,
            "CONSTRAINT_VIOLATED",
            vars={"NAMESPACE": "billing\n", "DEPLOYMENT": "billing-api"},
        ),
        _respec(
            "constraint-exact-value-differs",
            RESTART,
            "CONSTRAINT_VIOLATED",
            vars={"NAMESPACE": "billing", "DEPLOYMENT": "billing-api-canary"},
        ),
        _respec(
            "constraint-exact-value-with-trailing-newline",
            RESTART,
            "CONSTRAINT_VIOLATED",
            vars={"NAMESPACE": "billing", "DEPLOYMENT": "billing-api\n"},
        ),
        _respec(
            "constraint-unanchored-regex-matches-only-a-prefix",
            LOGS,
            "CONSTRAINT_VIOLATED",
            vars={"LINES": "200; cat /etc/shadow"},
        ),
        _respec(
            "constraint-constrained-variable-missing",
            RESTART,
            "CONSTRAINT_VIOLATED",
            vars=namespace,
        ),
        _respec(
            "preapproval-id-not-found",
            RESTART,
            "PREAPPROVAL_NOT_FOUND",
            preapproval=("pa-missing-9999", 1),
        ),
        _respec(
            "preapproved-command-template-hash-changed",
            RESTART,
            "PREAPPROVAL_TEMPLATE_MISMATCH",
            template=template("kubectl-rollout-restart", "3.3.0"),
        ),
        _respec(
            "preapproved-adhoc-kubectl-without-template",
            "cmd-kubectl-adhoc",
            "PREAPPROVAL_TEMPLATE_MISMATCH",
            preapproval=(PA_RESTART, 2),
        ),
        _respec(
            "fully-preapprove-release-under-commands-only",
            RESTART,
            "PREAPPROVAL_LEVEL",
            check="outputApproval",
            preapproved_release=True,
        ),
    ]


def _release_names_other_preapproval() -> Case:
    # Rule 14: the release's preApprovalId equals the approval's.
    export = mixed()
    edit_manifest(
        export, LOGS, "release", preApprovalId=PA_RESTART, approver=f"preapproval:{PA_RESTART}"
    )
    also = ("PREAPPROVAL_LEVEL",)
    failure = fail(seq_of(export, LOGS), "outputApproval", "BINDING_MISMATCH", also)
    return Case("release-preapproved-names-other-preapproval", render(seal(export)), (failure,))


def _self_release_of_manual_command() -> Case:
    # The appliance releasing the output of a command a person approved: no pre-approval
    # of level FullyPreApprove stands behind it.
    export = mixed()
    record = find(export, "cmd-script-diag")
    manifest = dict(record["release"]["manifest"])
    manifest.update(mode="preapproved", preApprovalId=PA_LOGS, approver=f"preapproval:{PA_LOGS}")
    record["release"] = envelope(manifest, APPLIANCE_A)
    also = ("BINDING_MISMATCH", "KEY_WRONG_ROLE")
    failure = fail(seq_of(export, "cmd-script-diag"), "outputApproval", "PREAPPROVAL_LEVEL", also)
    return Case(
        "release-preapproved-on-manually-approved-command", render(seal(export)), (failure,)
    )


def _run_index_reused() -> Case:
    export = mixed()
    again = _spec(
        RESTART,
        command_id="cmd-preapproved-restart-again",
        name="restart-again",
        submitted=14 * HOUR + 1800,
    )
    export.records.insert(index_of(export, RESTART) + 1, command(again))
    seq = seq_of(export, again.command_id)
    return Case("run-index-reused", render(seal(export)), (fail(seq, PRE, "RUN_INDEX_REUSED"),))


def _revoked_before_decision() -> Case:
    # The revocation sits after the command in the file; it still takes effect.
    export = mixed()
    edit_manifest(export, f"revocation:{PA_RESTART}", None, revokedAt=at(14 * HOUR))
    failure = fail(seq_of(export, RESTART), PRE, "PREAPPROVAL_REVOKED")
    return Case("preapproval-revoked-before-decision", render(seal(export)), (failure,))


def _release_after_revocation() -> Case:
    export = mixed()
    export.records.append(revocation(PA_LOGS, 15 * HOUR + 200))
    # Spec rule 14 is about the release; which check name carries it is not specified.
    failure = fail(seq_of(export, LOGS), PRE, "PREAPPROVAL_REVOKED")
    return Case("fully-preapproved-release-after-revocation", render(seal(export)), (failure,))


def _duplicate_id() -> Case:
    export = mixed()
    export.records.insert(2, preapproval(restart_preapproval(max_runs=100, signed_at=-DAY_HALF)))
    failure = fail(export.first_seq + 2, PRE, "PREAPPROVAL_DUPLICATE_ID")
    return Case("preapproval-id-duplicated", render(seal(export)), (failure,))


DAY_HALF = 12 * HOUR


def _unpinned_preapproval() -> Case:
    export = mixed()
    resign(find(export, PA_LOGS), MALLORY)
    failures = (
        fail(seq_of(export, PA_LOGS), PRE, "KEY_NOT_TRUSTED"),
        fail(seq_of(export, LOGS), PRE, "PREAPPROVAL_INVALID"),
    )
    return Case("preapproval-signed-by-unpinned-key-used", render(seal(export)), failures)


def _other_appliance() -> Case:
    export = mixed()
    edit_manifest(export, PA_LOGS, None, applianceId="appl-other")
    failure = fail(seq_of(export, PA_LOGS), PRE, "APPLIANCE_MISMATCH")
    return Case("preapproval-for-other-appliance", render(seal(export)), (failure,))


def _side_file_not_given() -> Case:
    export = from_seq_41()
    failure = fail(41, PRE, "PREAPPROVAL_NOT_FOUND")
    return Case("from-seq-41-without-preapprovals-file", render(seal(export)), (failure,))


def preapproval_side_cases() -> list[Case]:
    return [
        _edit_pre(
            "preapproval-window-starts-after-decision",
            "PREAPPROVAL_OUT_OF_WINDOW",
            notBefore=at(15 * HOUR),
        ),
        _edit_pre(
            "preapproval-window-ends-before-decision",
            "PREAPPROVAL_OUT_OF_WINDOW",
            notAfter=at(14 * HOUR),
        ),
        _edit_pre(
            "preapproval-signed-after-use", "PREAPPROVAL_SIGNED_LATE", signedAt=at(14 * HOUR + 120)
        ),
        _edit_pre(
            "preapproval-template-hash-differs",
            "PREAPPROVAL_TEMPLATE_MISMATCH",
            templateContentSha256=template("kubectl-rollout-restart", "9.9.9")["contentSha256"],
        ),
        _edit_pre(
            "preapproval-template-id-differs",
            "PREAPPROVAL_TEMPLATE_MISMATCH",
            templateId="kubectl-scale",
        ),
        _run_index_reused(),
        _release_names_other_preapproval(),
        _self_release_of_manual_command(),
        _revoked_before_decision(),
        _release_after_revocation(),
        _duplicate_id(),
        _unpinned_preapproval(),
        _other_appliance(),
        _side_file_not_given(),
    ]


def all_cases() -> list[Case]:
    return command_side_cases() + preapproval_side_cases()
