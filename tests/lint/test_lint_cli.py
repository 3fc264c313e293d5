"""The t9lint command line: arguments, exit codes, output routing, messages."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from click.testing import Result

from t9lint import __version__
from t9lint.cli import OutputTarget, output_targets

RunCli = Callable[..., Result]
Tree = Callable[[Sequence[str]], Path]
# The rules whose output these tests rely on: the parse rule and the engine's meta rules.
FRAMEWORK_RULES = "T9001,T9002,T9003,T9004"


def test_version_prints_the_package_version(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("--version", cwd=tmp_path)
    assert result.exit_code == 0
    assert result.stdout == f"t9lint {__version__}\n"


def test_clean_tree_exits_zero_with_summary_on_stderr(run_cli: RunCli, tree: Tree) -> None:
    root = tree(["valid-script-template.t9.sh", "valid-terraform-template.t9.tf"])
    result = run_cli("check", "--select", FRAMEWORK_RULES, cwd=root)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "0 findings in 0 files" in result.stderr
    assert "2 files checked" in result.stderr


def test_parse_error_exits_one_and_names_position(run_cli: RunCli, tree: Tree) -> None:
    root = tree(["metadata-without-closing-marker.t9.sh", "valid-script-template.t9.sh"])
    result = run_cli("check", "--select", FRAMEWORK_RULES, "--format", "concise", cwd=root)
    assert result.exit_code == 1
    assert result.stdout.startswith("metadata-without-closing-marker.t9.sh:2:1: error T9001 ")
    assert "valid-script-template" not in result.stdout
    assert "in 1 file (" in result.stderr


def test_text_format_shows_source_line_and_caret(run_cli: RunCli, tree: Tree) -> None:
    root = tree(["metadata-without-closing-marker.t9.sh"])
    result = run_cli("check", "--select", "T9001", cwd=root)
    lines = result.stdout.splitlines()
    assert lines[0].startswith(
        "metadata-without-closing-marker.t9.sh:2:1: T9001 error parse-error:"
    )
    assert lines[1] == "  2 | : <<'TENSOR9'"
    assert lines[2].startswith("    | ^")


def test_missing_path_exits_two_without_traceback(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("check", "no-such-dir", cwd=tmp_path)
    assert result.exit_code == 2
    assert "no-such-dir: no such file or directory" in result.stderr
    assert "Traceback" not in result.stderr


def test_explicit_non_template_file_is_skipped_silently(run_cli: RunCli, tree: Tree) -> None:
    root = tree(["not-a-template.txt", "metadata-without-closing-marker.t9.sh"])
    result = run_cli("check", "--select", "T9001", "not-a-template.txt", cwd=root)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "0 files checked" in result.stderr


def test_explicit_template_file_lints_only_that_file(run_cli: RunCli, tree: Tree) -> None:
    root = tree(
        ["metadata-without-closing-marker.t9.sh", "metadata-block-without-closing-brace.t9.tf"]
    )
    result = run_cli(
        "check",
        "--select",
        "T9001",
        "-f",
        "concise",
        "metadata-block-without-closing-brace.t9.tf",
        cwd=root,
    )
    assert result.exit_code == 1
    assert {line.split(":")[0] for line in result.stdout.splitlines()} == {
        "metadata-block-without-closing-brace.t9.tf"
    }


def test_unknown_rule_in_select_exits_two(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("check", "--select", "T9XYZ", cwd=tmp_path)
    assert result.exit_code == 2
    assert "'T9XYZ' names no rule" in result.stderr


def test_unknown_format_is_a_usage_error(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("check", "--format", "xml", cwd=tmp_path)
    assert result.exit_code == 2


def test_fail_on_warning_fails_on_a_warning(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "unused-suppression.t9.sh").write_text(
        (Path(__file__).parent.parent / "data/lint/valid-script-template.t9.sh")
        .read_text()
        .replace("set -euo pipefail", "# t9lint-ignore: no-such-rule -- stale\nset -euo pipefail"),
        encoding="utf-8",
    )
    default = run_cli("check", "--select", FRAMEWORK_RULES, cwd=tmp_path)
    strict = run_cli("check", "--select", FRAMEWORK_RULES, "--fail-on", "warning", cwd=tmp_path)
    zero = run_cli(
        "check", "--select", FRAMEWORK_RULES, "--fail-on", "info", "--exit-zero", cwd=tmp_path
    )
    assert "T9003" in default.stdout
    assert (default.exit_code, strict.exit_code, zero.exit_code) == (0, 1, 0)


def test_json_to_file_and_text_to_stdout(run_cli: RunCli, tree: Tree) -> None:
    root = tree(["metadata-without-closing-marker.t9.sh"])
    result = run_cli(
        "check",
        "--select",
        "T9001",
        "--format",
        "json",
        "--output",
        "report.json",
        "--format",
        "concise",
        cwd=root,
    )
    assert result.exit_code == 1
    document = json.loads((root / "report.json").read_text(encoding="utf-8"))
    assert document["summary"]["findings"] == len(result.stdout.splitlines()) >= 1
    assert result.stdout.startswith("metadata-without-closing-marker.t9.sh:")


def test_two_formats_on_stdout_is_a_usage_error(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("check", "--format", "json", "--format", "text", cwd=tmp_path)
    assert result.exit_code == 2
    assert "at most one --format may go to stdout" in result.stderr


def test_output_without_format_is_a_usage_error(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("check", "--output", "x.txt", cwd=tmp_path)
    assert result.exit_code == 2
    assert "--output must follow" in result.stderr


def test_output_binds_to_the_preceding_format() -> None:
    args = ["--format", "sarif", "-o", "a.sarif", "--format=text", "--format", "json", "--output=b"]
    assert output_targets(args) == [
        OutputTarget("sarif", Path("a.sarif")),
        OutputTarget("text", None),
        OutputTarget("json", Path("b")),
    ]


def test_short_options_with_attached_values_bind_too() -> None:
    assert output_targets(["-fsarif", "-oa.sarif", "-f", "json"]) == [
        OutputTarget("sarif", Path("a.sarif")),
        OutputTarget("json", None),
    ]


def test_arguments_after_double_dash_are_not_options() -> None:
    assert output_targets(["--format", "json", "--", "--output", "x"]) == [
        OutputTarget("json", None)
    ]


def test_unwritable_output_exits_two(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("check", "--format", "json", "--output", "missing/dir/r.json", cwd=tmp_path)
    assert result.exit_code == 2
    assert "cannot write json output" in result.stderr


def test_internal_error_exits_three_with_please_report(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*_args: object, **_kwargs: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr("t9lint.engine.lint", explode)
    result = run_cli("check", cwd=tmp_path)
    assert result.exit_code == 3
    assert "please report" in result.stderr
    assert "Traceback" not in result.stderr


def test_internal_error_shows_traceback_with_debug(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*_args: object, **_kwargs: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr("t9lint.engine.lint", explode)
    monkeypatch.setenv("T9LINT_DEBUG", "1")
    result = run_cli("check", cwd=tmp_path)
    assert result.exit_code == 3
    assert "Traceback" in result.stderr


def test_interrupt_exits_130(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("t9lint.engine.lint", interrupted)
    result = run_cli("check", cwd=tmp_path)
    assert result.exit_code == 130
    assert "interrupted" in result.stderr


def test_rules_lists_every_rule_with_code_and_name(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("rules", cwd=tmp_path)
    assert result.exit_code == 0
    first = result.stdout.splitlines()[0].split()
    assert first[:4] == ["T9001", "parse-error", "error", "parse"]
    assert any(line.startswith("T9003  unused-suppression") for line in result.stdout.splitlines())


@pytest.mark.parametrize("selector", ["T9004", "t9004", "unsuppressible-rule"])
def test_rules_explains_one_rule(run_cli: RunCli, tmp_path: Path, selector: str) -> None:
    result = run_cli("rules", selector, cwd=tmp_path)
    assert result.exit_code == 0
    assert result.stdout.startswith("T9004 unsuppressible-rule (error, meta)")
    for heading in ("Why:", "Bad:", "Good:", "Suppressible: no", "Docs: docs/rules.md#t9004"):
        assert heading in result.stdout


def test_rules_unknown_rule_exits_two(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("rules", "T9ZZZ", cwd=tmp_path)
    assert result.exit_code == 2
    assert "no rule 'T9ZZZ'" in result.stderr


def test_rules_markdown_has_stable_anchors(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("rules", "--format", "markdown", cwd=tmp_path)
    assert '<a id="t9001"></a>' in result.stdout
    assert "## T9002 suppression-without-reason" in result.stdout


def test_installed_console_script_runs_as_a_process(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("t9lint")
    if not script.exists():
        pytest.skip("the t9lint console script is not installed beside this interpreter")
    completed = subprocess.run(
        [str(script), "check", "does-not-exist"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 2
    assert "does-not-exist: no such file or directory" in completed.stderr


def test_version_imports_nothing_heavy() -> None:
    code = (
        "import sys\n"
        "from t9lint.cli import cli\n"
        "try:\n    cli(['--version'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('jsonschema', 'jinja2', 'tree_sitter', 't9lint.engine')"
        " if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert completed.stdout.splitlines()[-1] == ""


def test_check_without_config_does_not_import_jsonschema_or_jinja2(tree: Tree) -> None:
    root = tree(["valid-script-template.t9.sh"])
    code = (
        "import sys\n"
        "from t9lint.cli import cli\n"
        "try:\n    cli(['check', '--no-cache', '--select', 'T9001', '.'])\n"
        "except SystemExit:\n    pass\n"
        "print(','.join(m for m in ('jsonschema', 'jinja2') if m in sys.modules))\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    assert completed.stdout.splitlines()[-1] == ""


class _Terminal:
    """A stand-in stderr that says it is a terminal and records what is written."""

    def __init__(self) -> None:
        self.written: list[str] = []

    def isatty(self) -> bool:
        return True

    def write(self, text: str | bytes) -> int:
        self.written.append(text.decode() if isinstance(text, bytes) else text)
        return len(text)

    def flush(self) -> None:
        pass


def test_progress_shows_on_a_terminal_for_many_files(monkeypatch: pytest.MonkeyPatch) -> None:
    from t9lint import cli as cli_module

    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    show = cli_module._progress_printer()
    assert show is not None
    show(10, 500)
    show(500, 500)
    assert "".join(terminal.written) == "\rt9lint: 10/500 files\r\033[K"


def test_progress_stays_quiet_for_few_files_or_without_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from t9lint import cli as cli_module

    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    show = cli_module._progress_printer()
    assert show is not None
    show(3, 4)
    assert terminal.written == []
    monkeypatch.setattr(terminal, "isatty", lambda: False)
    assert cli_module._progress_printer() is None


def test_dangling_template_symlink_exits_two(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "dangling.t9.tf").symlink_to(tmp_path / "missing-target")
    result = run_cli("check", cwd=tmp_path)
    assert result.exit_code == 2
    assert "dangling.t9.tf: cannot read" in result.stderr


def test_binary_file_is_a_parse_error_not_a_crash(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "binary.t9.sh").write_bytes(b"\xff\xfe\x00\x01binary")
    result = run_cli("check", "--select", "T9001", "-f", "concise", cwd=tmp_path)
    assert result.exit_code == 1
    assert result.stdout.startswith("binary.t9.sh:1:")
    assert " error T9001 " in result.stdout


def test_crashing_rule_is_an_internal_error_naming_rule_and_file(
    run_cli: RunCli, tree: Tree, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dataclasses import replace

    from t9lint.rules.base import REGISTRY, all_rules

    for _ in all_rules():
        pass

    def crash(_ctx: object) -> list[object]:
        raise ValueError("rule bug")

    monkeypatch.setitem(REGISTRY, "T9001", replace(REGISTRY["T9001"], check_file=crash))
    root = tree(["valid-script-template.t9.sh"])
    result = run_cli("check", "--no-cache", "--select", "T9001", cwd=root)
    assert result.exit_code == 3
    assert "rule T9001 failed on valid-script-template.t9.sh" in result.stderr
    assert "please report" in result.stderr
