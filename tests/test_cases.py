"""Folder-of-cases tests: every rule has bad and good example trees run through the real CLI.

Layout (see tests/cases/README.md): ``tests/cases/<CODE>-<name>/{bad,good}/`` holds
template files and ``expected.txt``, the exact ``t9lint check --no-cache --format
concise .`` output run from inside that directory. Without a configuration file in the
case directory the run adds ``--select <CODE>``, so a case only shows its own rule.
``T9LINT_UPDATE_CASES=1`` rewrites every ``expected.txt`` from the current output.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from t9lint.cli import cli
from t9lint.rules.base import Rule, all_rules

CASES = Path(__file__).parent / "cases"
EXPECTED = "expected.txt"
CASE_ENV = "case.env"
CONFIG_FILES = ("t9lint.toml", "pyproject.toml")
UPDATE = os.environ.get("T9LINT_UPDATE_CASES") == "1"


def _case_dirs() -> list[Path]:
    return sorted(
        kind
        for case in CASES.iterdir()
        if case.is_dir()
        for kind in (case / "bad", case / "good")
        if kind.is_dir()
    )


def _code_of(case_dir: Path) -> str:
    return case_dir.parent.name.split("-", 1)[0]


def _case_environment(case_dir: Path) -> dict[str, str]:
    """``case.env``: KEY=VALUE lines (``#`` comments) set while the case runs."""
    env_file = case_dir / CASE_ENV
    if not env_file.is_file():
        return {}
    pairs = {}
    for line in env_file.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, separator, value = line.partition("=")
            assert separator, f"{env_file}: {line!r} is not KEY=VALUE"
            pairs[name.strip()] = value.strip()
    return pairs


def run_case(case_dir: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    args = ["check", "--no-cache", "--format", "concise"]
    if not any((case_dir / name).is_file() for name in CONFIG_FILES):
        args += ["--select", _code_of(case_dir)]
    for name, value in _case_environment(case_dir).items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(case_dir)
    result = CliRunner().invoke(cli, [*args, "."], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.stderr
    return result.exit_code, result.stdout


@pytest.mark.parametrize("case_dir", _case_dirs(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_case_output_matches_expected(case_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _exit_code, output = run_case(case_dir, monkeypatch)
    expected_file = case_dir / EXPECTED
    if UPDATE:
        expected_file.write_text(output, encoding="utf-8")
    assert expected_file.is_file(), f"{expected_file} is missing (T9LINT_UPDATE_CASES=1 writes it)"
    assert output == expected_file.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "case_dir", [d for d in _case_dirs() if d.name == "bad"], ids=lambda p: p.parent.name
)
def test_bad_case_reports_its_rule(case_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _exit_code, output = run_case(case_dir, monkeypatch)
    assert f" {_code_of(case_dir)} " in output


@pytest.mark.parametrize(
    "case_dir", [d for d in _case_dirs() if d.name == "good"], ids=lambda p: p.parent.name
)
def test_good_case_has_no_finding_of_its_rule(
    case_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _exit_code, output = run_case(case_dir, monkeypatch)
    assert f" {_code_of(case_dir)} " not in output
    assert any(
        path.is_file() and path.name not in (EXPECTED, CASE_ENV) for path in case_dir.rglob("*")
    ), "a good case needs at least one file"


def _rules() -> list[Rule]:
    return list(all_rules())


@pytest.mark.parametrize("rule", _rules(), ids=lambda r: r.code)
def test_rule_is_documented(rule: Rule) -> None:
    for text in (rule.summary, rule.rationale, rule.bad_example, rule.good_example):
        assert text.strip(), f"{rule.code} lacks documentation"
    assert rule.bad_example != rule.good_example


@pytest.mark.parametrize("rule", _rules(), ids=lambda r: r.code)
def test_rule_has_bad_and_good_cases(rule: Rule) -> None:
    case = CASES / f"{rule.code}-{rule.name}"
    assert (case / "bad").is_dir(), f"missing {case}/bad"
    assert (case / "good").is_dir(), f"missing {case}/good"


def test_every_case_directory_names_a_registered_rule() -> None:
    names = {f"{rule.code}-{rule.name}" for rule in _rules()}
    strays = sorted(p.name for p in CASES.iterdir() if p.is_dir() and p.name not in names)
    assert strays == []
