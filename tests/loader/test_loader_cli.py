"""Loader diagnostics reach users through the real ``t9lint check`` command line."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from loader_support import TEMPLATES


def lint_json(folder: Path, *names: str) -> tuple[int, list[dict[str, object]], str]:
    result = subprocess.run(
        [sys.executable, "-m", "t9lint", "check", "--select", "T9001", "--format", "json", *names],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    report = json.loads(result.stdout) if result.stdout.strip() else {"findings": []}
    return result.returncode, list(report["findings"]), result.stderr


def positions(findings: list[dict[str, object]]) -> list[tuple[object, object, object]]:
    return [(f["path"], f["line"], f["column"]) for f in findings]


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    for name in (
        "unterminated-heredoc.t9.tf",
        "two-syntax-errors.t9.tf",
        "metadata-without-closing-marker.t9.sh",
        "line-not-kubectl.t9.kubectl",
        "disk-usage.t9.tf",
    ):
        shutil.copy(TEMPLATES / name, tmp_path / name)
    return tmp_path


def test_syntax_errors_reach_the_cli_with_their_positions(workdir: Path) -> None:
    code, findings, stderr = lint_json(
        workdir, "unterminated-heredoc.t9.tf", "two-syntax-errors.t9.tf"
    )
    assert code == 1
    assert "Traceback" not in stderr
    assert positions(findings) == [
        ("two-syntax-errors.t9.tf", 6, 22),
        ("two-syntax-errors.t9.tf", 10, 23),
        ("unterminated-heredoc.t9.tf", 3, 22),
        ("unterminated-heredoc.t9.tf", 6, 1),
    ]


def test_script_and_kubectl_problems_reach_the_cli(workdir: Path) -> None:
    code, findings, _ = lint_json(
        workdir, "metadata-without-closing-marker.t9.sh", "line-not-kubectl.t9.kubectl"
    )
    assert code == 1
    assert ("line-not-kubectl.t9.kubectl", 5, 1) in positions(findings)
    assert ("metadata-without-closing-marker.t9.sh", 2, 1) in positions(findings)


def test_a_clean_template_has_no_parse_finding(workdir: Path) -> None:
    code, findings, _ = lint_json(workdir, "disk-usage.t9.tf")
    assert (code, findings) == (0, [])


def test_binary_and_undecodable_files_are_one_finding_each_and_no_traceback(
    tmp_path: Path,
) -> None:
    (tmp_path / "blob.t9.sh").write_bytes(bytes(range(1, 256)) * 3)
    (tmp_path / "nul.t9.tf").write_bytes(b"a\x00b")
    (tmp_path / "latin1.t9.kubectl").write_bytes(
        ": <<'TENSOR9'\nname = \"caf\xe9\"\nTENSOR9\nkubectl get pods\n".encode("latin-1")
    )
    code, findings, stderr = lint_json(tmp_path, "blob.t9.sh", "nul.t9.tf", "latin1.t9.kubectl")
    assert code == 1
    assert "Traceback" not in stderr
    assert positions(findings) == [
        ("blob.t9.sh", 1, 1),
        ("latin1.t9.kubectl", 2, 12),
        ("nul.t9.tf", 1, 2),
    ]
