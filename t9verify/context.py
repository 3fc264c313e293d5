"""What every record check needs to know, built once before records are read.

It crosses process boundaries (``--jobs``), so it holds only plain, picklable data: the
pins, the header facts, the mode, and the pre-approval table found by the first pass.
"""

from __future__ import annotations

import dataclasses

from t9verify.pins import Pins, Window


@dataclasses.dataclass(frozen=True, slots=True)
class HeaderFacts:
    valid: bool
    appliance_id: str | None = None
    first_seq: int | None = None
    prev_head: str | None = None
    appliance_keys: tuple[tuple[bytes, Window], ...] = ()


@dataclasses.dataclass(frozen=True, slots=True)
class PreApprovalEntry:
    """One pre-approval as found in the export or ``--preapprovals FILE``."""

    pre_approval_id: str
    where: str
    problem: str | None  # why it is not valid (signature, pin, fields), None when valid
    appliance_id: str = ""
    template_id: str = ""
    template_sha: str = ""
    level: str = ""
    max_runs: int = 0
    not_before: int = 0
    not_after: int = 0
    signed_at: int = 0
    constraints: tuple[tuple[str, tuple[str, ...]], ...] = ()
    signer: tuple[str | None, str | None, str | None, str | None] = (None, None, None, None)
    """(trust anchor, fingerprint, approver, signedAt) of the pre-approval's signature."""


@dataclasses.dataclass(frozen=True, slots=True)
class PreApprovalTable:
    entries: dict[str, tuple[PreApprovalEntry, ...]] = dataclasses.field(default_factory=dict)
    revoked_at: dict[str, tuple[int, ...]] = dataclasses.field(default_factory=dict)

    def revoked_by(self, pre_approval_id: str, instant: int) -> int | None:
        """The earliest valid revocation in effect at ``instant`` (rule 13), if any."""
        times = [t for t in self.revoked_at.get(pre_approval_id, ()) if t <= instant]
        return min(times) if times else None


@dataclasses.dataclass(frozen=True, slots=True)
class VerifyContext:
    pins: Pins
    header: HeaderFacts
    strict: bool = False
    backend: str | None = None
    preapprovals: PreApprovalTable = dataclasses.field(default_factory=PreApprovalTable)
