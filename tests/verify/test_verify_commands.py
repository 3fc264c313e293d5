"""Command records: the three signatures, their bindings, lifecycle and strict reading."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from verify_export_builder import APPLIANCE_SEED, BUYER_SEED, OTHER_SEED, sha
from verify_helpers import DROP, ExportBuilder, codes, dump, failures, objects, relink, resign, run

from t9verify.pins import Pins

LIFECYCLES_PASS = [
    "Completed",
    "OutputRejected",
    "ExecutionFailed",
    "CmdRejected",
    "Cancelled",
    "Timeout",
]
LIFECYCLES_PENDING = [
    "Submitted",
    "CmdApproving",
    "CmdApproved",
    "Executing",
    "Executed",
    "OutputApproving",
    "Cancelling",
]


def one_command(lifecycle: str = "Completed") -> tuple[ExportBuilder, list[dict[str, Any]]]:
    builder = ExportBuilder()
    builder.command(lifecycle)
    return builder, objects(builder)


@pytest.mark.parametrize("lifecycle", LIFECYCLES_PASS)
def test_terminal_lifecycle_passes(tmp_path: Path, lifecycle: str) -> None:
    builder, _ = one_command(lifecycle)
    report = run(tmp_path, builder.lines())
    assert report.ok, failures(report)
    assert [r.result for r in report.records] == ["PASS"]


@pytest.mark.parametrize("lifecycle", LIFECYCLES_PENDING)
def test_in_flight_lifecycle_is_pending_also_under_strict(tmp_path: Path, lifecycle: str) -> None:
    builder, _ = one_command(lifecycle)
    report = run(tmp_path, builder.lines(), strict=True)
    assert report.ok, failures(report)
    assert [r.result for r in report.records] == ["PENDING"]


def test_passing_checks_name_signer_anchor_and_time(tmp_path: Path) -> None:
    builder, _ = one_command()
    report = run(tmp_path, builder.lines())
    checks = {c.name: c for c in report.records[0].checks}
    assert checks["commandApproval"].trust_anchor == "pinned-buyer"
    assert checks["commandApproval"].signed_by == "alice@acme"
    assert checks["outputIntegrity"].trust_anchor == "pinned-appliance"
    assert checks["outputApproval"].signed_at == "2026-01-01T00:17:10Z"
    assert checks["outputApproval"].fingerprint.startswith("SHA256:")


def _mutate_and_relink(
    builder: ExportBuilder, objs: list[dict[str, Any]], change: Any
) -> list[str]:
    change(objs[1])
    return relink(objs, builder)


# (what the test changes, the function, the codes it must give)
RECORD_TAMPERS: list[tuple[str, Any, set[str]]] = [
    ("record-vars-changed", lambda r: r["vars"].update(DIR="/etc"), {"BINDING_MISMATCH"}),
    ("record-body-changed", lambda r: r.update(body="rm -rf /\n"), {"BODY_HASH_MISMATCH"}),
    ("record-permissions-raised", lambda r: r.update(permissions="Admin"), {"BINDING_MISMATCH"}),
    ("record-reason-changed", lambda r: r.update(reason="other"), {"BINDING_MISMATCH"}),
    (
        "record-command-type-changed",
        lambda r: r.update(commandType="KubectlFromTmpl"),
        {"BINDING_MISMATCH"},
    ),
    ("record-command-id-changed", lambda r: r.update(commandId="cmd-99"), {"BINDING_MISMATCH"}),
    (
        "template-hash-changed",
        lambda r: r["template"].update(contentSha256="d" * 64),
        {"TEMPLATE_MISMATCH"},
    ),
    ("template-version-changed", lambda r: r["template"].update(version=2), {"TEMPLATE_MISMATCH"}),
    (
        "stdout-attachment-changed",
        lambda r: r["attachments"].update(stdout=base64.b64encode(b"bye\n").decode()),
        {"ATTACHMENT_MISMATCH"},
    ),
    (
        "stdout-attachment-not-base64",
        lambda r: r["attachments"].update(stdout="***"),
        {"ATTACHMENT_MISMATCH"},
    ),
    (
        "approval-manifest-vars-changed-unsigned",
        lambda r: r["approval"]["manifest"]["vars"].update(DIR="/etc"),
        {"SIGNATURE_INVALID", "BINDING_MISMATCH"},
    ),
    (
        "approval-manifest-decision-flipped-unsigned",
        lambda r: r["approval"]["manifest"].update(decision="reject"),
        {"SIGNATURE_INVALID", "DECISION_MISMATCH", "ENVELOPE_FORBIDDEN"},
    ),
    (
        "integrity-exit-code-changed-unsigned",
        lambda r: r["outputIntegrity"]["manifest"].update(exitCode=3),
        {"SIGNATURE_INVALID", "EXIT_CODE_MISMATCH", "OUTPUT_HASH_MISMATCH"},
    ),
    (
        "release-signature-from-other-record",
        lambda r: r["release"].update(signature=r["approval"]["signature"]),
        {"SIGNATURE_INVALID"},
    ),
    (
        "signature-not-base64",
        lambda r: r["approval"].update(signature="!!"),
        {"SIGNATURE_MALFORMED", "ENVELOPE_FORBIDDEN"},
    ),
    (
        "public-key-wrong-length",
        lambda r: r["approval"].update(publicKey=base64.b64encode(b"x" * 31).decode()),
        {"KEY_MALFORMED", "ENVELOPE_FORBIDDEN"},
    ),
    (
        "envelope-extra-member",
        lambda r: r["approval"].update(note="x"),
        {"ENVELOPE_INVALID", "ENVELOPE_FORBIDDEN"},
    ),
    ("envelope-is-a-string", lambda r: r.update(approval="signed"), {"FIELD_TYPE"}),
    (
        "approval-missing",
        lambda r: r.update(approval=None),
        {"ENVELOPE_REQUIRED", "ENVELOPE_FORBIDDEN"},
    ),
    ("release-missing", lambda r: r.update(release=None), {"ENVELOPE_REQUIRED"}),
    (
        "integrity-missing",
        lambda r: r.update(outputIntegrity=None),
        {"ENVELOPE_REQUIRED", "OUTPUT_HASH_MISMATCH", "ATTACHMENT_UNBOUND"},
    ),
    (
        "lifecycle-unknown",
        lambda r: r.update(lifecycle="Done"),
        {"FIELD_VALUE", "TRANSITIONS_INVALID"},
    ),
    (
        "transitions-not-starting-submitted",
        lambda r: r["transitions"][0].update(state="Executing"),
        {"TRANSITIONS_INVALID"},
    ),
    (
        "transitions-going-back-in-time",
        lambda r: r["transitions"][1].update(at="2025-01-01T00:00:00Z"),
        {"TRANSITIONS_INVALID"},
    ),
    ("transitions-ending-elsewhere", lambda r: r["transitions"].pop(), {"TRANSITIONS_INVALID"}),
    ("timeout-as-string", lambda r: r.update(timeoutSeconds="3600"), {"FIELD_TYPE"}),
    ("huge-reason", lambda r: r.update(reason="x" * 70_000), {"FIELD_TYPE"}),
    ("unknown-field", lambda r: r.update(extra=1), {"FIELD_VALUE"}),
    ("non-ascii-field", lambda r: r.update(**{"nöte": 1}), {"NON_ASCII_KEY"}),
    ("missing-field", lambda r: r.pop("customerName"), {"FIELD_MISSING"}),
    ("vars-value-not-string", lambda r: r["vars"].update(N=5), {"FIELD_TYPE"}),
    ("legacy-false", lambda r: r.update(legacy=False), {"FIELD_VALUE"}),
    (
        "template-null-for-script",
        lambda r: r.update(template=None),
        {"FIELD_VALUE", "TEMPLATE_MISMATCH"},
    ),
    (
        "appliance-id-changed",
        lambda r: r.update(applianceId="appl-2"),
        {"APPLIANCE_MISMATCH", "BINDING_MISMATCH"},
    ),
    (
        "timestamp-with-offset",
        lambda r: r.update(submittedAt="2026-01-01T00:16:40+00:00"),
        {"FIELD_TYPE"},
    ),
]


@pytest.mark.parametrize(
    ("change", "expected"),
    [(c, e) for _, c, e in RECORD_TAMPERS],
    ids=[n for n, _, _ in RECORD_TAMPERS],
)
def test_record_tamper_fails_with_its_reason(
    tmp_path: Path, change: Any, expected: set[str]
) -> None:
    builder, objs = one_command()
    report = run(tmp_path, _mutate_and_relink(builder, objs, change))
    assert not report.ok
    assert report.records[0].result == "FAIL"
    assert codes(report) == expected
    assert report.chain.status == "PASS"  # re-linked: only the record is wrong


def test_bytes_moved_between_bound_fields_are_caught(tmp_path: Path) -> None:
    # "reason" + "DIR" concatenated are unchanged; compared field by field they differ.
    builder = ExportBuilder()
    builder.command(variables={"DIR": "/opt/myapp/data"})
    objs = objects(builder)
    record = objs[1]
    record["vars"]["DIR"] = "/opt/myapp/datatic"
    record["reason"] = "ket 42"
    resign(record, "approval", BUYER_SEED, vars={"DIR": "/opt/myapp/data"}, reason="ticket 42")
    report = run(tmp_path, relink(objs, builder))
    assert codes(report) == {"BINDING_MISMATCH"}
    reasons = " ".join(c.reason or "" for c in report.records[0].checks)
    assert "vars" in reasons and "reason" in reasons


RESIGNED_TAMPERS: list[tuple[str, str, bytes, dict[str, Any], set[str]]] = [
    ("approval-by-unpinned-key", "approval", OTHER_SEED, {}, {"KEY_NOT_TRUSTED"}),
    ("manual-approval-by-appliance-key", "approval", APPLIANCE_SEED, {}, {"KEY_WRONG_ROLE"}),
    ("integrity-by-buyer-key", "outputIntegrity", BUYER_SEED, {}, {"KEY_WRONG_ROLE"}),
    (
        "approval-without-mode",
        "approval",
        BUYER_SEED,
        {"mode": DROP},
        {"FIELD_MISSING", "ENVELOPE_FORBIDDEN"},
    ),
    (
        "approval-unknown-mode",
        "approval",
        BUYER_SEED,
        {"mode": "auto"},
        {"UNKNOWN_MODE", "ENVELOPE_FORBIDDEN"},
    ),
    ("release-unknown-mode", "release", BUYER_SEED, {"mode": "Manual"}, {"UNKNOWN_MODE"}),
    (
        "approval-wrong-kind",
        "approval",
        BUYER_SEED,
        {"kind": "t9.ops.outputApproval/v1"},
        {"WRONG_KIND", "ENVELOPE_FORBIDDEN"},
    ),
    (
        "approval-unknown-kind",
        "approval",
        BUYER_SEED,
        {"kind": "t9.ops.commandApproval/v2"},
        {"WRONG_KIND", "ENVELOPE_FORBIDDEN"},
    ),
    (
        "approval-before-submission",
        "approval",
        BUYER_SEED,
        {"decidedAt": "2025-12-31T00:00:00Z"},
        {"TIME_ORDER"},
    ),
    (
        "approval-after-timeout",
        "approval",
        BUYER_SEED,
        {"decidedAt": "2026-01-01T01:16:41Z"},
        {"APPROVAL_TIMED_OUT", "TIME_ORDER"},
    ),
    (
        "approval-rejects-completed",
        "approval",
        BUYER_SEED,
        {"decision": "reject"},
        {"DECISION_MISMATCH", "ENVELOPE_FORBIDDEN"},
    ),
    (
        "approval-extra-field",
        "approval",
        BUYER_SEED,
        {"note": "x"},
        {"FIELD_VALUE", "ENVELOPE_FORBIDDEN"},
    ),
    (
        "approval-vars-not-object",
        "approval",
        BUYER_SEED,
        {"vars": ["DIR"]},
        {"FIELD_TYPE", "ENVELOPE_FORBIDDEN"},
    ),
    (
        "approval-template-version-null",
        "approval",
        BUYER_SEED,
        {"templateVersion": None},
        {"TEMPLATE_MISMATCH"},
    ),
    (
        "integrity-nonzero-exit-completed",
        "outputIntegrity",
        APPLIANCE_SEED,
        {"exitCode": 2},
        {"EXIT_CODE_MISMATCH", "OUTPUT_HASH_MISMATCH"},
    ),
    (
        "integrity-started-before-approval",
        "outputIntegrity",
        APPLIANCE_SEED,
        {"startedAt": "2026-01-01T00:16:41Z"},
        {"TIME_ORDER", "OUTPUT_HASH_MISMATCH"},
    ),
    (
        "integrity-finished-before-start",
        "outputIntegrity",
        APPLIANCE_SEED,
        {"finishedAt": "2026-01-01T00:16:49Z"},
        {"TIME_ORDER", "OUTPUT_HASH_MISMATCH"},
    ),
    (
        "integrity-size-wrong",
        "outputIntegrity",
        APPLIANCE_SEED,
        {"stdoutSize": 7},
        {"ATTACHMENT_MISMATCH", "OUTPUT_HASH_MISMATCH"},
    ),
    (
        "integrity-other-command",
        "outputIntegrity",
        APPLIANCE_SEED,
        {"commandId": "cmd-7"},
        {"BINDING_MISMATCH", "OUTPUT_HASH_MISMATCH"},
    ),
    (
        "release-names-other-output",
        "release",
        BUYER_SEED,
        {"outputIntegritySha256": "e" * 64},
        {"OUTPUT_HASH_MISMATCH"},
    ),
    (
        "release-before-finish",
        "release",
        BUYER_SEED,
        {"decidedAt": "2026-01-01T00:16:59Z"},
        {"TIME_ORDER"},
    ),
    (
        "release-rejects-completed",
        "release",
        BUYER_SEED,
        {"decision": "reject"},
        {"DECISION_MISMATCH"},
    ),
    (
        "release-preapproved-without-preapproval",
        "release",
        APPLIANCE_SEED,
        {"mode": "preapproved", "preApprovalId": "pa-1", "approver": "preapproval:pa-1"},
        {"PREAPPROVAL_LEVEL"},
    ),
]


@pytest.mark.parametrize(
    ("slot", "seed", "changes", "expected"),
    [(s, k, c, e) for _, s, k, c, e in RESIGNED_TAMPERS],
    ids=[n for n, *_ in RESIGNED_TAMPERS],
)
def test_changed_and_resigned_envelope_fails_on_meaning(
    tmp_path: Path, slot: str, seed: bytes, changes: dict[str, Any], expected: set[str]
) -> None:
    builder, objs = one_command()
    resign(objs[1], slot, seed, **changes)
    report = run(tmp_path, relink(objs, builder))
    assert codes(report) == expected
    assert report.records[0].result == "FAIL"


def test_cmd_rejected_with_output_fails(tmp_path: Path) -> None:
    builder, objs = one_command("CmdRejected")
    completed = objects(_completed_builder())[1]
    objs[1]["outputIntegrity"] = completed["outputIntegrity"]
    report = run(tmp_path, relink(objs, builder))
    assert {"ENVELOPE_FORBIDDEN"} <= codes(report)


def _completed_builder() -> ExportBuilder:
    builder = ExportBuilder()
    builder.command("Completed")
    return builder


def test_execution_failed_accepts_null_exit_code_and_refuses_zero(tmp_path: Path) -> None:
    builder = ExportBuilder()
    builder.command("ExecutionFailed", exit_code=None)
    assert run(tmp_path, builder.lines()).ok
    builder = ExportBuilder()
    builder.command("ExecutionFailed", exit_code=1)
    objs = objects(builder)
    resign(objs[1], "outputIntegrity", APPLIANCE_SEED, exitCode=0)
    assert codes(run(tmp_path, relink(objs, builder))) == {"EXIT_CODE_MISMATCH"}


def test_kubectl_ad_hoc_command_has_null_template_fields(tmp_path: Path) -> None:
    builder, objs = one_command()
    record = objs[1]
    record["commandType"] = "Kubectl"
    record["template"] = None
    resign(
        record,
        "approval",
        BUYER_SEED,
        commandType="Kubectl",
        templateId=None,
        templateVersion=None,
        templateContentSha256=None,
    )
    assert run(tmp_path, relink(objs, builder)).ok


@pytest.mark.parametrize(
    ("raw_change", "expected"),
    [
        (lambda line: line.replace('"stdoutSize": 6', '"stdoutSize": 6.0'), "NUMBER_NOT_ALLOWED"),
        (
            lambda line: line.replace('"timeoutSeconds": 3600', '"timeoutSeconds": NaN'),
            "LINE_MALFORMED",
        ),
        (
            lambda line: line.replace('"timeoutSeconds": 3600', '"timeoutSeconds": Infinity'),
            "LINE_MALFORMED",
        ),
        (
            lambda line: line.replace(
                '"timeoutSeconds": 3600', '"timeoutSeconds": 9007199254740993'
            ),
            "NUMBER_NOT_ALLOWED",
        ),
        (
            lambda line: line.replace(
                '"reason": "ticket 42"', '"reason": "ticket 42", "reason": "other"'
            ),
            "LINE_MALFORMED",
        ),
        (
            lambda line: line.replace('"reason": "ticket 42"', '"reason": "ticket \\ud800"'),
            "LINE_MALFORMED",
        ),
        (
            lambda line: line.replace('"type": "command"', '"type": "commandx"'),
            "UNKNOWN_RECORD_TYPE",
        ),
        (lambda line: line[:-1], "LINE_MALFORMED"),
        (lambda line: "[" + line + "]", "FIELD_TYPE"),
    ],
    ids=[
        "float",
        "nan",
        "infinity",
        "big-int",
        "duplicate-key",
        "lone-surrogate",
        "unknown-type",
        "truncated",
        "array",
    ],
)
def test_malformed_line_fails_and_verification_goes_on(
    tmp_path: Path, raw_change: Any, expected: str
) -> None:
    builder = ExportBuilder()
    builder.command()
    builder.command()
    builder.command()
    lines = builder.lines()
    changed = raw_change(lines[2])
    assert changed != lines[2]
    lines[2] = changed
    report = run(tmp_path, lines)
    assert not report.ok
    assert [r.result for r in report.records] == ["PASS", "FAIL", "PASS"]
    assert expected in {c.code for c in report.records[1].checks}
    # The break is reported where it happens; the chain is verified on both sides of it.
    assert report.chain.status == "FAIL"
    assert [(r.first, r.last) for r in report.chain.verified_ranges] == [(1, 1), (3, 3)]


def test_identity_public_key_forgery_fails_without_pins(tmp_path: Path) -> None:
    # Without pins a buyer signature is checked against the envelope's key: the attacker's.
    builder, objs = one_command()
    identity = base64.b64encode(bytes([1]) + bytes(31)).decode()
    forged = base64.b64encode(bytes([1]) + bytes(63)).decode()
    objs[1]["approval"]["manifest"]["vars"] = {"DIR": "/etc"}
    objs[1]["vars"] = {"DIR": "/etc"}
    objs[1]["approval"].update(publicKey=identity, signature=forged)
    for backend in ("pynacl", "cryptography"):
        report = run(tmp_path, relink(objs, builder), pins=Pins(), backend=backend)
        assert "KEY_SMALL_ORDER" in codes(report), backend
        assert not report.ok


def test_malleated_signature_with_s_plus_l_fails(tmp_path: Path) -> None:
    from t9verify.ed25519 import L

    builder, objs = one_command()
    raw = base64.b64decode(objs[1]["approval"]["signature"])
    s = int.from_bytes(raw[32:], "little") + L
    objs[1]["approval"]["signature"] = base64.b64encode(
        raw[:32] + s.to_bytes(32, "little")
    ).decode()
    assert codes(run(tmp_path, relink(objs, builder))) == {"SIGNATURE_NONCANONICAL"}


def test_release_hash_is_over_the_canonical_integrity_manifest(tmp_path: Path) -> None:
    builder, objs = one_command()
    assert objs[1]["release"]["manifest"]["outputIntegritySha256"] == sha(
        objs[1]["outputIntegrity"]["manifest"]
    )
    assert run(tmp_path, builder.lines()).ok


def test_attachments_may_be_left_out_without_breaking_the_chain(tmp_path: Path) -> None:
    builder = ExportBuilder()
    builder.command()
    builder.command()
    objs = objects(builder)
    del objs[1]["attachments"]
    assert run(tmp_path, dump(objs)).ok


@pytest.mark.parametrize("depth", [50, 900, 5000])
def test_deeply_nested_line_fails_without_a_crash(tmp_path: Path, depth: int) -> None:
    builder = ExportBuilder()
    builder.command()
    builder.command()
    lines = builder.lines()
    record = json.loads(lines[1])
    lines[1] = json.dumps(record)[:-1] + ', "deep": ' + "[" * depth + "]" * depth + "}"
    report = run(tmp_path, lines)
    assert report.records[0].result == "FAIL"
    assert report.records[1].result in {"PASS", "FAIL"}
    assert not report.ok


def test_second_record_with_one_command_id_fails_the_later_one(tmp_path: Path) -> None:
    # One approval, bound to one commandId, must not stand for two runs.
    builder = ExportBuilder()
    builder.command()
    builder.command()
    builder.records.append(json.loads(json.dumps(builder.records[0])))
    report = run(tmp_path, builder.lines())
    assert failures(report) == {(3, "record", "COMMAND_ID_REUSED")}
    assert [r.result for r in report.records] == ["PASS", "PASS", "FAIL"]
