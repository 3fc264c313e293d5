"""The first pass: the file is UTF-8 text, and every pre-approval and revocation is known.

Pre-approvals and revocations come from the export and ``--preapprovals``.

Revocations take effect wherever they sit in the export (rule 13) and a pre-approval may
be listed after a command that uses it, so they are gathered before records are checked.
Only lines that could be one are parsed: their ``type`` value is spelled out literally or
through a ``\\u`` escape, so a line with neither word and no escape cannot be one.
"""

from __future__ import annotations

import dataclasses
import json
import re
from typing import TYPE_CHECKING, Any

from t9verify.context import PreApprovalEntry, PreApprovalTable, VerifyContext
from t9verify.errors import UnreadableExport
from t9verify.jsonstrict import StrictJsonError
from t9verify.lines import evaluate_signed_record, parse_line
from t9verify.reader import check_utf8, iter_lines, open_export
from t9verify.reasons import Reason
from t9verify.results import FAIL, PASS, RecordResult, fail

if TYPE_CHECKING:
    from t9verify.engine import VerifyOptions


_ESCAPE = re.compile(rb"\\u")  # faster than "in" with a two-byte needle


def _may_be_signed_record(raw: bytes) -> bool:
    return b"preapproval" in raw or b"revocation" in raw or _ESCAPE.search(raw) is not None


CHUNK_LINES = 512
Chunk = tuple[int, int, int]
"""A run of lines of the second pass: (byte offset, first line number, at most this many)."""


@dataclasses.dataclass(frozen=True, slots=True)
class FirstPass:
    table: PreApprovalTable
    file_results: list[RecordResult]  # the lines of --preapprovals FILE
    chunks: tuple[Chunk, ...]  # the export's records and checkpoint, in runs for --jobs


def build(ctx: VerifyContext, options: VerifyOptions) -> FirstPass:
    from t9verify.checks.preapprovals import read_preapproval, read_revocation

    entries: dict[str, list[PreApprovalEntry]] = {}
    revoked: dict[str, list[int]] = {}
    results: list[RecordResult] = []
    seen: set[str] = set()

    def take(record: dict[str, Any], ascii_keys: bool, where: str, chained: bool) -> None:
        if record.get("type") == "preapproval":
            _checks, entry = read_preapproval(ctx, record, ascii_keys, where, chained=chained)
            # The same signed pre-approval in the export and in --preapprovals is one
            # pre-approval, not two with one id.
            same = json.dumps([record.get(k) for k in ("manifest", "publicKey", "signature")])
            if entry is not None and same not in seen:
                seen.add(same)
                entries.setdefault(entry.pre_approval_id, []).append(entry)
        elif record.get("type") == "revocation":
            _checks2, found = read_revocation(ctx, record, ascii_keys, chained=chained)
            if found is not None:
                revoked.setdefault(found[0], []).append(found[1])

    chunks: list[Chunk] = []
    with open_export(options.export) as handle:
        for number, raw in iter_lines(handle, options.max_line_bytes):
            if number % CHUNK_LINES == 1:
                # The next line starts a chunk of the second pass (line 1 is the header).
                chunks.append((handle.tell(), number + 1, CHUNK_LINES))
            if number == 1:
                continue
            check_utf8(options.export, raw, number)
            if raw is None or not _may_be_signed_record(raw):
                continue
            try:
                record, ascii_keys = parse_line(raw, options.max_line_bytes)
            except StrictJsonError:
                continue
            if isinstance(record, dict) and isinstance(record.get("type"), str):
                seq = record.get("seq")
                take(record, ascii_keys, f"seq {seq}", True)
    file_records = _read_file(options, take) if options.preapprovals else []
    table = PreApprovalTable(
        {key: tuple(value) for key, value in entries.items()},
        {key: tuple(value) for key, value in revoked.items()},
    )
    if file_records:
        from dataclasses import replace

        full = replace(ctx, preapprovals=table)
        for number, record, ascii_keys in file_records:
            results.append(_file_result(full, number, record, ascii_keys))
    return FirstPass(table, results, tuple(chunks))


def _read_file(options: VerifyOptions, take: Any) -> list[tuple[int, Any, bool]]:
    """Rule 16: JSON Lines of pre-approvals and revocations without seq and prev."""
    assert options.preapprovals is not None
    path = options.preapprovals
    found: list[tuple[int, Any, bool]] = []
    try:
        handle = open_export(path)
    except UnreadableExport as exc:
        raise UnreadableExport(f"--preapprovals: {exc.message}") from None
    with handle:
        for number, raw in iter_lines(handle, options.max_line_bytes):
            if raw is not None:
                try:
                    raw.decode("utf-8")
                except UnicodeDecodeError:
                    raise UnreadableExport(f"{path}: line {number} is not UTF-8 text") from None
            try:
                record, ascii_keys = parse_line(raw, options.max_line_bytes)
            except StrictJsonError as exc:
                found.append((number, exc, False))
                continue
            found.append((number, record, ascii_keys))
            if isinstance(record, dict) and record.get("type") in ("preapproval", "revocation"):
                take(record, ascii_keys, f"{path.name} line {number}", False)
    return found


def _file_result(ctx: VerifyContext, number: int, record: Any, ascii_keys: bool) -> RecordResult:
    source = "preapprovals"
    if isinstance(record, StrictJsonError):
        check = fail("record", record.code, record.message)
        return RecordResult(number, None, None, None, FAIL, (check,), source)
    if not isinstance(record, dict) or record.get("type") not in ("preapproval", "revocation"):
        check = fail("record", Reason.UNKNOWN_RECORD_TYPE, "expected a preapproval or revocation")
        return RecordResult(number, None, None, None, FAIL, (check,), source)
    where = f"{source} line {number}"
    checks, label = evaluate_signed_record(ctx, record, ascii_keys, where, chained=False)
    result = FAIL if any(c.status == FAIL for c in checks) else PASS
    return RecordResult(number, None, record["type"], label, result, tuple(checks), source)
