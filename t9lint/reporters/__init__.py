"""Reporters: render a LintResult in one output format, chosen by name from a registry.

Each reporter module has ``render(report: Report) -> str``. Modules are imported only
when their format is used, so that ``t9lint check`` loads no reporter it does not need.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cmdlib.model import Severity
from t9lint.engine import LintResult
from t9lint.rules.base import Rule

REPORTERS: Mapping[str, str] = {
    "text": "t9lint.reporters.text",
    "concise": "t9lint.reporters.concise",
    "json": "t9lint.reporters.json",
    "sarif": "t9lint.reporters.sarif",
    "github": "t9lint.reporters.github",
}

SEVERITY_ORDER = (Severity.ERROR, Severity.WARNING, Severity.INFO)


@dataclass(frozen=True)
class Report:
    """Everything a reporter may read: the result and how the run ended."""

    result: LintResult
    exit_code: int
    fail_on: Severity
    cwd: Path
    rules: Sequence[Rule] = ()
    environ: Mapping[str, str] = field(default_factory=dict)


Renderer = Callable[[Report], str]


def reporter(name: str) -> Renderer:
    """The render function of a format; KeyError when there is none by that name."""
    module = importlib.import_module(REPORTERS[name])
    render: Renderer = module.render
    return render


def repository_root(cwd: Path) -> Path:
    """The enclosing Git work tree (where ``.git`` is), else ``cwd``: code scanning and
    annotations want paths relative to the repository, wherever t9lint ran from."""
    for directory in (cwd, *cwd.parents):
        if (directory / ".git").exists():
            return directory
    return cwd


def relative_to_root(path: str, cwd: Path, root: Path) -> str | None:
    """``path`` (as reported, relative to ``cwd`` or absolute) relative to ``root``, or None
    when it lies outside."""
    import os

    absolute = Path(os.path.normpath(cwd / path))
    try:
        return absolute.relative_to(root).as_posix()
    except ValueError:
        return None


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {many or word + 's'}"


def severity_count(count: int, severity: Severity) -> str:
    """``1 error``, ``2 warnings``, ``3 info``."""
    return plural(count, severity.value, "info" if severity is Severity.INFO else None)


def summary_line(result: LintResult) -> str:
    """The human summary printed on stderr, e.g. ``3 findings in 2 files (1 error, ...)``."""
    counts = ", ".join(
        severity_count(result.count(severity), severity) for severity in SEVERITY_ORDER
    )
    text = (
        f"{plural(len(result.findings), 'finding')} in "
        f"{plural(result.files_with_findings, 'file')} ({counts}); "
        f"{plural(result.files_checked, 'file')} checked"
    )
    extras = []
    if result.suppressed:
        extras.append(f"{result.suppressed} suppressed")
    if result.baseline_written is not None:
        written = plural(result.baseline_written, "entry", "entries")
        extras.append(f"baseline written with {written}")
    if result.baselined:
        extras.append(f"{result.baselined} baselined")
    if result.stale_baseline:
        stale = plural(result.stale_baseline, "stale baseline entry", "stale baseline entries")
        extras.append(stale)
    return text + ("; " + ", ".join(extras) if extras else "") + "."
