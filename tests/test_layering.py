"""Architecture rules that keep the packages honest."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("cmdlib", "t9lint", "t9verify")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def _sources(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", PACKAGES)
def test_click_is_imported_only_by_cli_modules(package: str) -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in _sources(package)
        if "click" in _imports(path) and path.name != "cli.py" and "cli" not in path.parts
    ]
    assert offenders == []


def test_t9verify_imports_nothing_from_cmdlib_or_t9lint() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in _sources("t9verify")
        if _imports(path) & {"cmdlib", "t9lint"}
    ]
    assert offenders == []


def test_cmdlib_does_not_depend_on_t9lint() -> None:
    offenders = [
        str(path.relative_to(ROOT)) for path in _sources("cmdlib") if "t9lint" in _imports(path)
    ]
    assert offenders == []
