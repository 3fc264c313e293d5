"""Verification results as data: per-check, per-record and chain results, and the report.

Reporters render these; nothing here prints. Check names: ``commandApproval``,
``outputIntegrity``, ``outputApproval``, ``preApproval``, ``chain``, ``record``.
"""

from __future__ import annotations

import dataclasses

from t9verify.reasons import Reason

PASS = "PASS"
FAIL = "FAIL"
UNSIGNED_LEGACY = "UNSIGNED_LEGACY"
PENDING = "PENDING"


# Check and RecordResult are built for every record of long exports: they are not frozen
# (a frozen dataclass is about five times slower to build), but nothing changes them.


@dataclasses.dataclass(slots=True)
class Check:
    name: str
    status: str  # PASS or FAIL
    code: str | None = None
    reason: str | None = None
    trust_anchor: str | None = None
    fingerprint: str | None = None
    signed_by: str | None = None
    signed_at: str | None = None


def fail(name: str, code: Reason, reason: str) -> Check:
    return Check(name, FAIL, code.value, reason)


def differs(field: str, expected: object, actual: object) -> str:
    """A reason stating expected and actual values (shortened when long)."""
    return f"{field}: expected {_short(expected)}, actual {_short(actual)}"


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 120 else text[:117] + "..."


@dataclasses.dataclass(slots=True)
class RecordResult:
    line: int
    seq: int | None
    type: str | None
    name: str | None  # commandName, or a label for pre-approvals and revocations
    result: str
    checks: tuple[Check, ...]
    source: str = "export"  # or "preapprovals" for --preapprovals FILE lines

    @property
    def label(self) -> str:
        where = f"seq {self.seq}" if self.seq is not None else f"line {self.line}"
        if self.source != "export":
            where = f"{self.source} line {self.line}"
        return f"{self.name or self.type or 'record'} ({where})"


@dataclasses.dataclass(frozen=True, slots=True)
class SeqRange:
    first: int
    last: int


@dataclasses.dataclass(frozen=True, slots=True)
class ChainResult:
    status: str
    first_seq: int | None
    last_seq: int | None
    head: str | None
    count: int
    verified_ranges: tuple[SeqRange, ...]
    checks: tuple[Check, ...]


@dataclasses.dataclass(frozen=True, slots=True)
class Summary:
    records: int
    passed: int
    failed: int
    unsigned_legacy: int
    pending: int
    unpinned: bool


@dataclasses.dataclass(frozen=True, slots=True)
class VerificationReport:
    ok: bool
    strict: bool
    summary: Summary
    chain: ChainResult
    records: tuple[RecordResult, ...]  # empty when records were streamed to a sink
