"""Reporters, chosen by name: ``text`` and ``json``. They stream records as they come.

``start`` / ``record`` / ``finish``: text prints one line per record at once; json spools
records to a temporary file and writes the whole document (ok and summary first) at the
end, with a fixed key order, so memory stays flat for long exports.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from typing import IO, Any, Protocol

from t9verify.results import FAIL, ChainResult, Check, RecordResult, VerificationReport

_MAX_REASONS_SHOWN = 20


class Reporter(Protocol):
    def record(self, result: RecordResult) -> None: ...

    def finish(self, report: VerificationReport) -> None: ...

    def close(self) -> None: ...


def check_json(check: Check) -> dict[str, Any]:
    return {
        "name": check.name,
        "status": check.status,
        "code": check.code,
        "reason": check.reason,
        "trustAnchor": check.trust_anchor,
        "signerPublicKeyFingerprint": check.fingerprint,
        "signedBy": check.signed_by,
        "signedAt": check.signed_at,
    }


def record_json(result: RecordResult) -> dict[str, Any]:
    return {
        "seq": result.seq,
        "line": result.line,
        "source": result.source,
        "type": result.type,
        "commandName": result.name if result.type == "command" else None,
        "label": result.label,
        "result": result.result,
        "checks": [check_json(check) for check in result.checks],
    }


def chain_json(chain: ChainResult) -> dict[str, Any]:
    return {
        "status": chain.status,
        "firstSeq": chain.first_seq,
        "lastSeq": chain.last_seq,
        "head": chain.head,
        "count": chain.count,
        "verifiedRanges": [{"from": r.first, "to": r.last} for r in chain.verified_ranges],
        "checks": [check_json(check) for check in chain.checks],
    }


def report_head_json(report: VerificationReport) -> dict[str, Any]:
    summary = report.summary
    return {
        "ok": report.ok,
        "strict": report.strict,
        "summary": {
            "records": summary.records,
            "passed": summary.passed,
            "failed": summary.failed,
            "unsignedLegacy": summary.unsigned_legacy,
            "pending": summary.pending,
            "unpinned": summary.unpinned,
        },
        "chain": chain_json(report.chain),
    }


class JsonReporter:
    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.spool: IO[str] | None = None
        self.count = 0

    def record(self, result: RecordResult) -> None:
        if self.spool is None:
            # Closed in close(); a context manager cannot span the record() calls.
            self.spool = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
        if self.count:
            self.spool.write(",")
        self.spool.write(json.dumps(record_json(result), ensure_ascii=False))
        self.count += 1

    def finish(self, report: VerificationReport) -> None:
        head = json.dumps(report_head_json(report), ensure_ascii=False)
        self.out.write(head[:-1] + ',"records":[')
        if self.spool is not None:
            self.spool.seek(0)
            while chunk := self.spool.read(1 << 20):
                self.out.write(chunk)
        self.out.write("]}\n")
        self.close()

    def close(self) -> None:
        if self.spool is not None:
            self.spool.close()
            self.spool = None


def _range_text(chain: ChainResult) -> str:
    ranges = ", ".join(f"{r.first}..{r.last}" for r in chain.verified_ranges)
    return ranges or "none"


class TextReporter:
    def __init__(self, out: IO[str]) -> None:
        self.out = out

    def record(self, result: RecordResult) -> None:
        if result.result != FAIL:
            self.out.write(f"[{result.result}] {result.label}\n")
            return
        failures = [c for c in result.checks if c.status == FAIL]
        shown = "; ".join(f"{c.name}: {c.reason} [{c.code}]" for c in failures)
        self.out.write(f"[FAIL] {result.label}: {shown}\n")

    def close(self) -> None:
        """Nothing held: lines were written as they came."""

    def finish(self, report: VerificationReport) -> None:
        chain = report.chain
        failures = [c for c in chain.checks if c.status == FAIL]
        if chain.status == FAIL:
            shown = "; ".join(f"{c.reason} [{c.code}]" for c in failures[:_MAX_REASONS_SHOWN])
            more = len(failures) - _MAX_REASONS_SHOWN
            if more > 0:
                shown += f"; and {more} more"
            self.out.write(f"[FAIL] chain: {shown}; verified seq {_range_text(chain)}\n")
        else:
            self.out.write(
                f"[PASS] chain: seq {_range_text(chain)}, {chain.count} records, "
                f"head {chain.head}\n"
            )
        summary = report.summary
        counts = (
            f"{summary.records} records: {summary.passed} passed, {summary.failed} failed, "
            f"{summary.unsigned_legacy} unsigned legacy, {summary.pending} pending"
        )
        if summary.unpinned:
            counts += "; no pins given: keys were NOT checked against trust anchors (unpinned)"
        verdict = "VERIFIED" if report.ok else "FAILED"
        self.out.write(f"{verdict}: {counts}\n")


REPORTERS: dict[str, Callable[[IO[str]], Reporter]] = {
    "text": TextReporter,
    "json": JsonReporter,
}


def reporter(name: str, out: IO[str]) -> Reporter:
    return REPORTERS[name](out)
