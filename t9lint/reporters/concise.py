"""The ``concise`` format: one line per finding, stable for editors and problem matchers.

``path:line:col: severity CODE message``
"""

from __future__ import annotations

from t9lint.reporters import Report


def render(report: Report) -> str:
    return "".join(
        f"{f.path}:{f.line}:{f.column}: {f.severity.value} {f.code} {_one_line(f.message)}\n"
        for f in report.result.findings
    )


def _one_line(message: str) -> str:
    return " ".join(message.split())
