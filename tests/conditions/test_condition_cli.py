"""What the evaluator decides reaches users through the real ``t9lint check`` command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

DATA = Path(__file__).parent.parent / "data" / "conditions"


def _findings(name: str) -> list[dict[str, object]]:
    done = subprocess.run(
        [sys.executable, "-c", "from t9lint.cli import main; main()", "check", "--no-cache",
         "--no-shellcheck", "--exit-zero", "--select", "T92", "--format", "json",
         str(DATA / name)],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    findings = json.loads(done.stdout)["findings"]
    assert isinstance(findings, list)
    return findings


def _not_evaluable(findings: list[dict[str, object]]) -> list[dict[str, object]]:
    return [f for f in findings if "not evaluable" in str(f.get("message", ""))]


def test_condition_outside_the_subset_is_reported_with_the_construct_and_line() -> None:
    found = _not_evaluable(_findings("validation-outside-the-subset.t9.sh"))
    assert len(found) == 1
    assert "cidrhost()" in str(found[0]["message"])
    assert found[0]["line"] == 13


def test_conditions_inside_the_subset_are_not_reported_as_not_evaluable() -> None:
    assert _not_evaluable(_findings("validations-of-every-idiom.t9.tf")) == []
