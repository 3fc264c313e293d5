"""``--after OLD``: the earlier export's signed checkpoint, the anchor NEW must extend.

OLD is trusted through its checkpoint only: the checkpoint must be the last line, parse,
and verify under the same pins, for the same appliance. NEW then extends OLD when it
holds the record at OLD's ``lastSeq`` with OLD's ``head`` as record hash, or starts right
after it with ``prevHead`` equal to that head (checked in ``checks.chain``). Because every
record hash covers the one before it, that ties all of OLD's records to NEW.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from t9verify.checks.header import read_checkpoint, read_header
from t9verify.context import VerifyContext
from t9verify.errors import UnreadableExport
from t9verify.jsonstrict import StrictJsonError
from t9verify.lines import parse_line
from t9verify.reader import check_utf8, iter_lines, open_export
from t9verify.reasons import Reason
from t9verify.results import FAIL, Check, fail


def read_old_checkpoint(
    ctx: VerifyContext, path: Path, max_bytes: int
) -> tuple[int | None, str | None, list[Check]]:
    """(OLD's lastSeq, OLD's head, failures) — failures make the extension unproven."""
    first: bytes | None = None
    last: bytes | None = None
    try:
        handle = open_export(path)
    except UnreadableExport as exc:
        raise UnreadableExport(f"--after: {exc.message}") from None
    with handle:
        for number, raw in iter_lines(handle, max_bytes):
            check_utf8(path, raw, number)
            if number == 1:
                first = raw
            last = raw
    try:
        header_value, _ = parse_line(first, max_bytes)
        checkpoint_value, ascii_keys = parse_line(last, max_bytes)
    except StrictJsonError as exc:
        return None, None, [_not_extension(f"--after {path}: {exc.message}")]
    old_header, header_checks = read_header(header_value)
    if header_checks or not isinstance(checkpoint_value, dict):
        return None, None, [_not_extension(f"--after {path}: header or checkpoint unreadable")]
    if old_header.appliance_id != ctx.header.appliance_id:
        reason = (
            f"--after {path}: appliance {old_header.appliance_id}, not {ctx.header.appliance_id}"
        )
        return None, None, [_not_extension(reason)]
    old_ctx = dataclasses.replace(ctx, header=old_header)
    checks, facts = read_checkpoint(old_ctx, checkpoint_value, ascii_keys)
    failures = [check for check in checks if check.status == FAIL]
    if facts is None or failures:
        shown = "; ".join(check.reason or "" for check in failures) or "no checkpoint"
        return None, None, [_not_extension(f"--after {path}: checkpoint not valid: {shown}")]
    return facts.last_seq, facts.head, []


def _not_extension(reason: str) -> Check:
    return fail("chain", Reason.NOT_AN_EXTENSION, reason)
