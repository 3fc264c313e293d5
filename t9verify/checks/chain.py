"""The chain, checked in order in one process (spec "Chain checks", rules 4, 11, 12).

It receives every line's outcome in file order and decides what needs order: consecutive
``seq``, ``prev`` links, the verified ranges, legacy records after a signed one, run
indexes used twice, the checkpoint's agreement with what was read, and the auditor's
``--expect-head``, ``--expect-count`` and ``--after`` anchors. Per-record state is a few
integers and hashes; run indexes are kept per pre-approval.
"""

from __future__ import annotations

import dataclasses

from t9verify.checks.header import CheckpointFacts
from t9verify.context import HeaderFacts
from t9verify.lines import LineOutcome
from t9verify.reasons import Reason
from t9verify.results import FAIL, PASS, ChainResult, Check, RecordResult, SeqRange, fail

# Memory stays bounded whatever an export holds: past this many breaks, the chain result
# stops listing them (each one is still reported on its own record).
MAX_LISTED = 10_000


@dataclasses.dataclass(frozen=True, slots=True)
class Anchors:
    expect_head: str | None = None
    expect_count: int | None = None
    after_last_seq: int | None = None  # from --after OLD's checkpoint
    after_head: str | None = None


class ChainWalker:
    def __init__(self, header: HeaderFacts, header_checks: list[Check], anchors: Anchors) -> None:
        self.header = header
        self.anchors = anchors
        self.checks: list[Check] = list(header_checks)
        self.expected_seq = header.first_seq
        self.expected_prev = header.prev_head
        self.count = 0
        self.ranges: list[list[int]] = []
        self.last_seq: int | None = None
        self.last_hash: str | None = None
        self.signed_seen = False
        self.run_uses: dict[str, set[int]] = {}
        # Hashes, not the ids: one int per command keeps memory small on long exports.
        self.command_ids: set[int] = set()
        self.held: LineOutcome | None = None
        self.after_matched = (
            anchors.after_last_seq is not None
            and header.first_seq == anchors.after_last_seq + 1
            and header.prev_head == anchors.after_head
        )

    def feed(self, outcome: LineOutcome) -> list[RecordResult]:
        """The records that can be reported now (a checkpoint waits to see if it is last)."""
        emitted: list[RecordResult] = []
        if self.held is not None:
            emitted.append(self._not_last(self.held))
            self.held = None
        if outcome.type == "checkpoint":
            self.held = outcome
            return emitted
        self.count += 1
        extra = self._link(outcome) + self._order_rules(outcome)
        emitted.append(_result(outcome, extra))
        return emitted

    def _not_last(self, outcome: LineOutcome) -> RecordResult:
        self.count += 1
        reason = f"a checkpoint at line {outcome.line} is followed by more lines"
        check = fail("chain", Reason.CHECKPOINT_NOT_LAST, reason)
        self._break(check)
        return _result(outcome, [check])

    def _link(self, outcome: LineOutcome) -> list[Check]:
        problems: list[Check] = []
        if outcome.seq is None or outcome.record_hash is None:
            if self.expected_seq is not None or self.expected_prev is not None:
                reason = f"line {outcome.line} has no readable seq: the chain cannot be followed"
                problems.append(fail("chain", Reason.SEQ_NOT_CONSECUTIVE, reason))
            self.expected_seq = self.expected_prev = None
            self._close_range()
            for problem in problems:
                self._break(problem)
            return problems
        if self.expected_seq is not None and outcome.seq != self.expected_seq:
            reason = f"seq: expected {self.expected_seq}, actual {outcome.seq}"
            problems.append(fail("chain", Reason.SEQ_NOT_CONSECUTIVE, reason))
        if self.expected_prev is not None and outcome.prev != self.expected_prev:
            reason = f"prev: expected {self.expected_prev}, actual {outcome.prev}"
            problems.append(fail("chain", Reason.PREV_MISMATCH, reason))
        if problems or self._closed:
            self._open_range(outcome.seq)
        if self.ranges:
            self.ranges[-1][1] = outcome.seq
        self.expected_seq, self.expected_prev = outcome.seq + 1, outcome.record_hash
        self.last_seq, self.last_hash = outcome.seq, outcome.record_hash
        self._after(outcome)
        for problem in problems:
            self._break(problem)
        return problems

    _closed = True
    unlisted_breaks = 0
    ranges_dropped = False

    def _break(self, check: Check) -> None:
        """Breaks are listed up to a bound (each is also on its record, streamed)."""
        if len(self.checks) < MAX_LISTED:
            self.checks.append(check)
        else:
            self.unlisted_breaks += 1

    def _open_range(self, seq: int) -> None:
        self._closed = False
        if self.ranges_dropped:
            return
        if len(self.ranges) < MAX_LISTED:
            self.ranges.append([seq, seq])
        else:
            # Past the bound a partial list would mislead: no range is listed at all.
            self.ranges.clear()
            self.ranges_dropped = True

    def _close_range(self) -> None:
        self._closed = True

    def _after(self, outcome: LineOutcome) -> None:
        if self.anchors.after_last_seq is not None and outcome.seq == self.anchors.after_last_seq:
            self.after_matched = outcome.record_hash == self.anchors.after_head

    def _order_rules(self, outcome: LineOutcome) -> list[Check]:
        problems: list[Check] = []
        if outcome.legacy and self.signed_seen:
            reason = "legacy record after a record that carries a signature"
            problems.append(fail("record", Reason.LEGACY_AFTER_SIGNED, reason))
        self.signed_seen = self.signed_seen or outcome.signed
        if outcome.command_id is not None:
            key = hash(outcome.command_id)
            if key in self.command_ids:
                reason = f"commandId {outcome.command_id[:80]!r} was used by an earlier record"
                problems.append(fail("record", Reason.COMMAND_ID_REUSED, reason))
            self.command_ids.add(key)
        if outcome.run_use is not None:
            pre_id, run_index = outcome.run_use
            used = self.run_uses.setdefault(pre_id, set())
            if run_index in used:
                reason = f"runIndex {run_index} of pre-approval {pre_id!r} is already used"
                problems.append(fail("preApproval", Reason.RUN_INDEX_REUSED, reason))
            used.add(run_index)
        return problems

    def finish(self) -> tuple[list[RecordResult], ChainResult]:
        """Close the chain: the checkpoint, emptiness and the auditor's anchors."""
        facts = None
        emitted: list[RecordResult] = []
        if self.held is None:
            self.checks.append(fail("chain", Reason.CHECKPOINT_MISSING, "no checkpoint at the end"))
        else:
            self.checks.extend(self.held.checks)
            facts = self.held.checkpoint
        if self.count == 0:
            self.checks.append(fail("chain", Reason.EXPORT_EMPTY, "the export holds no records"))
        if facts is not None:
            self.checks.extend(self._checkpoint_agrees(facts))
        self.checks.extend(self._anchor_checks(facts))
        if self.unlisted_breaks:
            reason = f"and {self.unlisted_breaks} more chain breaks, reported on their records"
            self.checks.append(fail("chain", Reason.SEQ_NOT_CONSECUTIVE, reason))
        status = FAIL if any(check.status == FAIL for check in self.checks) else PASS
        chain = ChainResult(
            status=status,
            first_seq=self.ranges[0][0] if self.ranges else None,
            last_seq=self.last_seq,
            head=self.last_hash,
            count=self.count,
            verified_ranges=tuple(SeqRange(a, b) for a, b in self.ranges),
            checks=tuple(self.checks),
        )
        return emitted, chain

    def _checkpoint_agrees(self, facts: CheckpointFacts) -> list[Check]:
        problems = []
        for field, expected, actual in (
            ("lastSeq", self.last_seq, facts.last_seq),
            ("head", self.last_hash, facts.head),
            ("count", self.count, facts.count),
            ("checkpoint prev", self.last_hash, facts.prev),
            ("checkpoint seq", None if self.last_seq is None else self.last_seq + 1, facts.seq),
        ):
            if expected != actual:
                reason = f"{field}: expected {expected}, actual {actual}"
                problems.append(fail("chain", Reason.CHECKPOINT_MISMATCH, reason))
        return problems

    def _anchor_checks(self, facts: CheckpointFacts | None) -> list[Check]:
        problems = []
        anchors = self.anchors
        if anchors.expect_head is not None:
            actual = facts.head if facts else self.last_hash
            if actual != anchors.expect_head or self.last_hash != anchors.expect_head:
                reason = f"head: expected {anchors.expect_head}, actual {self.last_hash}"
                problems.append(fail("chain", Reason.EXPECTED_HEAD_MISMATCH, reason))
        if anchors.expect_count is not None:
            actual_count = facts.count if facts else self.count
            if actual_count != anchors.expect_count or self.count != anchors.expect_count:
                reason = f"count: expected {anchors.expect_count}, actual {self.count}"
                problems.append(fail("chain", Reason.EXPECTED_COUNT_MISMATCH, reason))
        if anchors.after_last_seq is not None and not self.after_matched:
            reason = (
                f"the export does not hold the earlier export's head {anchors.after_head} "
                f"at seq {anchors.after_last_seq}"
            )
            problems.append(fail("chain", Reason.NOT_AN_EXTENSION, reason))
        return problems


def _result(outcome: LineOutcome, extra: list[Check]) -> RecordResult:
    checks = outcome.checks + tuple(extra)
    result = FAIL if extra and any(c.status == FAIL for c in extra) else outcome.result
    return RecordResult(outcome.line, outcome.seq, outcome.type, outcome.name, result, checks)
