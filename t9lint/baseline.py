"""Baselines: accept today's findings, report only new ones.

A baseline is a JSON file of entries keyed on rule code, path (relative to the baseline
file's directory, so it does not depend on where t9lint runs) and the normalised snippet
(whitespace collapsed, ``${...}`` kept), each with a count: a second identical finding is
new. Line numbers are never part of the key, so edits above a finding do not resurrect it.
Entries are sorted and the file is stable byte for byte for the same findings.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from t9lint.errors import BaselineError
from t9lint.findings import Finding

BASELINE_VERSION = 1

BaselineKey = tuple[str, str, str]


@dataclass(frozen=True)
class BaselineOutcome:
    kept: tuple[Finding, ...]
    baselined: int
    stale: int  # baseline occurrences that matched no current finding


def normalise_snippet(snippet: str) -> str:
    return " ".join(snippet.split())


def _relative_path(finding_path: str, cwd: Path, anchor: Path) -> str:
    absolute = Path(os.path.normpath(cwd / finding_path))
    try:
        return Path(os.path.relpath(absolute, anchor)).as_posix()
    except ValueError:  # another drive on Windows
        return absolute.as_posix()


def _key(finding: Finding, cwd: Path, anchor: Path) -> BaselineKey:
    return (
        finding.code,
        _relative_path(finding.path, cwd, anchor),
        normalise_snippet(finding.snippet),
    )


def write_baseline(path: Path, findings: Iterable[Finding], cwd: Path) -> int:
    """Write the findings as a baseline; returns the number of entries."""
    anchor = Path(os.path.normpath(cwd / path)).parent
    counts = Counter(_key(finding, cwd, anchor) for finding in findings)
    entries = [
        {"code": code, "path": rel, "snippet": snippet, "count": count}
        for (code, rel, snippet), count in sorted(counts.items())
    ]
    document = {"version": BASELINE_VERSION, "tool": "t9lint", "entries": entries}
    text = json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    target = cwd / path
    temporary = target.with_name(f".{target.name}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(target)
    except OSError as error:
        raise BaselineError(f"{path}: cannot write baseline: {error.strerror}") from error
    return len(entries)


def read_baseline(path: Path, cwd: Path) -> Counter[BaselineKey]:
    target = cwd / path
    try:
        document = json.loads(target.read_text(encoding="utf-8"))
    except OSError as error:
        raise BaselineError(f"{path}: cannot read baseline: {error.strerror}") from error
    except (ValueError, UnicodeDecodeError) as error:
        raise BaselineError(f"{path}: baseline is not valid JSON: {error}") from error
    if not isinstance(document, dict) or document.get("version") != BASELINE_VERSION:
        raise BaselineError(
            f"{path}: not a t9lint baseline (version {BASELINE_VERSION} expected)",
            hint="write a new one with --write-baseline",
        )
    counts: Counter[BaselineKey] = Counter()
    for index, entry in enumerate(document.get("entries", [])):
        try:
            key = (str(entry["code"]), str(entry["path"]), str(entry["snippet"]))
            count = int(entry["count"])
        except (KeyError, TypeError, ValueError) as error:
            raise BaselineError(f"{path}: entry {index} is malformed ({error})") from error
        counts[key] += count
    return counts


def apply_baseline(
    findings: Sequence[Finding], baseline: Counter[BaselineKey], path: Path, cwd: Path
) -> BaselineOutcome:
    """Hide findings the baseline accounts for, in order; count what it no longer matches."""
    anchor = Path(os.path.normpath(cwd / path)).parent
    remaining = Counter(baseline)
    kept: list[Finding] = []
    for finding in findings:
        key = _key(finding, cwd, anchor)
        if remaining[key] > 0:
            remaining[key] -= 1
        else:
            kept.append(finding)
    return BaselineOutcome(
        kept=tuple(kept),
        baselined=len(findings) - len(kept),
        stale=sum(count for count in remaining.values() if count > 0),
    )
