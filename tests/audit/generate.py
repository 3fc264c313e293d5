"""Write the audit-export test vectors: valid exports, trust files, tamper cases and
their expectations. Deterministic: fixed keys, fixed clock, sorted output.

    python tests/audit/generate.py --out tests/data/audit
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import av_tamper_chain
import av_tamper_lifecycle
import av_tamper_meaning
import av_tamper_preapproval
import av_tamper_records
import av_tamper_signature
from av_build import Export, Obj, link, record_hash, render, seal
from av_cases import (
    TRUST_APPLIANCE_ONLY,
    TRUST_BUYER_ONLY,
    TRUST_IDENTITY_KEY,
    TRUST_MAIN,
    TRUST_ROTATION,
    Case,
    edit_manifest,
)
from av_keys import IDENTITY_POINT, fingerprint_of_raw
from av_scenarios import (
    KEYS_FROM,
    from_seq_41,
    legacy,
    mixed,
    rotation,
    side_preapprovals_lines,
    trust_appliance_only,
    trust_buyer_only,
    trust_main,
    trust_rotation,
)

PREFIX_LENGTH = 10


def all_cases() -> list[Case]:
    cases = (
        av_tamper_signature.all_cases()
        + av_tamper_meaning.all_cases()
        + av_tamper_lifecycle.all_cases()
        + av_tamper_preapproval.all_cases()
        + av_tamper_chain.all_cases()
        + av_tamper_records.all_cases()
    )
    names = [case.name for case in cases]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise ValueError(f"tamper case names used twice: {duplicates}")
    return sorted(cases, key=lambda case: case.name)


def trust_identity_point() -> Obj:
    """Main pins plus, as a buyer, the identity point: an auditor fooled into pinning it."""
    trust = trust_main()
    trust["buyer"].append(
        {
            "fingerprint": fingerprint_of_raw(IDENTITY_POINT),
            "validFrom": KEYS_FROM,
            "validUntil": None,
        }
    )
    return trust


def _prefix(export: Export, length: int) -> Export:
    export.records = export.records[:length]
    return export


def _without_attachments(export: Export) -> Export:
    for record in export.records:
        record.pop("attachments", None)
    return export


def _rewritten_prefix() -> Export:
    export = _prefix(mixed(), PREFIX_LENGTH)
    record = next(r for r in export.records if r.get("commandId") == "cmd-cmd-rejected")
    record["reason"] = "drop the orders table, really"
    edit_manifest(export, "cmd-cmd-rejected", "approval", reason=record["reason"])
    return export


def _head(export: Export) -> str:
    records = [dict(r) for r in export.records]
    link(records, export.first_seq, export.prev_head)
    return record_hash(records[-1])


def valid_exports() -> dict[str, tuple[Export, str, list[str], dict[int, str]]]:
    """file -> (export, trust, extra args, expected result per command seq)."""
    pending = {
        "cmd-pending-submitted",
        "cmd-pending-approved",
        "cmd-pending-executed",
        "cmd-pending-cancelling",
    }

    def results(export: Export) -> dict[int, str]:
        out = {}
        for offset, record in enumerate(export.records):
            if record.get("type") != "command":
                out[export.first_seq + offset] = "PASS"
            elif record.get("legacy"):
                out[export.first_seq + offset] = "UNSIGNED_LEGACY"
            else:
                pend = record["commandId"] in pending
                out[export.first_seq + offset] = "PENDING" if pend else "PASS"
        return out

    side = ["--preapprovals", "valid/preapprovals-side.jsonl"]
    exports = {
        "valid/mixed.jsonl": (mixed(), TRUST_MAIN, []),
        "valid/mixed-without-attachments.jsonl": (_without_attachments(mixed()), TRUST_MAIN, []),
        "valid/mixed-prefix.jsonl": (_prefix(mixed(), PREFIX_LENGTH), TRUST_MAIN, []),
        "valid/mixed-prefix-rewritten.jsonl": (_rewritten_prefix(), TRUST_MAIN, []),
        "valid/legacy.jsonl": (legacy(), TRUST_MAIN, []),
        "valid/from-seq-41.jsonl": (from_seq_41(), TRUST_MAIN, side),
        "valid/rotation.jsonl": (rotation(), TRUST_ROTATION, []),
    }
    return {name: (exp, trust, args, results(exp)) for name, (exp, trust, args) in exports.items()}


def _json_text(value: Any) -> str:
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def build_files() -> dict[str, str]:
    """Every generated file, by path relative to the output directory."""
    files: dict[str, str] = {
        TRUST_MAIN: _json_text(trust_main()),
        TRUST_ROTATION: _json_text(trust_rotation()),
        TRUST_APPLIANCE_ONLY: _json_text(trust_appliance_only()),
        TRUST_BUYER_ONLY: _json_text(trust_buyer_only()),
        TRUST_IDENTITY_KEY: _json_text(trust_identity_point()),
        "valid/preapprovals-side.jsonl": render(list(side_preapprovals_lines())),
    }
    valid_index = []
    for name, (export, trust, args, results) in sorted(valid_exports().items()):
        files[name] = render(list(seal(export)))
        valid_index.append(
            {
                "file": name,
                "trust": trust,
                "args": args,
                "exit": 0,
                "head": _head(export),
                "count": len(export.records),
                "results": {str(seq): result for seq, result in sorted(results.items())},
            }
        )
    files["valid.json"] = _json_text(valid_index)
    expected = []
    for case in all_cases():
        files[case.file] = case.text
        expected.append(case.expectation())
    files["expected.json"] = _json_text(expected)
    return files


def write(out: Path) -> int:
    files = build_files()
    for relative, text in sorted(files.items()):
        path = out / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    return len(files)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, required=True, help="directory to write into")
    options = parser.parse_args(argv)
    count = write(options.out)
    print(f"wrote {count} files to {options.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
