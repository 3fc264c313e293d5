"""Tamper cases against the lifecycle: decisions and envelopes each state allows,
timeouts, modes, templates of ad-hoc commands, and the transitions list."""

from __future__ import annotations

from typing import Any

from av_build import render, seal
from av_cases import Case, edit_spec, fail, find, replace_command, seq_of
from av_keys import resign
from av_scenarios import mixed, mixed_specs
from av_tamper_meaning import (
    APPROVAL,
    INTEGRITY,
    RELEASE,
    TF,
    one,
    record_edit,
    resigned,
    respec,
)


def approval_lifecycle_cases() -> list[Case]:
    return [
        resigned(
            "approval-reject-on-completed-resigned",
            TF,
            "approval",
            APPROVAL,
            "DECISION_MISMATCH",
            decision="reject",
        ),
        resigned(
            "approval-approve-on-cmd-rejected-resigned",
            "cmd-cmd-rejected",
            "approval",
            APPROVAL,
            "DECISION_MISMATCH",
            decision="approve",
        ),
        resigned(
            "approval-decided-before-submitted-resigned",
            TF,
            "approval",
            APPROVAL,
            "TIME_ORDER",
            decidedAt="2026-01-10T08:59:59Z",
        ),
        # timeoutSeconds 30 while the approval came after 60 seconds.
        respec("approval-after-timeout", TF, APPROVAL, "APPROVAL_TIMED_OUT", timeout=30),
        record_edit(
            "approval-present-on-timeout",
            "cmd-timeout",
            APPROVAL,
            "ENVELOPE_FORBIDDEN",
            approval=find(mixed(), "cmd-cmd-rejected")["approval"],
        ),
        record_edit(
            "approval-present-on-submitted",
            "cmd-pending-submitted",
            APPROVAL,
            "ENVELOPE_FORBIDDEN",
            approval=find(mixed(), "cmd-cmd-rejected")["approval"],
        ),
        record_edit(
            "approval-missing-on-completed", TF, APPROVAL, "ENVELOPE_REQUIRED", approval=None
        ),
        record_edit(
            "approval-missing-on-executed",
            "cmd-pending-executed",
            APPROVAL,
            "ENVELOPE_REQUIRED",
            approval=None,
        ),
        _mode_missing(),
        _template_null_for_templated_type(),
        resigned(
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
    return one("approval-mode-missing-resigned", export, TF, APPROVAL, "FIELD_MISSING")


def envelope_state_cases() -> list[Case]:
    """Rule 10: in-flight states carry only the envelopes their state implies so far."""
    release = find(mixed(), TF)["release"]
    integrity = find(mixed(), TF)["outputIntegrity"]
    return [
        record_edit(
            "release-present-on-executed",
            "cmd-pending-executed",
            RELEASE,
            "ENVELOPE_FORBIDDEN",
            release=release,
        ),
        record_edit(
            "integrity-present-on-cmd-approved",
            "cmd-pending-approved",
            INTEGRITY,
            "ENVELOPE_FORBIDDEN",
            outputIntegrity=integrity,
        ),
        record_edit(
            "release-present-on-cancelled",
            "cmd-cancelled",
            RELEASE,
            "ENVELOPE_FORBIDDEN",
            release=release,
        ),
        record_edit(
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
    return one(name, export, TF, "record", "TRANSITIONS_INVALID")


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
        record_edit("lifecycle-unknown-state", TF, "record", "FIELD_VALUE", lifecycle="Done"),
        record_edit(
            "command-type-unknown", "cmd-kubectl-adhoc", "record", "FIELD_VALUE", commandType="Helm"
        ),
    ]


def all_cases() -> list[Case]:
    return approval_lifecycle_cases() + envelope_state_cases() + transition_cases()
