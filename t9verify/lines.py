"""One line of the export in, one ``LineOutcome`` out: the work that needs no other line.

This is what ``--jobs`` runs in parallel: strict parsing, the record hash, field checks,
signature checks and bindings. What needs order (seq, prev, legacy after signed, run-index
reuse, the checkpoint's agreement) is left to ``checks.chain`` in the main process.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import signal
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from t9verify import ed25519, jcs
from t9verify.accept import Accepted, accept_command
from t9verify.checks.command import check_command
from t9verify.checks.header import CheckpointFacts, read_checkpoint
from t9verify.checks.preapprovals import read_preapproval, read_revocation
from t9verify.context import VerifyContext
from t9verify.jsonstrict import StrictJsonError, loads_strict
from t9verify.reader import iter_lines, open_export
from t9verify.reasons import Reason
from t9verify.results import FAIL, PASS, Check, fail

RECORD_TYPES = ("command", "preapproval", "revocation", "checkpoint")
_SLOTS = ("approval", "outputIntegrity", "release")


@dataclasses.dataclass(slots=True)  # not frozen for speed, like results.Check
class LineOutcome:
    line: int
    type: str | None
    seq: int | None
    prev: str | None
    record_hash: str | None
    name: str | None
    result: str
    checks: tuple[Check, ...]
    signed: bool = False
    legacy: bool = False
    run_use: tuple[str, int] | None = None
    checkpoint: CheckpointFacts | None = None
    command_id: str | None = None


def _malformed(line: int, code: Reason, message: str) -> LineOutcome:
    return LineOutcome(line, None, None, None, None, None, FAIL, (fail("record", code, message),))


def parse_line(raw: bytes | None, max_bytes: int) -> tuple[Any, bool]:
    """The strictly parsed value and whether the line is pure ASCII (raises StrictJsonError)."""
    if raw is None:
        raise StrictJsonError(Reason.LINE_TOO_LARGE, f"line longer than {max_bytes} bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise StrictJsonError(Reason.LINE_MALFORMED, "line is not UTF-8") from None
    return loads_strict(text, max_bytes=max_bytes), text.isascii()


def record_hash(record: dict[str, Any], ascii_keys: bool) -> str:
    """``R(r) = H(r without its "attachments" member)``."""
    if "attachments" in record:
        record = {key: value for key, value in record.items() if key != "attachments"}
    return hashlib.sha256(jcs.canonical_parsed(record, ascii_keys=ascii_keys)).hexdigest()


def evaluate_line(ctx: VerifyContext, line: int, raw: bytes | None, max_bytes: int) -> LineOutcome:
    """Every check of one line that needs no other line; never raises for its content."""
    return next(evaluate_lines(ctx, [(line, raw)], max_bytes))


# Lines whose signatures wait to be verified together: at most this many, holding at most
# this many bytes of raw lines (kept to re-check a line on the reference path).
RUN_LINES = 256
RUN_BYTES = 4 * 1024 * 1024


def evaluate_lines(
    ctx: VerifyContext, numbered: Iterable[tuple[int, bytes | None]], max_bytes: int
) -> Iterator[LineOutcome]:
    """The outcome of every line, in order; never raises for their content.

    A command line whose every check passes is decided by ``accept`` once its signatures
    verify; any other line (and any line ``accept`` has a doubt about) by the reference path.
    """
    run: list[LineOutcome | tuple[int, bytes, Accepted]] = []
    held = 0
    for line, raw in numbered:
        try:
            accepted = accept_command(ctx, raw)
        except Exception:  # a doubt like any other: the reference path decides the line
            accepted = None
        if accepted is None or raw is None:
            run.append(evaluate_line_reference(ctx, line, raw, max_bytes))
        else:
            run.append((line, raw, accepted))
            held += len(raw)
        if len(run) >= RUN_LINES or held >= RUN_BYTES:
            yield from _settle(ctx, run, max_bytes)
            run, held = [], 0
    yield from _settle(ctx, run, max_bytes)


def _settle(
    ctx: VerifyContext, run: list[LineOutcome | tuple[int, bytes, Accepted]], max_bytes: int
) -> Iterator[LineOutcome]:
    """Verify the waiting signatures in one loop; a line with one that fails goes to the
    reference path, which says why."""
    verify = ed25519.backend(ctx.backend)
    for item in run:
        if isinstance(item, LineOutcome):
            yield item
            continue
        line, raw, (record, digest, checks, result, run_use, signatures) = item
        if not all(verify(key, signature, message) for key, signature, message in signatures):
            yield evaluate_line_reference(ctx, line, raw, max_bytes)
            continue
        signed = any(record[slot] is not None for slot in _SLOTS)
        yield LineOutcome(
            line,
            "command",
            record["seq"],
            record["prev"],
            digest,
            record["commandName"],
            result,
            checks,
            signed,
            False,
            run_use,
            None,
            record["commandId"],
        )


def evaluate_line_reference(
    ctx: VerifyContext, line: int, raw: bytes | None, max_bytes: int
) -> LineOutcome:
    """The reference path: every line, every check, every failure explained."""
    try:
        return _evaluate(ctx, line, raw, max_bytes)
    except (RecursionError, jcs.NotCanonicalisable) as exc:
        # Nesting deep enough to exhaust the stack (or a value JCS refuses) is malformed.
        return _malformed(line, Reason.LINE_MALFORMED, f"cannot be checked: {exc}"[:200])


def _evaluate(ctx: VerifyContext, line: int, raw: bytes | None, max_bytes: int) -> LineOutcome:
    try:
        record, ascii_keys = parse_line(raw, max_bytes)
    except StrictJsonError as exc:
        return _malformed(line, exc.code, exc.message)
    if not isinstance(record, dict):
        return _malformed(line, Reason.FIELD_TYPE, "a record must be a JSON object")
    kind = record.get("type")
    if kind not in RECORD_TYPES:
        return _malformed(line, Reason.UNKNOWN_RECORD_TYPE, f"unknown record type {kind!r}"[:200])
    seq = record.get("seq")
    seq = seq if isinstance(seq, int) and not isinstance(seq, bool) else None
    prev = record.get("prev") if isinstance(record.get("prev"), str) else None
    if kind == "checkpoint":
        checks, facts = read_checkpoint(ctx, record, ascii_keys)
        return LineOutcome(
            line,
            kind,
            seq,
            prev,
            None,
            "checkpoint",
            _verdict(checks),
            tuple(checks),
            checkpoint=facts,
        )
    digest = record_hash(record, ascii_keys)
    if kind == "command":
        facts_c = check_command(ctx, record, ascii_keys)
        name = record.get("commandName") if isinstance(record.get("commandName"), str) else None
        return LineOutcome(
            line,
            kind,
            seq,
            prev,
            digest,
            name,
            facts_c.result,
            facts_c.checks,
            signed=facts_c.signed,
            legacy=facts_c.legacy,
            run_use=facts_c.run_use,
            command_id=record.get("commandId")
            if isinstance(record.get("commandId"), str)
            else None,
        )
    checks, label = evaluate_signed_record(ctx, record, ascii_keys, f"seq {seq}", chained=True)
    return LineOutcome(
        line, kind, seq, prev, digest, label, _verdict(checks), tuple(checks), signed=True
    )


def evaluate_signed_record(
    ctx: VerifyContext, record: dict[str, Any], ascii_keys: bool, where: str, *, chained: bool
) -> tuple[list[Check], str]:
    """A pre-approval or revocation record, with its duplicate-id status from the table."""
    manifest = record.get("manifest")
    pre_id = manifest.get("preApprovalId") if isinstance(manifest, dict) else None
    if record["type"] == "preapproval":
        checks, _entry = read_preapproval(ctx, record, ascii_keys, where, chained=chained)
        entries = ctx.preapprovals.entries.get(pre_id, ()) if isinstance(pre_id, str) else ()
        if len(entries) > 1:
            places = ", ".join(entry.where for entry in entries)
            reason = f"pre-approval id {pre_id!r} appears {len(entries)} times ({places})"
            checks.append(fail("preApproval", Reason.PREAPPROVAL_DUPLICATE_ID, reason))
        return checks, f"preapproval {pre_id}"[:200]
    checks, _revoked = read_revocation(ctx, record, ascii_keys, chained=chained)
    return checks, f"revocation of {pre_id}"[:200]


def _verdict(checks: list[Check]) -> str:
    return FAIL if any(check.status == FAIL for check in checks) else PASS


# ---- worker-process side of --jobs --------------------------------------------------------

_WORKER: list[tuple[VerifyContext, BinaryIO, int]] = []


def init_worker(ctx: VerifyContext, export: Path, max_bytes: int) -> None:
    # Ctrl-C is the main process's to handle (exit 130); workers finish their chunk quietly.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Each worker reads its chunks from the file itself: lines never cross a pipe.
    _WORKER[:] = [(ctx, open_export(export), max_bytes)]


def evaluate_chunk(chunk: tuple[int, int, int]) -> list[tuple[Any, ...]]:
    """The outcomes of a run of lines (``preapproval_table.Chunk``), in wire form."""
    ctx, handle, max_bytes = _WORKER[0]
    offset, first_line, count = chunk
    handle.seek(offset)
    numbered = (
        (first_line + number - 1, raw)
        for number, raw in itertools.islice(iter_lines(handle, max_bytes), count)
    )
    return [to_wire(outcome) for outcome in evaluate_lines(ctx, numbered, max_bytes)]


# Plain tuples cross the process boundary about three times faster than dataclasses.


def to_wire(outcome: LineOutcome) -> tuple[Any, ...]:
    checks = tuple(
        (
            c.name,
            c.status,
            c.code,
            c.reason,
            c.trust_anchor,
            c.fingerprint,
            c.signed_by,
            c.signed_at,
        )
        for c in outcome.checks
    )
    facts = outcome.checkpoint
    point = (
        None if facts is None else (facts.seq, facts.prev, facts.last_seq, facts.head, facts.count)
    )
    return (
        outcome.line,
        outcome.type,
        outcome.seq,
        outcome.prev,
        outcome.record_hash,
        outcome.name,
        outcome.result,
        checks,
        outcome.signed,
        outcome.legacy,
        outcome.run_use,
        point,
        outcome.command_id,
    )


def from_wire(item: tuple[Any, ...]) -> LineOutcome:
    checks = tuple(Check(*fields) for fields in item[7])
    point = None if item[11] is None else CheckpointFacts(*item[11])
    line, kind, seq, prev, digest, name, result = item[:7]
    return LineOutcome(
        line,
        kind,
        seq,
        prev,
        digest,
        name,
        result,
        checks,
        item[8],
        item[9],
        item[10],
        point,
        item[12],
    )
