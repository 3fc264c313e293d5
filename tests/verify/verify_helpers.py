"""Shared helpers of t9verify's tests: run the engine on builder output, collect codes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from verify_export_builder import (
    APPLIANCE_SEED,
    BUYER_SEED,
    ExportBuilder,
    fingerprint,
    public_b64,
    relink,
    sign,
)

from t9verify.engine import VerifyOptions, evaluate
from t9verify.pins import OPEN, Pins, parse_appliance_key
from t9verify.results import VerificationReport

PINS = Pins(
    ((parse_appliance_key(public_b64(APPLIANCE_SEED)), OPEN),), ((fingerprint(BUYER_SEED), OPEN),)
)


def objects(builder: ExportBuilder) -> list[dict[str, Any]]:
    return [json.loads(line) for line in builder.lines()]


def dump(objs: list[dict[str, Any]]) -> list[str]:
    return [json.dumps(o, ensure_ascii=False) for o in objs]


def resign(record: dict[str, Any], slot: str | None, seed: bytes, **changes: Any) -> None:
    """Change manifest fields and sign again (slot None: the record is the envelope)."""
    envelope = record if slot is None else record[slot]
    manifest = dict(envelope["manifest"], **changes)
    for key in [k for k, v in changes.items() if v is _DROP]:
        del manifest[key]
    envelope.update(sign(manifest, seed))


_DROP = object()
DROP: Any = _DROP


def run(tmp_path: Path, lines: list[str], pins: Pins = PINS, **options: Any) -> VerificationReport:
    path = tmp_path / "export.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return evaluate(VerifyOptions(export=path, pins=pins, jobs=options.pop("jobs", 1), **options))


def failures(report: VerificationReport) -> set[tuple[int | None, str, str | None]]:
    """(seq, check name, code) of every failed check, chain checks with seq None."""
    found = {
        (record.seq, check.name, check.code)
        for record in report.records
        for check in record.checks
        if check.status == "FAIL"
    }
    found |= {(None, c.name, c.code) for c in report.chain.checks if c.status == "FAIL"}
    return found


def codes(report: VerificationReport) -> set[str | None]:
    return {code for _, _, code in failures(report)}


__all__ = [
    "DROP",
    "PINS",
    "ExportBuilder",
    "codes",
    "dump",
    "failures",
    "objects",
    "relink",
    "resign",
    "run",
]
