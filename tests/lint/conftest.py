"""Helpers for the t9lint framework tests: run the real CLI in a directory."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from t9lint.cli import cli

LINT_DATA = Path(__file__).resolve().parent.parent / "data" / "lint"
RunCli = Callable[..., Result]


@pytest.fixture
def lint_data() -> Path:
    return LINT_DATA


@pytest.fixture
def tree(tmp_path: Path) -> Callable[[Sequence[str]], Path]:
    """Copy the named files of tests/data/lint into a fresh directory and return it."""

    def build(names: Sequence[str]) -> Path:
        root = tmp_path / "tree"
        root.mkdir(exist_ok=True)
        for name in names:
            shutil.copy(LINT_DATA / name, root / name)
        return root

    return build


@pytest.fixture
def run_cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> RunCli:
    """Invoke ``t9lint`` in-process from ``cwd`` with an isolated cache directory."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.delenv("T9LINT_DEBUG", raising=False)

    def invoke(*args: str, cwd: Path) -> Result:
        monkeypatch.chdir(cwd)
        return CliRunner().invoke(cli, list(args), catch_exceptions=False)

    return invoke
