"""What each lifecycle state requires (spec "What each lifecycle requires", rules 3, 9, 10)."""

from __future__ import annotations

import dataclasses
from typing import Any

from t9verify import timefmt
from t9verify.reasons import Reason
from t9verify.results import Check, fail

IN_FLIGHT = (
    "Submitted",
    "CmdApproving",
    "CmdApproved",
    "Executing",
    "Executed",
    "OutputApproving",
    "Cancelling",
)
TERMINAL = ("Completed", "CmdRejected", "OutputRejected", "ExecutionFailed", "Cancelled", "Timeout")
STATES = IN_FLIGHT + TERMINAL

ABSENT = "absent"
REQUIRED = "required"
OPTIONAL = "optional"


@dataclasses.dataclass(frozen=True, slots=True)
class Requirement:
    approval: str  # absent | required | optional
    approval_decision: str | None  # "approve" / "reject" when present
    integrity: str
    release: str
    release_decision: str | None
    exit_code: str  # "zero", "nonzero-or-null", "any"


_NONE = Requirement(ABSENT, None, ABSENT, ABSENT, None, "any")
_APPROVED = Requirement(REQUIRED, "approve", ABSENT, ABSENT, None, "any")
_EXECUTED = Requirement(REQUIRED, "approve", REQUIRED, ABSENT, None, "zero")
_CANCELLED = Requirement(OPTIONAL, "approve", OPTIONAL, ABSENT, None, "any")

REQUIREMENTS: dict[str, Requirement] = {
    "Completed": Requirement(REQUIRED, "approve", REQUIRED, REQUIRED, "release", "zero"),
    "OutputRejected": Requirement(REQUIRED, "approve", REQUIRED, REQUIRED, "reject", "zero"),
    "ExecutionFailed": Requirement(REQUIRED, "approve", REQUIRED, ABSENT, None, "nonzero-or-null"),
    "CmdRejected": Requirement(REQUIRED, "reject", ABSENT, ABSENT, None, "any"),
    "Cancelled": _CANCELLED,
    "Cancelling": _CANCELLED,
    "Timeout": _NONE,
    "Submitted": _NONE,
    "CmdApproving": _NONE,
    "CmdApproved": _APPROVED,
    "Executing": _APPROVED,
    "Executed": _EXECUTED,
    "OutputApproving": _EXECUTED,
}


def presence_checks(requirement: Requirement, lifecycle: str, slots: dict[str, Any]) -> list[Check]:
    """Each envelope present or absent as the lifecycle demands."""
    wanted = {
        "commandApproval": requirement.approval,
        "outputIntegrity": requirement.integrity,
        "outputApproval": requirement.release,
    }
    problems = []
    for name, rule in wanted.items():
        present = slots[name] is not None
        if rule == REQUIRED and not present:
            reason = f"{name} is required in lifecycle {lifecycle}"
            problems.append(fail(name, Reason.ENVELOPE_REQUIRED, reason))
        elif rule == ABSENT and present:
            reason = f"{name} must be absent in lifecycle {lifecycle}"
            problems.append(fail(name, Reason.ENVELOPE_FORBIDDEN, reason))
    return problems


def exit_code_problem(requirement: Requirement, lifecycle: str, exit_code: Any) -> str | None:
    """Rule 9: what the lifecycle says about outputIntegrity.exitCode."""
    if requirement.exit_code == "zero" and exit_code != 0:
        return f"exitCode: expected 0 in lifecycle {lifecycle}, actual {exit_code!r}"
    if requirement.exit_code == "nonzero-or-null" and exit_code == 0:
        return f"exitCode: expected non-zero or null in lifecycle {lifecycle}, actual 0"
    return None


def transitions_problem(record: dict[str, Any]) -> str | None:
    """Rule 3: starts with Submitted at submittedAt, never goes back in time, ends at lifecycle."""
    transitions = record["transitions"]
    if not transitions:
        return "transitions is empty"
    first = transitions[0]
    if first["state"] != "Submitted" or first["at"] != record["submittedAt"]:
        return (
            f"first transition: expected Submitted at {record['submittedAt']}, "
            f"actual {first['state']} at {first['at']}"
        )
    previous = timefmt.parse_ms(first["at"])
    for index, step in enumerate(transitions[1:], start=1):
        instant = timefmt.parse_ms(step["at"])
        if previous is None or instant is None or instant < previous:
            return f"transitions[{index}].at {step['at']} is before the transition before it"
        previous = instant
    last = transitions[-1]["state"]
    if last != record["lifecycle"]:
        return f"last transition: expected {record['lifecycle']}, actual {last}"
    return None
