"""The ``sarif`` format: SARIF 2.1.0 for code-scanning services.

One run with the full rules array (each with a stable ``helpUri`` anchor into the rules
page), one result per finding (parse errors included), repository-relative URIs under
the ``%SRCROOT%`` base, ``partialFingerprints`` that survive line moves (a hash of the
code, the path and the normalised snippet, plus an occurrence number for identical
ones), and the invocation with its exit code. A clean run is a valid run with no results.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from cmdlib.model import Severity
from t9lint import __version__
from t9lint.docs import help_uri
from t9lint.findings import Finding
from t9lint.reporters import Report, relative_to_root, repository_root
from t9lint.rules.base import Rule

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "t9lint/v1"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render(report: Report) -> str:
    rules = sorted(report.rules, key=lambda rule: rule.code)
    index = {rule.code: position for position, rule in enumerate(rules)}
    occurrences: Counter[str] = Counter()
    root = repository_root(report.cwd)
    results = [_result(f, report.cwd, root, index, occurrences) for f in report.result.findings]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "t9lint",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [_rule(rule) for rule in rules],
            }
        },
        "originalUriBaseIds": {SRCROOT: {"uri": _directory_uri(root)}},
        "columnKind": "unicodeCodePoints",
        "invocations": [
            {"executionSuccessful": True, "exitCode": report.exit_code},
        ],
        "results": results,
    }
    document = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _rule(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.rationale},
        "helpUri": help_uri(rule),
        "help": {
            "text": f"{rule.rationale}\n\nBad:\n{rule.bad_example}\nGood:\n{rule.good_example}"
        },
        "defaultConfiguration": {"level": _LEVELS[rule.severity]},
        "properties": {
            "family": rule.family,
            "suppressible": rule.suppressible,
            "tags": [rule.family],
        },
    }


def _result(
    finding: Finding,
    cwd: Path,
    root: Path,
    index: dict[str, int],
    occurrences: Counter[str],
) -> dict[str, Any]:
    fingerprint = fingerprint_of(finding)
    occurrences[fingerprint] += 1
    location: dict[str, Any] = {
        "physicalLocation": {
            "artifactLocation": _artifact(finding.path, cwd, root),
            "region": _region(finding),
        }
    }
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "level": _LEVELS[finding.severity],
        "message": {"text": finding.message + (f" ({finding.hint})" if finding.hint else "")},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_KEY: f"{fingerprint}:{occurrences[fingerprint]}"},
    }
    if finding.code in index:
        result["ruleIndex"] = index[finding.code]
    return result


def fingerprint_of(finding: Finding) -> str:
    """Hash of code, path and whitespace-normalised snippet: stable across line moves."""
    snippet = " ".join(finding.snippet.split())
    material = "\0".join((finding.code, PurePosixPath(finding.path).as_posix(), snippet))
    return hashlib.sha256(material.encode("utf-8")).hexdigest()[:32]


def _region(finding: Finding) -> dict[str, Any]:
    span = finding.span
    region: dict[str, Any] = {"startLine": span.line, "startColumn": span.column}
    if span.end_line >= span.line:
        region["endLine"] = span.end_line
        if span.end_column > 0 and (span.end_line > span.line or span.end_column > span.column):
            region["endColumn"] = span.end_column
    if finding.snippet:
        region["snippet"] = {"text": finding.snippet}
    return region


def _artifact(path: str, cwd: Path, root: Path) -> dict[str, Any]:
    relative = relative_to_root(path, cwd, root)
    if relative is None:
        return {"uri": Path(os.path.normpath(cwd / path)).as_uri()}
    return {"uri": quote(relative), "uriBaseId": SRCROOT}


def _directory_uri(directory: Path) -> str:
    uri = directory.resolve().as_uri()
    return uri if uri.endswith("/") else uri + "/"
