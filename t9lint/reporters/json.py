"""The ``json`` format: the whole result as one document (``schemas/lint-report.schema.json``)."""

from __future__ import annotations

import json
from typing import Any

from t9lint import __version__
from t9lint.findings import Finding
from t9lint.reporters import Report

REPORT_VERSION = 1


def render(report: Report) -> str:
    result = report.result
    document: dict[str, Any] = {
        "version": REPORT_VERSION,
        "tool": {"name": "t9lint", "version": __version__},
        "exitCode": report.exit_code,
        "failOn": report.fail_on.value,
        "summary": {
            "filesChecked": result.files_checked,
            "filesWithFindings": result.files_with_findings,
            "findings": len(result.findings),
            "errors": sum(1 for f in result.findings if f.severity.value == "error"),
            "warnings": sum(1 for f in result.findings if f.severity.value == "warning"),
            "infos": sum(1 for f in result.findings if f.severity.value == "info"),
            "suppressed": result.suppressed,
            "baselined": result.baselined,
            "staleBaselineEntries": result.stale_baseline,
        },
        "findings": [_finding(finding) for finding in result.findings],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _finding(finding: Finding) -> dict[str, Any]:
    return {
        "code": finding.code,
        "name": finding.name,
        "severity": finding.severity.value,
        "path": finding.path,
        "line": finding.span.line,
        "column": finding.span.column,
        "endLine": finding.span.end_line,
        "endColumn": finding.span.end_column,
        "message": finding.message,
        "hint": finding.hint,
        "snippet": finding.snippet,
    }
