"""Baselines: keyed on code, path and snippet with counts; never on line numbers."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from cmdlib.model import Severity, Span
from t9lint.baseline import apply_baseline, read_baseline, write_baseline
from t9lint.errors import BaselineError
from t9lint.findings import Finding

RunCli = Callable[..., Result]
LINT_DATA = Path(__file__).resolve().parent.parent / "data" / "lint"


def _finding(line: int, snippet: str = "echo ${var.X}", path: str = "a.t9.sh") -> Finding:
    return Finding(
        "T9301", "shell-injection", Severity.ERROR, path, Span.point(line, 1), "m", None, snippet
    )


def test_written_baseline_is_sorted_counted_and_stable(tmp_path: Path) -> None:
    findings = [_finding(9), _finding(3), _finding(5, "other"), _finding(1, path="b.t9.sh")]
    write_baseline(Path("baseline.json"), findings, tmp_path)
    first = (tmp_path / "baseline.json").read_bytes()
    write_baseline(Path("baseline.json"), list(reversed(findings)), tmp_path)
    assert (tmp_path / "baseline.json").read_bytes() == first
    entries = json.loads(first)["entries"]
    assert entries == [
        {"code": "T9301", "count": 2, "path": "a.t9.sh", "snippet": "echo ${var.X}"},
        {"code": "T9301", "count": 1, "path": "a.t9.sh", "snippet": "other"},
        {"code": "T9301", "count": 1, "path": "b.t9.sh", "snippet": "echo ${var.X}"},
    ]
    assert b'"line"' not in first


def test_baseline_hides_moved_findings_but_not_a_second_copy(tmp_path: Path) -> None:
    write_baseline(Path("b.json"), [_finding(3)], tmp_path)
    counts = read_baseline(Path("b.json"), tmp_path)
    outcome = apply_baseline([_finding(40), _finding(41)], counts, Path("b.json"), tmp_path)
    assert outcome.kept == (_finding(41),)
    assert (outcome.baselined, outcome.stale) == (1, 0)


def test_whitespace_changes_do_not_resurrect_a_finding(tmp_path: Path) -> None:
    write_baseline(Path("b.json"), [_finding(3, "echo   ${var.X}")], tmp_path)
    counts = read_baseline(Path("b.json"), tmp_path)
    outcome = apply_baseline([_finding(3, "echo ${var.X}")], counts, Path("b.json"), tmp_path)
    assert outcome.kept == ()


def test_changed_interpolation_is_a_new_finding(tmp_path: Path) -> None:
    write_baseline(Path("b.json"), [_finding(3, "echo ${var.X}")], tmp_path)
    counts = read_baseline(Path("b.json"), tmp_path)
    outcome = apply_baseline([_finding(3, "echo ${var.Y}")], counts, Path("b.json"), tmp_path)
    assert len(outcome.kept) == 1
    assert outcome.stale == 1


def test_baseline_paths_are_relative_to_the_baseline_file(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    write_baseline(Path("sub/b.json"), [_finding(3, path="sub/a.t9.sh")], tmp_path)
    assert json.loads((tmp_path / "sub/b.json").read_text())["entries"][0]["path"] == "a.t9.sh"
    # The same tree linted from inside sub/ still matches.
    counts = read_baseline(Path("b.json"), tmp_path / "sub")
    outcome = apply_baseline(
        [_finding(8, path="a.t9.sh")], counts, Path("b.json"), tmp_path / "sub"
    )
    assert outcome.kept == ()


@pytest.mark.parametrize(
    "content",
    ["not json", '{"version": 99, "entries": []}', '{"version": 1, "entries": [{"code": 1}]}'],
)
def test_malformed_baseline_is_a_baseline_error(tmp_path: Path, content: str) -> None:
    (tmp_path / "b.json").write_text(content, encoding="utf-8")
    with pytest.raises(BaselineError):
        read_baseline(Path("b.json"), tmp_path)


def test_missing_baseline_exits_two(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("check", "--baseline", "nope.json", cwd=tmp_path)
    assert result.exit_code == 2
    assert "nope.json: cannot read baseline" in result.stderr


def test_write_then_use_baseline_through_the_cli(run_cli: RunCli, tmp_path: Path) -> None:
    broken = (LINT_DATA / "metadata-without-closing-marker.t9.sh").read_bytes()
    (tmp_path / "old.t9.sh").write_bytes(broken)
    written = run_cli("check", "--select", "T9001", "--write-baseline", "b.json", cwd=tmp_path)
    assert written.exit_code == 0
    assert "baseline written with 2 entries" in written.stderr
    (tmp_path / "new.t9.sh").write_bytes(broken)
    checked = run_cli(
        "check", "--select", "T9001", "-f", "concise", "--baseline", "b.json", cwd=tmp_path
    )
    assert checked.exit_code == 1
    assert {line.split(":")[0] for line in checked.stdout.splitlines()} == {"new.t9.sh"}
    assert "2 baselined" in checked.stderr
    (tmp_path / "old.t9.sh").unlink()
    stale = run_cli("check", "--select", "T9001", "--baseline", "b.json", cwd=tmp_path)
    assert "2 stale baseline entries" in stale.stderr
