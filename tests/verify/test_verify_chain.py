"""The chain: header, seq, prev links, the checkpoint, and the auditor's anchors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from verify_export_builder import APPLIANCE_SEED, BUYER_SEED, ExportBuilder, record_hash
from verify_helpers import codes, dump, failures, objects, resign, run


def builder_with(count: int, **kwargs: Any) -> ExportBuilder:
    builder = ExportBuilder(**kwargs)
    for _ in range(count):
        builder.command()
    return builder


def test_valid_chain_reports_range_head_and_count(tmp_path: Path) -> None:
    builder = builder_with(4)
    objs = objects(builder)
    report = run(tmp_path, builder.lines())
    assert report.ok
    assert report.chain.status == "PASS"
    assert [(r.first, r.last) for r in report.chain.verified_ranges] == [(1, 4)]
    assert report.chain.head == record_hash(objs[4])
    assert report.chain.count == 4


def test_export_starting_later_links_to_prev_head(tmp_path: Path) -> None:
    builder = builder_with(2, first_seq=41)
    report = run(tmp_path, builder.lines())
    assert report.ok, failures(report)
    assert report.chain.first_seq == 41


def test_removed_record_breaks_the_chain_where_it_happens(tmp_path: Path) -> None:
    objs = objects(builder_with(4))
    del objs[2]  # seq 2
    report = run(tmp_path, dump(objs))
    assert not report.ok
    assert failures(report) >= {
        (3, "chain", "SEQ_NOT_CONSECUTIVE"),
        (3, "chain", "PREV_MISMATCH"),
        (None, "chain", "CHECKPOINT_MISMATCH"),
    }
    assert [(r.first, r.last) for r in report.chain.verified_ranges] == [(1, 1), (3, 4)]
    assert [r.result for r in report.records] == ["PASS", "FAIL", "PASS"]


def test_reordered_records_break_the_chain(tmp_path: Path) -> None:
    objs = objects(builder_with(3))
    objs[1], objs[2] = objs[2], objs[1]
    report = run(tmp_path, dump(objs))
    assert {"SEQ_NOT_CONSECUTIVE", "PREV_MISMATCH"} <= codes(report)
    assert not report.ok


def test_duplicated_record_breaks_the_chain(tmp_path: Path) -> None:
    objs = objects(builder_with(3))
    objs.insert(2, objs[1])
    report = run(tmp_path, dump(objs))
    assert (1, "chain", "SEQ_NOT_CONSECUTIVE") in failures(report)
    assert not report.ok


def test_altered_record_breaks_the_link_of_the_next_one(tmp_path: Path) -> None:
    objs = objects(builder_with(3))
    objs[1]["commandName"] = "renamed"  # not signed, but hashed into the chain
    report = run(tmp_path, dump(objs))
    assert failures(report) == {(2, "chain", "PREV_MISMATCH"), (None, "chain", "PREV_MISMATCH")}


def test_altered_last_record_is_caught_by_the_checkpoint_head(tmp_path: Path) -> None:
    objs = objects(builder_with(2))
    objs[2]["customerName"] = "other"
    report = run(tmp_path, dump(objs))
    assert ("CHECKPOINT_MISMATCH") in codes(report)
    assert not report.ok


def test_missing_checkpoint_fails(tmp_path: Path) -> None:
    objs = objects(builder_with(2))[:-1]
    report = run(tmp_path, dump(objs))
    assert codes(report) == {"CHECKPOINT_MISSING"}


def test_cut_off_tail_with_the_checkpoint_fails(tmp_path: Path) -> None:
    objs = objects(builder_with(3))
    report = run(tmp_path, dump(objs[:2]))
    assert "CHECKPOINT_MISSING" in codes(report)


def test_checkpoint_not_last_fails(tmp_path: Path) -> None:
    builder = builder_with(2)
    objs = objects(builder)
    objs.insert(2, objs[-1])
    report = run(tmp_path, dump(objs))
    assert "CHECKPOINT_NOT_LAST" in codes(report)
    assert not report.ok


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"count": 3}, {"CHECKPOINT_MISMATCH"}),
        ({"lastSeq": 3}, {"CHECKPOINT_MISMATCH"}),
        ({"head": "f" * 64}, {"CHECKPOINT_MISMATCH"}),
        ({"applianceId": "appl-9"}, {"APPLIANCE_MISMATCH"}),
        ({"kind": "t9.ops.checkpoint/v2"}, {"WRONG_KIND"}),
    ],
)
def test_resigned_checkpoint_that_disagrees_fails(
    tmp_path: Path, changes: dict[str, Any], expected: set[str]
) -> None:
    objs = objects(builder_with(2))
    resign(objs[-1], None, APPLIANCE_SEED, **changes)
    report = run(tmp_path, dump(objs))
    assert expected <= codes(report)
    assert not report.ok


def test_checkpoint_signed_by_a_buyer_key_fails(tmp_path: Path) -> None:
    objs = objects(builder_with(1))
    resign(objs[-1], None, BUYER_SEED)
    assert codes(run(tmp_path, dump(objs))) == {"KEY_WRONG_ROLE"}


def test_checkpoint_with_unsigned_change_fails(tmp_path: Path) -> None:
    objs = objects(builder_with(1))
    objs[-1]["manifest"]["count"] = 5
    assert {"SIGNATURE_INVALID", "CHECKPOINT_MISMATCH"} <= codes(run(tmp_path, dump(objs)))


def test_empty_export_fails(tmp_path: Path) -> None:
    builder = ExportBuilder()
    report = run(tmp_path, builder.lines())
    assert "EXPORT_EMPTY" in codes(report)
    assert not report.ok


def test_empty_file_fails_with_header_and_empty(tmp_path: Path) -> None:
    path = tmp_path / "export.jsonl"
    path.write_bytes(b"")
    from verify_helpers import PINS

    from t9verify.engine import VerifyOptions, evaluate

    report = evaluate(VerifyOptions(export=path, pins=PINS, jobs=1))
    assert {c.code for c in report.chain.checks} >= {
        "HEADER_INVALID",
        "EXPORT_EMPTY",
        "CHECKPOINT_MISSING",
    }
    assert not report.ok


@pytest.mark.parametrize(
    "change",
    [
        lambda h: h.update(version=2),
        lambda h: h.update(format="other"),
        lambda h: h.update(firstSeq=0),
        lambda h: h.update(prevHead="a" * 64),
        lambda h: h.pop("applianceKeys"),
        lambda h: h.update(type="command"),
    ],
    ids=["version", "format", "first-seq-zero", "prev-head-not-zero", "no-keys", "type"],
)
def test_bad_header_fails_and_records_are_still_checked(tmp_path: Path, change: Any) -> None:
    objs = objects(builder_with(2))
    change(objs[0])
    report = run(tmp_path, dump(objs))
    assert "HEADER_INVALID" in codes(report)
    assert not report.ok
    assert len(report.records) == 2


def test_header_that_is_not_json_fails(tmp_path: Path) -> None:
    lines = builder_with(1).lines()
    lines[0] = "{not json"
    assert "HEADER_INVALID" in codes(run(tmp_path, lines))


def test_record_of_another_appliance_fails(tmp_path: Path) -> None:
    builder = ExportBuilder(appliance_id="appl-2")
    builder.command()
    objs = objects(builder)
    objs[0]["applianceId"] = "appl-1"
    report = run(tmp_path, dump(objs))
    assert "APPLIANCE_MISMATCH" in codes(report)


def test_expect_head_and_count_tie_the_export_to_recorded_values(tmp_path: Path) -> None:
    builder = builder_with(2)
    head = record_hash(objects(builder)[2])
    assert run(tmp_path, builder.lines(), expect_head=head, expect_count=2).ok
    report = run(tmp_path, builder.lines(), expect_head="0" * 64, expect_count=3)
    assert codes(report) == {"EXPECTED_HEAD_MISMATCH", "EXPECTED_COUNT_MISMATCH"}


def _write(tmp_path: Path, name: str, lines: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_after_accepts_an_export_that_extends_the_old_one(tmp_path: Path) -> None:
    old = builder_with(2)
    old_path = _write(tmp_path, "old.jsonl", old.lines())
    new = builder_with(2)
    new.command()
    assert run(tmp_path, new.lines(), after=old_path).ok


def test_after_accepts_a_continuation_starting_at_old_head(tmp_path: Path) -> None:
    old = builder_with(2)
    old_objs = objects(old)
    old_path = _write(tmp_path, "old.jsonl", old.lines())
    new = builder_with(1, first_seq=3)
    new.prev_head = record_hash(old_objs[2])
    report = run(tmp_path, new.lines(), after=old_path)
    assert report.ok, failures(report)


def test_after_refuses_an_export_that_rewrites_the_old_one(tmp_path: Path) -> None:
    old = builder_with(2)
    old_path = _write(tmp_path, "old.jsonl", old.lines())
    new = ExportBuilder()
    new.command()
    new.command(name="rewritten")
    new.command()
    report = run(tmp_path, new.lines(), after=old_path)
    assert codes(report) == {"NOT_AN_EXTENSION"}


def test_after_refuses_an_old_export_whose_checkpoint_is_not_signed(tmp_path: Path) -> None:
    old = builder_with(2)
    objs = objects(old)
    objs[-1]["manifest"]["lastSeq"] = 1
    old_path = _write(tmp_path, "old.jsonl", dump(objs))
    report = run(tmp_path, builder_with(3).lines(), after=old_path)
    assert codes(report) == {"NOT_AN_EXTENSION"}


def test_a_line_over_the_size_cap_fails_alone(tmp_path: Path) -> None:
    builder = builder_with(3)
    builder.records[1]["commandName"] = "x" * 5000
    lines = builder.lines()
    report = run(tmp_path, lines, max_line_bytes=len(lines[2]) - 1)
    assert {c.code for c in report.records[1].checks} >= {"LINE_TOO_LARGE"}
    assert [r.result for r in report.records] == ["PASS", "FAIL", "PASS"]
    assert not report.ok


def test_json_lines_with_crlf_endings_verify(tmp_path: Path) -> None:
    builder = builder_with(2)
    path = tmp_path / "crlf.jsonl"
    path.write_text("\r\n".join(builder.lines()) + "\r\n", encoding="utf-8")
    from verify_helpers import PINS

    from t9verify.engine import VerifyOptions, evaluate

    assert evaluate(VerifyOptions(export=path, pins=PINS, jobs=1)).ok


def test_blank_line_in_the_middle_fails(tmp_path: Path) -> None:
    lines = builder_with(2).lines()
    lines.insert(2, "")
    report = run(tmp_path, lines)
    assert not report.ok
    assert "LINE_MALFORMED" in codes(report)


def test_parallel_and_serial_verification_agree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from t9verify import preapproval_table

    # Chunks of two lines: the workers read several runs of the file each.
    monkeypatch.setattr(preapproval_table, "CHUNK_LINES", 2)
    builder = builder_with(5)
    objs = objects(builder)
    objs[3]["vars"] = {"DIR": "/etc"}
    lines = dump(objs)
    serial = run(tmp_path, lines, jobs=1)
    parallel = run(tmp_path, lines, jobs=2)
    assert serial == parallel
    assert json.dumps(failures(serial), default=list)


def test_listed_breaks_and_ranges_are_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from t9verify.checks import chain

    monkeypatch.setattr(chain, "MAX_LISTED", 3)
    objs = objects(builder_with(8))
    shuffled = [objs[0], *reversed(objs[1:-1]), objs[-1]]
    report = run(tmp_path, dump(shuffled))
    assert not report.ok
    assert report.chain.verified_ranges == ()
    breaks = [c for c in report.chain.checks if c.code in ("SEQ_NOT_CONSECUTIVE", "PREV_MISMATCH")]
    assert len(breaks) == 3 + 1  # three listed, then one saying how many more
    assert any("more chain breaks" in (c.reason or "") for c in report.chain.checks)
    assert sum(1 for r in report.records if r.result == "FAIL") == 8
