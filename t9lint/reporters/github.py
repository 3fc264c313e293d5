"""The ``github`` format: workflow commands that GitHub Actions turns into annotations.

``::error file=...,line=...,col=...,endLine=...,endColumn=...,title=...::message``, with
``%``, CR and LF escaped in the message and, in properties, also ``:`` and ``,``. GitHub
shows at most ``ANNOTATION_CAP`` annotations per severity per step; past that this
reporter says how many were not shown in one ``::notice::``. When
``$GITHUB_STEP_SUMMARY`` is set, a Markdown table of the findings is appended to it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from cmdlib.model import Severity
from t9lint.findings import Finding
from t9lint.reporters import (
    SEVERITY_ORDER,
    Report,
    plural,
    relative_to_root,
    repository_root,
    severity_count,
    summary_line,
)

ANNOTATION_CAP = 10  # per severity per step, GitHub's own limit
SUMMARY_ROWS_CAP = 500  # the step summary is limited to 1 MiB
_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding, file: str | None = None) -> str:
    """One workflow command; ``file`` is the repository-relative path when known."""
    span = finding.span
    properties = {
        "file": file or finding.path,
        "line": str(span.line),
        "col": str(span.column),
        "endLine": str(span.end_line),
        "endColumn": str(span.end_column),
        "title": f"{finding.code} {finding.name}",
    }
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    message = finding.message + (f"\n{finding.hint}" if finding.hint else "")
    return f"::{_COMMANDS[finding.severity]} {joined}::{escape_data(message)}"


def _caps(findings: Sequence[Finding]) -> dict[Severity, int]:
    """Annotations to emit per severity. When some will be hidden, one notice slot is kept
    for the message that says so (notices are capped like the others)."""
    counts = Counter(finding.severity for finding in findings)
    overflow = any(count > ANNOTATION_CAP for count in counts.values())
    caps = dict.fromkeys(Severity, ANNOTATION_CAP)
    if overflow:
        caps[Severity.INFO] = ANNOTATION_CAP - 1
    return caps


def render(report: Report) -> str:
    lines: list[str] = []
    shown: Counter[Severity] = Counter()
    hidden: Counter[Severity] = Counter()
    root = repository_root(report.cwd)
    caps = _caps(report.result.findings)
    for finding in report.result.findings:
        if shown[finding.severity] < caps[finding.severity]:
            shown[finding.severity] += 1
            lines.append(annotation(finding, relative_to_root(finding.path, report.cwd, root)))
        else:
            hidden[finding.severity] += 1
    if hidden:
        lines.append(_overflow_notice(hidden))
    summary_file = report.environ.get("GITHUB_STEP_SUMMARY")
    if summary_file:
        append_step_summary(Path(summary_file), report)
    return "".join(line + "\n" for line in lines)


def _overflow_notice(hidden: Counter[Severity]) -> str:
    counts = ", ".join(
        severity_count(hidden[severity], severity)
        for severity in SEVERITY_ORDER
        if hidden[severity]
    )
    text = (
        f"{plural(sum(hidden.values()), 'more finding')} not shown as annotations ({counts});"
        " see the log or the SARIF report"
    )
    return f"::notice::{escape_data(text)}"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def step_summary(report: Report) -> str:
    result = report.result
    rows = [
        "## t9lint",
        "",
        summary_line(result),
        "",
    ]
    if result.findings:
        rows += ["| severity | code | location | message |", "|---|---|---|---|"]
        rows += [
            f"| {f.severity.value} | {f.code} {f.name} | `{_cell(f.path)}:{f.line}:{f.column}` |"
            f" {_cell(f.message)} |"
            for f in result.findings[:SUMMARY_ROWS_CAP]
        ]
        if len(result.findings) > SUMMARY_ROWS_CAP:
            rows += ["", f"{len(result.findings) - SUMMARY_ROWS_CAP} more findings not listed."]
    return "\n".join(rows) + "\n\n"


def append_step_summary(path: Path, report: Report) -> None:
    from t9lint.errors import LintError

    try:
        with path.open("a", encoding="utf-8") as stream:
            stream.write(step_summary(report))
    except OSError as error:
        raise LintError(f"{path}: cannot append the step summary: {error.strerror}") from error
