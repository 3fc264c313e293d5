"""Generated documents stay in step with the code, and the bundled library stays clean."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import cmdlib
from t9lint.cli import cli

ROOT = Path(__file__).resolve().parent.parent
LIBRARY = Path(cmdlib.__file__).parent / "library"


def test_rules_page_is_what_t9lint_rules_generates() -> None:
    generated = CliRunner().invoke(cli, ["rules", "--format", "markdown"])
    assert generated.exit_code == 0
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == generated.stdout, (
        "docs/rules.md is stale: run `t9lint rules --format markdown > docs/rules.md`"
    )


def test_every_rule_has_an_anchor_in_the_rules_page() -> None:
    page = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    listed = CliRunner().invoke(cli, ["check", "--format", "sarif", "--no-cache", str(LIBRARY)])
    rules = json.loads(listed.stdout)["runs"][0]["tool"]["driver"]["rules"]
    assert len(rules) >= 40
    for rule in rules:
        anchor = rule["helpUri"].split("#", 1)[1]
        assert f'<a id="{anchor}"></a>' in page, rule["id"]


@pytest.mark.parametrize("shellcheck", ["--shellcheck", "--no-shellcheck"])
def test_the_bundled_library_lints_clean_at_every_severity(shellcheck: str) -> None:
    args = ["check", "--no-cache", "--fail-on", "info", "--format", "json", str(LIBRARY)]
    if shellcheck == "--no-shellcheck":
        args.insert(1, shellcheck)
    result = CliRunner().invoke(cli, args)
    report = json.loads(result.stdout)
    assert report["findings"] == []
    assert result.exit_code == 0
    assert report["summary"]["filesChecked"] >= 20
