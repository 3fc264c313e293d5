"""Pre-approvals and revocations, legacy records, and trust pins with their windows."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from verify_export_builder import (
    APPLIANCE_SEED,
    BUYER_SEED,
    OTHER_SEED,
    ExportBuilder,
    fingerprint,
    public_b64,
    ts,
)
from verify_helpers import PINS, codes, dump, failures, objects, relink, resign, run

from t9verify import timefmt
from t9verify.errors import BadTrustFile
from t9verify.pins import (
    APPLIANCE,
    BUYER,
    OPEN,
    Pins,
    Window,
    decide,
    load_trust_file,
    parse_appliance_key,
    parse_buyer_key,
)


def preapproved(
    *,
    level: str = "CommandsOnly",
    fully: bool = False,
    run_indexes: tuple[int, ...] = (1,),
    **pa: Any,
) -> ExportBuilder:
    builder = ExportBuilder()
    builder.preapproval("pa-1", level=level, **pa)
    for index in run_indexes:
        builder.command(preapproval="pa-1", run_index=index, fully=fully)
    return builder


def test_preapproved_command_passes_and_is_told_apart(tmp_path: Path) -> None:
    report = run(tmp_path, preapproved().lines())
    assert report.ok, failures(report)
    checks = {c.name: c for c in report.records[1].checks}
    assert checks["commandApproval"].trust_anchor == "pinned-appliance"
    assert checks["commandApproval"].signed_by == "preapproval:pa-1"
    assert checks["preApproval"].trust_anchor == "pinned-buyer"
    assert checks["preApproval"].signed_by == "carol@acme"


def test_fully_preapproved_release_signed_by_the_appliance_passes(tmp_path: Path) -> None:
    report = run(tmp_path, preapproved(level="FullyPreApprove", fully=True).lines())
    assert report.ok, failures(report)


def test_appliance_signed_release_under_commands_only_fails(tmp_path: Path) -> None:
    report = run(tmp_path, preapproved(level="CommandsOnly", fully=True).lines())
    assert codes(report) == {"PREAPPROVAL_LEVEL"}


@pytest.mark.parametrize(
    ("pa", "indexes", "expected"),
    [
        ({"max_runs": 2}, (1, 2, 3), {"RUN_INDEX_OUT_OF_RANGE"}),
        ({}, (0,), {"RUN_INDEX_OUT_OF_RANGE"}),
        ({}, (1, 1), {"RUN_INDEX_REUSED"}),
        ({"not_before": 5000}, (1,), {"PREAPPROVAL_OUT_OF_WINDOW"}),
        ({"not_after": 1000}, (1,), {"PREAPPROVAL_OUT_OF_WINDOW"}),
        ({"signed_at": 5000}, (1,), {"PREAPPROVAL_SIGNED_LATE"}),
        ({"constraints": {"DIR": ["exact:/opt/other"]}}, (1,), {"CONSTRAINT_VIOLATED"}),
        ({"constraints": {"DIR": ["regex:^/srv/.*$"]}}, (1,), {"CONSTRAINT_VIOLATED"}),
        ({"constraints": {"USER": ["regex:.*"]}}, (1,), {"CONSTRAINT_VIOLATED"}),
        ({"constraints": {"DIR": ["glob:/opt/*"]}}, (1,), {"PREAPPROVAL_INVALID"}),
        ({"constraints": {"DIR": ["regex:(?=/opt)/opt/.*"]}}, (1,), {"PREAPPROVAL_INVALID"}),
        ({"constraints": {"DIR": ["regex:(unclosed"]}}, (1,), {"PREAPPROVAL_INVALID"}),
        ({"constraints": {"DIR": ["regex:(/[a-z]+)+/?"]}}, (1,), {"PREAPPROVAL_INVALID"}),
    ],
    ids=[
        "beyond-max-runs",
        "run-index-zero",
        "run-index-reused",
        "before-window",
        "after-window",
        "signed-after-use",
        "exact-mismatch",
        "regex-mismatch",
        "constrained-var-missing",
        "unknown-constraint",
        "lookahead-not-re2",
        "bad-regex",
        "nested-quantifier",
    ],
)
def test_preapproval_condition_violated_fails(
    tmp_path: Path, pa: dict[str, Any], indexes: tuple[int, ...], expected: set[str]
) -> None:
    report = run(tmp_path, preapproved(run_indexes=indexes, **pa).lines())
    assert codes(report) == expected
    assert not report.ok


def test_run_index_reuse_fails_only_the_later_record(tmp_path: Path) -> None:
    report = run(tmp_path, preapproved(run_indexes=(1, 1)).lines())
    assert [r.result for r in report.records] == ["PASS", "PASS", "FAIL"]


def test_regex_must_match_the_whole_value_not_up_to_a_newline(tmp_path: Path) -> None:
    builder = ExportBuilder()
    builder.preapproval("pa-1", constraints={"DIR": ["regex:^/opt/myapp/.*$"]})
    builder.command(preapproval="pa-1", variables={"DIR": "/opt/myapp/x\n"})
    builder.command(preapproval="pa-1", run_index=2, variables={"DIR": "/opt/myapp/x; rm -rf /"})
    report = run(tmp_path, builder.lines())
    assert [r.result for r in report.records] == ["PASS", "FAIL", "PASS"]


def test_window_bounds_are_inclusive(tmp_path: Path) -> None:
    # The command is approved at t = 1000 + 100 + 5 (its index is 1).
    assert run(tmp_path, preapproved(not_before=1105, not_after=1105, signed_at=1105).lines()).ok


def test_changed_template_falls_back_to_manual_and_fails_as_preapproved(tmp_path: Path) -> None:
    builder = preapproved()
    objs = objects(builder)
    resign(objs[1], None, BUYER_SEED, templateContentSha256="d" * 64)
    assert codes(run(tmp_path, relink(objs, builder))) == {"PREAPPROVAL_TEMPLATE_MISMATCH"}


def test_preapproval_not_found_fails_and_file_supplies_it(tmp_path: Path) -> None:
    source = ExportBuilder()
    file_record = source.preapproval("pa-1", chained=False)
    builder = ExportBuilder()
    builder.command(preapproval="pa-1")
    assert codes(run(tmp_path, builder.lines())) == {"PREAPPROVAL_NOT_FOUND"}
    extra = tmp_path / "preapprovals.jsonl"
    extra.write_text(json.dumps(file_record) + "\n", encoding="utf-8")
    report = run(tmp_path, builder.lines(), preapprovals=extra)
    assert report.ok, failures(report)
    assert report.records[0].source == "preapprovals"


def test_bad_line_in_the_preapprovals_file_fails(tmp_path: Path) -> None:
    builder = preapproved()
    extra = tmp_path / "preapprovals.jsonl"
    extra.write_text('{"type": "revocation", "manifest": 1.5}\n', encoding="utf-8")
    report = run(tmp_path, builder.lines(), preapprovals=extra)
    assert not report.ok
    assert "NUMBER_NOT_ALLOWED" in codes(report)


def test_revocation_before_use_fails_the_command_wherever_it_sits(tmp_path: Path) -> None:
    builder = preapproved(run_indexes=(1,))
    builder.revocation("pa-1", at=1050)  # after the command in the file, before its decision
    report = run(tmp_path, builder.lines())
    assert failures(report) == {(2, "preApproval", "PREAPPROVAL_REVOKED")}


def test_revocation_after_use_does_not_fail_the_command(tmp_path: Path) -> None:
    builder = preapproved(run_indexes=(1,))
    builder.revocation("pa-1", at=5000)
    assert run(tmp_path, builder.lines()).ok


def test_revocation_at_the_decision_instant_is_in_effect(tmp_path: Path) -> None:
    builder = preapproved(run_indexes=(1,))
    builder.revocation("pa-1", at=1105)
    assert "PREAPPROVAL_REVOKED" in codes(run(tmp_path, builder.lines()))


def test_revocation_signed_by_an_unpinned_key_fails_and_revokes_nothing(tmp_path: Path) -> None:
    builder = preapproved(run_indexes=(1,))
    builder.buyer_seed = OTHER_SEED
    builder.revocation("pa-1", at=1050)
    report = run(tmp_path, builder.lines())
    assert failures(report) == {(3, "preApproval", "KEY_NOT_TRUSTED")}


def test_preapproval_signed_by_the_appliance_key_is_invalid(tmp_path: Path) -> None:
    builder = preapproved()
    objs = objects(builder)
    resign(objs[1], None, APPLIANCE_SEED)
    report = run(tmp_path, relink(objs, builder))
    assert failures(report) == {
        (1, "preApproval", "KEY_WRONG_ROLE"),
        (2, "preApproval", "PREAPPROVAL_INVALID"),
    }


def test_two_preapprovals_with_one_id_fail(tmp_path: Path) -> None:
    builder = ExportBuilder()
    builder.preapproval("pa-1")
    builder.preapproval("pa-1", max_runs=100)
    builder.command(preapproval="pa-1")
    assert codes(run(tmp_path, builder.lines())) == {"PREAPPROVAL_DUPLICATE_ID"}


def test_preapproval_for_another_appliance_fails(tmp_path: Path) -> None:
    builder = preapproved()
    objs = objects(builder)
    resign(objs[1], None, BUYER_SEED, applianceId="appl-2")
    assert "APPLIANCE_MISMATCH" in codes(run(tmp_path, relink(objs, builder)))


def test_preapproved_approval_with_a_person_as_approver_fails(tmp_path: Path) -> None:
    builder = preapproved()
    objs = objects(builder)
    resign(objs[2], "approval", APPLIANCE_SEED, approver="alice@acme")
    assert codes(run(tmp_path, relink(objs, builder))) == {"BINDING_MISMATCH"}


# ---- legacy ----------------------------------------------------------------------------------


def test_legacy_before_signing_is_reported_and_allowed(tmp_path: Path) -> None:
    builder = ExportBuilder()
    builder.legacy()
    builder.command()
    report = run(tmp_path, builder.lines())
    assert report.ok
    assert [r.result for r in report.records] == ["UNSIGNED_LEGACY", "PASS"]
    assert report.summary.unsigned_legacy == 1


def test_legacy_fails_under_strict(tmp_path: Path) -> None:
    builder = ExportBuilder()
    builder.legacy()
    assert codes(run(tmp_path, builder.lines(), strict=True)) == {"LEGACY_STRICT"}


def test_legacy_after_a_signed_record_fails_in_every_mode(tmp_path: Path) -> None:
    builder = ExportBuilder()
    builder.command()
    builder.legacy()
    assert codes(run(tmp_path, builder.lines())) == {"LEGACY_AFTER_SIGNED"}


def test_legacy_after_a_preapproval_fails(tmp_path: Path) -> None:
    builder = ExportBuilder()
    builder.preapproval("pa-1")
    builder.legacy()
    assert codes(run(tmp_path, builder.lines())) == {"LEGACY_AFTER_SIGNED"}


def test_legacy_after_signature_required_from_fails(tmp_path: Path) -> None:
    builder = ExportBuilder()
    builder.legacy(at=2000)
    required = timefmt.parse_ms(ts(2000))
    pins = Pins(PINS.appliance, PINS.buyer, required)
    assert codes(run(tmp_path, builder.lines(), pins=pins)) == {"LEGACY_AFTER_REQUIRED"}
    earlier = Pins(PINS.appliance, PINS.buyer, (required or 0) + 1)
    assert run(tmp_path, builder.lines(), pins=earlier).ok


def test_legacy_with_an_envelope_fails(tmp_path: Path) -> None:
    builder = ExportBuilder()
    signed = objects(_one())[1]
    builder.legacy()
    objs = objects(builder)
    objs[1]["approval"] = signed["approval"]
    assert "LEGACY_WITH_ENVELOPE" in codes(run(tmp_path, relink(objs, builder)))


def _one() -> ExportBuilder:
    builder = ExportBuilder()
    builder.command()
    return builder


# ---- pins ---------------------------------------------------------------------------------


def test_no_pins_pass_as_unpinned_and_strict_refuses(tmp_path: Path) -> None:
    lines = _one().lines()
    report = run(tmp_path, lines, pins=Pins())
    assert report.ok
    assert report.summary.unpinned
    assert {c.trust_anchor for c in report.records[0].checks} == {"unpinned"}
    strict = run(tmp_path, lines, pins=Pins(), strict=True)
    assert codes(strict) == {"UNPINNED"}


def test_no_pins_appliance_key_must_be_in_the_header(tmp_path: Path) -> None:
    builder = _one()
    objs = objects(builder)
    objs[0]["applianceKeys"][0]["publicKey"] = public_b64(OTHER_SEED)
    assert codes(run(tmp_path, relink(objs, builder), pins=Pins())) == {"KEY_NOT_TRUSTED"}


def test_only_buyer_pins_fail_every_appliance_signature(tmp_path: Path) -> None:
    pins = Pins((), PINS.buyer)
    report = run(tmp_path, _one().lines(), pins=pins)
    assert failures(report) == {
        (1, "outputIntegrity", "KEY_NOT_TRUSTED"),
        (None, "chain", "KEY_NOT_TRUSTED"),
    }


def _windowed(valid_until: int | None, valid_from: int | None = None) -> Pins:
    key = parse_appliance_key(public_b64(APPLIANCE_SEED))
    return Pins(((key, Window(valid_from, valid_until)),), PINS.buyer)


def test_appliance_pin_window_is_inclusive_at_the_signing_instant(tmp_path: Path) -> None:
    builder = ExportBuilder()
    builder.command()
    objs = objects(builder)
    resign(objs[2], None, APPLIANCE_SEED, at=ts(1020))  # the checkpoint at the same instant
    lines = dump(objs)
    finished = timefmt.parse_ms(ts(1020))
    assert finished is not None
    assert run(tmp_path, lines, pins=_windowed(finished)).ok
    assert codes(run(tmp_path, lines, pins=_windowed(finished - 1))) == {"KEY_NOT_TRUSTED"}
    assert run(tmp_path, lines, pins=_windowed(None, finished)).ok
    assert codes(run(tmp_path, lines, pins=_windowed(None, finished + 1))) == {"KEY_NOT_TRUSTED"}


def test_rotation_instant_is_covered_by_both_keys() -> None:
    old = parse_appliance_key(public_b64(APPLIANCE_SEED))
    new = parse_appliance_key(public_b64(OTHER_SEED))
    instant = 1_000_000
    pins = Pins(((old, Window(None, instant)), (new, Window(instant, None))), PINS.buyer)
    assert decide(pins, (), APPLIANCE, old, instant).anchor == "pinned-appliance"
    assert decide(pins, (), APPLIANCE, new, instant).anchor == "pinned-appliance"
    assert decide(pins, (), APPLIANCE, old, instant + 1).code == "KEY_NOT_TRUSTED"
    assert decide(pins, (), APPLIANCE, new, instant - 1).code == "KEY_NOT_TRUSTED"


def test_buyer_key_option_takes_a_key_or_a_fingerprint() -> None:
    assert parse_buyer_key(public_b64(BUYER_SEED)) == fingerprint(BUYER_SEED)
    assert parse_buyer_key(fingerprint(BUYER_SEED)) == fingerprint(BUYER_SEED)
    for bad in ("SHA256:short", "not-base64", public_b64(BUYER_SEED)[:-2]):
        with pytest.raises(BadTrustFile):
            parse_buyer_key(bad)
    with pytest.raises(BadTrustFile):
        parse_appliance_key("AAAA")


def test_key_pinned_only_for_the_other_role_is_the_wrong_role() -> None:
    buyer = parse_appliance_key(public_b64(BUYER_SEED))
    assert decide(PINS, (), APPLIANCE, buyer, 0).code == "KEY_WRONG_ROLE"
    appliance = parse_appliance_key(public_b64(APPLIANCE_SEED))
    assert decide(PINS, (), BUYER, appliance, 0).code == "KEY_WRONG_ROLE"
    assert (
        decide(PINS, (), BUYER, parse_appliance_key(public_b64(OTHER_SEED)), 0).code
        == "KEY_NOT_TRUSTED"
    )


def test_trust_file_is_read_with_windows(tmp_path: Path) -> None:
    path = tmp_path / "trust.json"
    path.write_text(
        json.dumps(
            {
                "appliance": [
                    {
                        "publicKey": public_b64(APPLIANCE_SEED),
                        "validFrom": "2026-01-01T00:00:00Z",
                        "validUntil": None,
                    }
                ],
                "buyer": [
                    {
                        "fingerprint": fingerprint(BUYER_SEED),
                        "validFrom": None,
                        "validUntil": "2026-02-01T00:00:00.500Z",
                    }
                ],
                "signatureRequiredFrom": "2026-01-15T00:00:00Z",
            }
        ),
        encoding="utf-8",
    )
    pins = load_trust_file(path)
    assert pins.appliance[0][1] == Window(timefmt.parse_ms("2026-01-01T00:00:00Z"), None)
    assert pins.buyer[0][1].valid_until == timefmt.parse_ms("2026-02-01T00:00:00.500Z")
    assert pins.signature_required_from == timefmt.parse_ms("2026-01-15T00:00:00Z")


@pytest.mark.parametrize(
    "content",
    [
        "not json",
        "[]",
        '{"appliance": {}}',
        '{"appliance": [{"publicKey": "AAAA"}]}',
        '{"buyer": [{"fingerprint": "MD5:xx"}]}',
        '{"buyer": [{"fingerprint": "SHA256:abc", "extra": 1}]}',
        '{"appliance": [], "buyer": [], "signatureRequiredFrom": "yesterday"}',
        '{"appliance": [], "buyer": [], "other": 1}',
        '{"appliance": [], "appliance": []}',
        '{"appliance": [{"publicKey": "'
        + public_b64(APPLIANCE_SEED)
        + '", "validFrom": "2026-02-01T00:00:00Z", "validUntil": "2026-01-01T00:00:00Z"}]}',
    ],
)
def test_unusable_trust_file_is_refused(tmp_path: Path, content: str) -> None:
    path = tmp_path / "trust.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BadTrustFile):
        load_trust_file(path)


def test_missing_trust_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(BadTrustFile):
        load_trust_file(tmp_path / "absent.json")


def test_open_window_contains_everything() -> None:
    assert OPEN.contains(-(10**15)) and OPEN.contains(10**15)


def test_same_preapproval_in_the_export_and_the_file_is_not_a_duplicate(tmp_path: Path) -> None:
    builder = preapproved()
    record = {k: v for k, v in objects(builder)[1].items() if k not in ("seq", "prev")}
    extra = tmp_path / "preapprovals.jsonl"
    extra.write_text(json.dumps(record) + "\n", encoding="utf-8")
    report = run(tmp_path, builder.lines(), preapprovals=extra)
    assert report.ok, failures(report)
