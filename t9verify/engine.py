"""The verification pipeline: ``evaluate()`` returns a report, ``verify()`` raises.

1. the header (line 1); 2. a first pass that checks the file is UTF-8 and collects the
pre-approvals and revocations (they may sit anywhere, rule 13); 3. a second pass where
lines are checked one by one (in parallel with ``--jobs``) and the chain in order; 4. the
checkpoint and the auditor's anchors. Records are handed to a sink as they are decided,
so memory stays flat however long the export is.
"""

from __future__ import annotations

import dataclasses
import itertools
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from t9verify import accept, preapproval_table
from t9verify.checks.chain import Anchors, ChainWalker
from t9verify.checks.header import read_header
from t9verify.context import HeaderFacts, VerifyContext
from t9verify.errors import BadArguments, UnreadableExport, VerificationFailed
from t9verify.jsonstrict import DEFAULT_MAX_LINE_BYTES, StrictJsonError, loads_strict
from t9verify.lines import LineOutcome, evaluate_chunk, evaluate_lines, from_wire, init_worker
from t9verify.pins import Pins
from t9verify.reader import check_utf8, iter_lines, open_export
from t9verify.reasons import Reason
from t9verify.results import (
    FAIL,
    PENDING,
    UNSIGNED_LEGACY,
    Check,
    RecordResult,
    Summary,
    VerificationReport,
    fail,
)

RecordSink = Callable[[RecordResult], None]


@dataclasses.dataclass(frozen=True, slots=True)
class VerifyOptions:
    export: Path
    pins: Pins = dataclasses.field(default_factory=Pins)
    strict: bool = False
    jobs: int | None = None  # None: all cores
    preapprovals: Path | None = None
    expect_head: str | None = None
    expect_count: int | None = None
    after: Path | None = None
    backend: str | None = None
    max_line_bytes: int = DEFAULT_MAX_LINE_BYTES


def evaluate(
    options: VerifyOptions,
    sink: RecordSink | None = None,
    progress: Callable[[int], None] | None = None,
) -> VerificationReport:
    """Verify an export; never raises for what the export holds (only for unreadable input)."""
    if accept.chosen_path() not in accept.PATHS:
        names = ", ".join(accept.PATHS)
        raise BadArguments(f"{accept.ACCEPT_ENV}={accept.chosen_path()!r}: choose from {names}")
    collected: list[RecordResult] = []
    emit = sink or collected.append
    identity = _identity(options.export)
    header, header_checks = _read_header(options)
    base = VerifyContext(options.pins, header, options.strict, options.backend)
    first = preapproval_table.build(base, options)
    ctx = dataclasses.replace(base, preapprovals=first.table)
    anchors = _anchors(options, ctx)
    walker = ChainWalker(header, header_checks + list(anchors[1]), anchors[0])
    tally = _Tally()
    for result in first.file_results:
        tally.add(result)
        emit(result)
    for index, outcome in enumerate(_outcomes(ctx, first.chunks, options), start=1):
        for result in walker.feed(outcome):
            tally.add(result)
            emit(result)
        if progress is not None and index % 1000 == 0:
            progress(index)
    if _identity(options.export) != identity:
        raise UnreadableExport(f"{options.export} changed while it was being verified")
    tail, chain = walker.finish()
    for result in tail:
        tally.add(result)
        emit(result)
    ok = chain.status != FAIL and tally.failed == 0
    summary = Summary(
        tally.records,
        tally.passed,
        tally.failed,
        tally.legacy,
        tally.pending,
        options.pins.unpinned,
    )
    return VerificationReport(ok, options.strict, summary, chain, tuple(collected))


def verify(options: VerifyOptions) -> VerificationReport:
    """Like ``evaluate`` but raises ``VerificationFailed`` with the first failed check."""
    report = evaluate(options)
    if report.ok:
        return report
    for record in report.records:
        for check in record.checks:
            if check.status == FAIL:
                message = f"{record.label}: {check.name}: {check.reason}"
                raise VerificationFailed(message, Reason(check.code or "LINE_MALFORMED"))
    for check in report.chain.checks:
        if check.status == FAIL:
            message = f"chain: {check.reason}"
            raise VerificationFailed(message, Reason(check.code or "LINE_MALFORMED"))
    raise VerificationFailed("verification failed", Reason.LINE_MALFORMED)  # pragma: no cover


class _Tally:
    def __init__(self) -> None:
        self.records = self.passed = self.failed = self.legacy = self.pending = 0

    def add(self, result: RecordResult) -> None:
        self.records += 1
        if result.result == FAIL:
            self.failed += 1
        elif result.result == UNSIGNED_LEGACY:
            self.legacy += 1
        elif result.result == PENDING:
            self.pending += 1
        else:
            self.passed += 1


def _read_header(options: VerifyOptions) -> tuple[HeaderFacts, list[Check]]:
    """Line 1 (the first pass then checks that the whole file is UTF-8 text, rule 15)."""
    with open_export(options.export) as handle:
        first: bytes | None = b""
        seen = False
        for number, raw in iter_lines(handle, options.max_line_bytes):
            check_utf8(options.export, raw, number)
            first, seen = raw, True
            break
    if not seen:
        return HeaderFacts(valid=False), [
            fail("chain", Reason.HEADER_INVALID, "the export is empty: no header")
        ]
    if first is None:
        return HeaderFacts(valid=False), [
            fail("chain", Reason.HEADER_INVALID, "the header line is too large")
        ]
    try:
        value = loads_strict(first.decode("utf-8"), max_bytes=options.max_line_bytes)
    except StrictJsonError as exc:
        return HeaderFacts(valid=False), [
            fail("chain", Reason.HEADER_INVALID, f"header: {exc.message}")
        ]
    return read_header(value)


def _anchors(options: VerifyOptions, ctx: VerifyContext) -> tuple[Anchors, list[Check]]:
    checks: list[Check] = []
    last_seq = head = None
    if options.after is not None:
        from t9verify.after import read_old_checkpoint

        last_seq, head, checks = read_old_checkpoint(ctx, options.after, options.max_line_bytes)
    anchors = Anchors(options.expect_head, options.expect_count, last_seq, head)
    return anchors, checks


def _identity(path: Path) -> tuple[int, int, int, int]:
    """What tells a changed file: both passes must read the same bytes."""
    try:
        stat = path.stat()
    except OSError as exc:
        raise UnreadableExport(f"cannot open {path}: {exc.strerror or exc}") from None
    return stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns


def _outcomes(
    ctx: VerifyContext, chunks: tuple[preapproval_table.Chunk, ...], options: VerifyOptions
) -> Iterator[LineOutcome]:
    """Every line after the header, in order; with ``--jobs`` N > 1, chunks of lines are
    checked by N worker processes that read them from the file themselves."""
    jobs = options.jobs or os.cpu_count() or 1
    if jobs <= 1 or len(chunks) <= 1:
        with open_export(options.export) as handle:
            lines = itertools.islice(iter_lines(handle, options.max_line_bytes), 1, None)
            yield from evaluate_lines(ctx, lines, options.max_line_bytes)
        return
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    with ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=multiprocessing.get_context(method),
        initializer=init_worker,
        initargs=(ctx, options.export, options.max_line_bytes),
    ) as pool:
        # Bounded: a few chunks per worker in flight, results taken back in order.
        in_flight: deque[Future[list[tuple[Any, ...]]]] = deque()
        try:
            for chunk in chunks:
                in_flight.append(pool.submit(evaluate_chunk, chunk))
                if len(in_flight) > 2 * jobs:
                    yield from map(from_wire, in_flight.popleft().result())
            while in_flight:
                yield from map(from_wire, in_flight.popleft().result())
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
