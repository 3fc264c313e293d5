"""The installed package works on its own: entry points, bundled schemas and library."""

from __future__ import annotations

import importlib.resources
import os
import subprocess
import sys
from pathlib import Path

import pytest

import cmdlib
import t9lint
import t9verify

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SCRIPTS = ("t9lint", "t9verify", "cmdlib")


@pytest.mark.parametrize("script", SCRIPTS)
def test_console_script_reports_its_version(script: str) -> None:
    completed = subprocess.run(
        [str(BIN / script), "--version"], capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stderr
    assert cmdlib.__version__ in completed.stdout
    assert "Traceback" not in completed.stderr


@pytest.mark.parametrize("script", SCRIPTS)
def test_console_script_rejects_an_unknown_option_with_exit_2(script: str) -> None:
    completed = subprocess.run(
        [str(BIN / script), "--no-such-option"], capture_output=True, text=True, check=False
    )
    assert completed.returncode == 2
    assert "Traceback" not in completed.stderr


def test_the_three_packages_share_one_version() -> None:
    assert cmdlib.__version__ == t9lint.__version__ == t9verify.__version__


def test_schemas_are_readable_as_package_resources() -> None:
    names = {entry.name for entry in importlib.resources.files("schemas").iterdir()}
    assert "template-metadata.schema.json" in names
    assert any(name.startswith("audit") for name in names)


@pytest.mark.skipif(
    not os.environ.get("T9_TESTS_AGAINST_WHEEL"), reason="only when testing the built wheel"
)
def test_packages_come_from_the_installed_wheel_not_the_source_tree() -> None:
    for module in (cmdlib, t9lint, t9verify):
        assert ROOT not in Path(module.__file__ or "").resolve().parents
