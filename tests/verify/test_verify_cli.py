"""The t9verify command line through click's CliRunner: exit codes, outputs, schemas."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner
from verify_export_builder import (
    APPLIANCE_SEED,
    BUYER_SEED,
    OTHER_SEED,
    ExportBuilder,
    fingerprint,
    public_b64,
    record_hash,
    trust_file,
)
from verify_helpers import dump, objects

from t9verify import __version__
from t9verify.cli import main
from t9verify.reasons import Reason

ROOT = Path(__file__).resolve().parent.parent.parent
SCHEMAS = ROOT / "schemas"


def schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    return loaded


def export(
    tmp_path: Path, builder: ExportBuilder | None = None, lines: list[str] | None = None
) -> Path:
    if builder is None:
        builder = ExportBuilder()
        builder.command("Completed")
        builder.command("Executing")
    path = tmp_path / "export.jsonl"
    path.write_text(
        "\n".join(lines if lines is not None else builder.lines()) + "\n", encoding="utf-8"
    )
    return path


def invoke(*args: str) -> Any:
    return CliRunner().invoke(main, ["audit", "verify", *args])


def test_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


def test_verified_export_exits_0_with_text_lines(tmp_path: Path) -> None:
    result = invoke(
        str(export(tmp_path)), "--trust", str(trust_file(tmp_path / "t.json")), "--jobs", "1"
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "[PASS] disk-usage-0 (seq 1)"
    assert lines[1] == "[PENDING] disk-usage-1 (seq 2)"
    assert lines[2].startswith("[PASS] chain: seq 1..2, 2 records, head ")
    assert lines[-1].startswith("VERIFIED: 2 records")


def test_failed_record_exits_1_with_reason_expected_and_actual(tmp_path: Path) -> None:
    builder = ExportBuilder()
    builder.command()
    objs = objects(builder)
    objs[1]["approval"]["manifest"]["permissions"] = "Admin"
    result = invoke(
        str(export(tmp_path, lines=dump(objs))), "--trust", str(trust_file(tmp_path / "t.json"))
    )
    assert result.exit_code == 1
    first = result.output.splitlines()[0]
    assert first.startswith("[FAIL] disk-usage-0 (seq 1): commandApproval: ")
    assert "permissions: expected 'ReadOnly', actual 'Admin'" in first
    assert "[SIGNATURE_INVALID]" in first
    assert result.output.splitlines()[-1].startswith("FAILED: ")


def test_json_output_matches_the_schema_and_is_deterministic(tmp_path: Path) -> None:
    builder = ExportBuilder()
    builder.preapproval("pa-1")
    builder.legacy()
    builder.command(preapproval="pa-1")
    builder.command("Executing")
    objs = objects(builder)
    objs[4]["reason"] = "changed"
    path = export(tmp_path, lines=dump(objs))
    args = [str(path), "--trust", str(trust_file(tmp_path / "t.json")), "--output", "json"]
    first, second = invoke(*args), invoke(*args, "--jobs", "2")
    assert first.exit_code == 1
    assert first.output == second.output
    document = json.loads(first.output)
    jsonschema.validate(document, schema("verify-report.schema.json"))
    assert list(document) == ["ok", "strict", "summary", "chain", "records"]
    assert document["ok"] is False
    codes = {c["code"] for r in document["records"] for c in r["checks"] if c["status"] == "FAIL"}
    assert codes <= {reason.value for reason in Reason}
    assert "LEGACY_AFTER_SIGNED" in codes
    assert document["records"][2]["checks"][0]["trustAnchor"] == "pinned-appliance"


def test_json_output_of_a_passing_export_says_ok(tmp_path: Path) -> None:
    result = invoke(
        str(export(tmp_path)), "--trust", str(trust_file(tmp_path / "t.json")), "--output", "json"
    )
    assert result.exit_code == 0
    document = json.loads(result.output)
    jsonschema.validate(document, schema("verify-report.schema.json"))
    assert document["ok"] is True
    assert document["chain"]["verifiedRanges"] == [{"from": 1, "to": 2}]


def test_key_options_pin_like_a_trust_file(tmp_path: Path) -> None:
    path = str(export(tmp_path))
    ok = invoke(
        path, "--appliance-key", public_b64(APPLIANCE_SEED), "--buyer-key", fingerprint(BUYER_SEED)
    )
    assert ok.exit_code == 0, ok.output
    by_key = invoke(
        path, "--appliance-key", public_b64(APPLIANCE_SEED), "--buyer-key", public_b64(BUYER_SEED)
    )
    assert by_key.exit_code == 0
    wrong = invoke(
        path, "--appliance-key", public_b64(APPLIANCE_SEED), "--buyer-key", public_b64(OTHER_SEED)
    )
    assert wrong.exit_code == 1
    assert "KEY_NOT_TRUSTED" in wrong.output


def test_no_pins_says_unpinned_and_strict_fails(tmp_path: Path) -> None:
    path = str(export(tmp_path))
    relaxed = invoke(path)
    assert relaxed.exit_code == 0
    assert "unpinned" in relaxed.output.splitlines()[-1]
    strict = invoke(path, "--strict")
    assert strict.exit_code == 1
    assert "[UNPINNED]" in strict.output


def test_expect_head_and_count_options(tmp_path: Path) -> None:
    builder = ExportBuilder()
    builder.command()
    head = record_hash(objects(builder)[1])
    path = str(export(tmp_path, builder))
    trust = str(trust_file(tmp_path / "t.json"))
    assert (
        invoke(path, "--trust", trust, "--expect-head", head, "--expect-count", "1").exit_code == 0
    )
    wrong = invoke(path, "--trust", trust, "--expect-count", "2")
    assert wrong.exit_code == 1
    assert "EXPECTED_COUNT_MISMATCH" in wrong.output


def test_after_option(tmp_path: Path) -> None:
    old = ExportBuilder()
    old.command()
    old_path = tmp_path / "old.jsonl"
    old_path.write_text("\n".join(old.lines()) + "\n", encoding="utf-8")
    new = ExportBuilder()
    new.command()
    new.command()
    trust = str(trust_file(tmp_path / "t.json"))
    assert (
        invoke(str(export(tmp_path, new)), "--trust", trust, "--after", str(old_path)).exit_code
        == 0
    )
    other = ExportBuilder()
    other.command(name="rewritten")
    other.command()
    result = invoke(str(export(tmp_path, other)), "--trust", trust, "--after", str(old_path))
    assert result.exit_code == 1
    assert "NOT_AN_EXTENSION" in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["--output", "xml"],
        ["--jobs", "0"],
        ["--expect-head", "abc"],
        ["--expect-count", "-1"],
        ["--appliance-key", "not-a-key"],
        ["--buyer-key", "SHA256:???"],
        ["--trust", "/nonexistent/trust.json"],
        ["--after", "/nonexistent/old.jsonl"],
        ["--preapprovals", "/nonexistent/pre.jsonl"],
        ["--unknown-flag"],
    ],
)
def test_wrong_arguments_exit_2(tmp_path: Path, args: list[str]) -> None:
    result = invoke(str(export(tmp_path)), *args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_missing_export_exits_2(tmp_path: Path) -> None:
    result = invoke(str(tmp_path / "absent.jsonl"))
    assert result.exit_code == 2
    assert "cannot open" in result.output


def test_export_that_is_a_directory_exits_2(tmp_path: Path) -> None:
    directory = tmp_path / "dir.jsonl"
    directory.mkdir()
    assert invoke(str(directory)).exit_code == 2


def test_export_that_is_not_utf8_exits_2(tmp_path: Path) -> None:
    path = export(tmp_path)
    path.write_bytes(path.read_bytes().replace(b"ticket 42", b"ticket \xff\xfe"))
    result = invoke(str(path))
    assert result.exit_code == 2
    assert "not UTF-8" in result.output
    assert result.output.count("\n") == 1  # nothing verified, nothing printed but the error


def test_bad_header_is_a_verification_failure_not_an_error(tmp_path: Path) -> None:
    lines = ExportBuilder().lines()
    lines[0] = "garbage"
    result = invoke(str(export(tmp_path, lines=lines)))
    assert result.exit_code == 1
    assert "HEADER_INVALID" in result.output


def test_unexpected_error_exits_3_with_please_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from t9verify import engine

    def boom(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("bug")

    monkeypatch.setattr(engine, "evaluate", boom)
    result = invoke(str(export(tmp_path)))
    assert result.exit_code == 3
    assert "please report" in result.output


def test_ctrl_c_exits_130(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from t9verify import engine

    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(engine, "evaluate", interrupted)
    assert invoke(str(export(tmp_path))).exit_code == 130


def test_builder_exports_match_the_audit_schema(tmp_path: Path) -> None:
    builder = ExportBuilder()
    builder.preapproval("pa-1", level="FullyPreApprove")
    builder.legacy()
    for lifecycle in ("Completed", "CmdRejected", "Executing", "Timeout"):
        builder.command(lifecycle)
    builder.command(preapproval="pa-1", fully=True)
    builder.revocation("pa-1", at=10**5)
    validator = jsonschema.Draft202012Validator(schema("audit-export.schema.json"))
    for obj in objects(builder):
        validator.validate(obj)
    bad = objects(builder)[2]
    bad["timeoutSeconds"] = 1.5
    assert not validator.is_valid(bad)


def test_trust_files_match_the_trust_schema(tmp_path: Path) -> None:
    data = json.loads(trust_file(tmp_path / "t.json").read_text())
    jsonschema.validate(data, schema("trust.schema.json"))


# ---- manifest verify ---------------------------------------------------------------------


def manifest_file(tmp_path: Path, envelope: dict[str, Any]) -> str:
    path = tmp_path / "envelope.json"
    path.write_text(json.dumps(envelope), encoding="utf-8")
    return str(path)


def approval_envelope() -> dict[str, Any]:
    builder = ExportBuilder()
    builder.command()
    envelope: dict[str, Any] = objects(builder)[1]["approval"]
    return envelope


def test_manifest_verify_passes_a_pinned_approval(tmp_path: Path) -> None:
    path = manifest_file(tmp_path, approval_envelope())
    result = CliRunner().invoke(
        main,
        [
            "manifest",
            "verify",
            path,
            "--buyer-key",
            public_b64(BUYER_SEED),
            "--kind",
            "t9.ops.commandApproval/v1",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        "[PASS] t9.ops.commandApproval/v1: signed by alice@acme (SHA256:"
    )


def test_manifest_verify_json_matches_the_schema(tmp_path: Path) -> None:
    path = manifest_file(tmp_path, approval_envelope())
    result = CliRunner().invoke(
        main,
        ["manifest", "verify", path, "--buyer-key", public_b64(BUYER_SEED), "--output", "json"],
    )
    document = json.loads(result.output)
    report_schema = schema("verify-report.schema.json")
    jsonschema.validate(
        document, {**report_schema["$defs"]["manifestReport"], "$defs": report_schema["$defs"]}
    )
    assert document["ok"] is True


@pytest.mark.parametrize(
    ("change", "args", "code"),
    [
        (
            lambda e: e["manifest"].update(vars={}),
            ["--buyer-key", public_b64(BUYER_SEED)],
            "SIGNATURE_INVALID",
        ),
        (lambda e: None, ["--buyer-key", public_b64(OTHER_SEED)], "KEY_NOT_TRUSTED"),
        (lambda e: None, ["--appliance-key", public_b64(BUYER_SEED)], "KEY_NOT_TRUSTED"),
        (
            lambda e: None,
            ["--buyer-key", public_b64(BUYER_SEED), "--kind", "t9.ops.outputApproval/v1"],
            "WRONG_KIND",
        ),
        (lambda e: e["manifest"].update(kind="t9.ops.unknown/v1"), [], "WRONG_KIND"),
        (lambda e: e["manifest"].pop("mode"), [], "FIELD_MISSING"),
        (lambda e: e.pop("signature"), [], "ENVELOPE_INVALID"),
    ],
    ids=[
        "changed",
        "other-buyer",
        "appliance-only-pins",
        "kind-option",
        "unknown-kind",
        "no-mode",
        "no-signature",
    ],
)
def test_manifest_verify_failures_exit_1(
    tmp_path: Path, change: Any, args: list[str], code: str
) -> None:
    envelope = approval_envelope()
    change(envelope)
    result = CliRunner().invoke(
        main, ["manifest", "verify", manifest_file(tmp_path, envelope), *args]
    )
    assert result.exit_code == 1, result.output
    assert f"[{code}]" in result.output
    assert result.output.splitlines()[-1] == "FAILED"


def test_manifest_verify_of_a_float_manifest_fails(tmp_path: Path) -> None:
    path = tmp_path / "envelope.json"
    path.write_text(
        '{"manifest": {"kind": 1.0}, "publicKey": "", "signature": ""}', encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["manifest", "verify", str(path)])
    assert result.exit_code == 1
    assert "NUMBER_NOT_ALLOWED" in result.output


def test_manifest_verify_of_a_missing_file_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["manifest", "verify", str(tmp_path / "absent.json")])
    assert result.exit_code == 2


def test_manifest_verify_accepts_a_checkpoint_line(tmp_path: Path) -> None:
    builder = ExportBuilder()
    builder.command()
    checkpoint = objects(builder)[-1]
    path = manifest_file(tmp_path, checkpoint)
    result = CliRunner().invoke(
        main, ["manifest", "verify", path, "--appliance-key", public_b64(APPLIANCE_SEED)]
    )
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("output", ["text", "json"])
def test_unreadable_export_exits_2_with_either_reporter(tmp_path: Path, output: str) -> None:
    result = invoke(str(tmp_path / "absent.jsonl"), "--output", output)
    assert result.exit_code == 2
    assert result.stdout == ""


def test_library_verify_raises_with_the_first_failure(tmp_path: Path) -> None:
    from verify_helpers import PINS

    from t9verify.engine import VerifyOptions, verify
    from t9verify.errors import VerificationFailed

    builder = ExportBuilder()
    builder.command()
    good = export(tmp_path, builder)
    assert verify(VerifyOptions(export=good, pins=PINS, jobs=1)).ok
    objs = objects(builder)
    objs[1]["body"] = "reboot\n"
    bad = export(tmp_path, lines=dump(objs))
    with pytest.raises(VerificationFailed) as info:
        verify(VerifyOptions(export=bad, pins=PINS, jobs=1))
    assert info.value.reason == Reason.BODY_HASH_MISMATCH
    assert info.value.exit_code == 1


def test_progress_goes_to_stderr_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    from t9verify import cli

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    show = cli._progress()
    assert show is not None
    show(2000)
    assert "2000 lines checked" in terminal.getvalue()
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert cli._progress() is None


def test_a_reader_that_stops_early_gets_exit_1_and_no_traceback(tmp_path: Path) -> None:
    builder = ExportBuilder()
    for _ in range(120):
        builder.command("Completed")
    path = export(tmp_path, builder)
    trust = trust_file(tmp_path / "trust.json")
    command = [str(Path(sys.executable).parent / "t9verify"), "audit", "verify", str(path)]
    with subprocess.Popen(
        [*command, "--trust", str(trust), "--output", "json", "--jobs", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        assert process.stdout.read(100)
        process.stdout.close()
        errors = process.stderr.read().decode()
        code = process.wait(timeout=120)
    assert "Traceback" not in errors and "internal error" not in errors
    assert code == 1  # the verdict never reached the reader: never success
