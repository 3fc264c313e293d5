"""Meta family: problems with the suppression comments themselves (T9002-T9004).

These rules have no check function: the engine produces their findings while applying
inline suppressions (``t9lint.suppressions``), because only it knows which findings a
directive hid. They are registered here so that selection, severity overrides, the
``rules`` pages and the case runner treat them like every other rule. They cannot be
silenced inline (that would be a suppression suppressing itself); use ``ignore`` or
``per-file-ignores`` in the configuration instead.
"""

from __future__ import annotations

from collections.abc import Sequence

from cmdlib.model import Severity, Span
from t9lint.findings import Finding
from t9lint.rules.base import Rule, register

_ENGINE_NOTE = (
    " This finding is produced by the engine while it applies suppressions, not by a"
    " check function, and cannot itself be suppressed inline."
)

SUPPRESSION_WITHOUT_REASON = register(
    Rule(
        code="T9002",
        name="suppression-without-reason",
        family="meta",
        severity=Severity.ERROR,
        summary="A t9lint-ignore comment gives no reason after `--`, so it suppresses nothing.",
        rationale=(
            "A suppression hides a finding from every later reviewer. The reason is the only"
            " record of why that was acceptable, so a suppression without one is ignored"
            " and reported." + _ENGINE_NOTE
        ),
        bad_example=(
            "# t9lint-ignore: T9501\n"
            'resource "null_resource" "df" {\n'
            '  provisioner "local-exec" { command = "df -h" }\n'
            "}\n"
        ),
        good_example=(
            "# t9lint-ignore: T9501 -- df output is small and bounded\n"
            'resource "null_resource" "df" {\n'
            '  provisioner "local-exec" { command = "df -h" }\n'
            "}\n"
        ),
        suppressible=False,
    )
)

UNUSED_SUPPRESSION = register(
    Rule(
        code="T9003",
        name="unused-suppression",
        family="meta",
        severity=Severity.WARNING,
        summary="A t9lint-ignore comment suppresses nothing (or names no rule).",
        rationale=(
            "A stale suppression outlives the problem it excused and will silently hide the"
            " next, unrelated finding on that line. Remove it once it no longer suppresses"
            " anything. Suppressions naming a rule that is not enabled for the file are not"
            " reported." + _ENGINE_NOTE
        ),
        bad_example=("# t9lint-ignore: T9501 -- output is bounded\necho hello\n"),
        good_example="echo hello\n",
        suppressible=False,
    )
)

UNSUPPRESSIBLE_RULE = register(
    Rule(
        code="T9004",
        name="unsuppressible-rule",
        family="meta",
        severity=Severity.ERROR,
        summary="A t9lint-ignore comment names a rule that cannot be suppressed.",
        rationale=(
            "Some findings (parse errors, injection, invisible characters) mean the reviewer"
            " cannot trust what they approve; no comment in the template may hide them. The"
            " named rule's findings are still reported." + _ENGINE_NOTE
        ),
        bad_example=(
            "# t9lint-ignore: T9001 -- will fix later\n"
            'resource "tensor9_command" "this" {\n'
            '  name = "disk-usage"\n'
        ),
        good_example='resource "tensor9_command" "this" {\n  name = "disk-usage"\n}\n',
        suppressible=False,
    )
)


def _finding(
    rule: Rule, span: Span, snippet: str, path: str, *, message: str, hint: str
) -> Finding:
    return Finding(
        code=rule.code,
        name=rule.name,
        severity=rule.severity,
        path=path,
        span=span,
        message=message,
        hint=hint,
        snippet=snippet,
    )


def finding_without_reason(span: Span, snippet: str, path: str) -> Finding:
    return _finding(
        SUPPRESSION_WITHOUT_REASON,
        span,
        snippet,
        path,
        message="suppression without a reason; it suppresses nothing",
        hint="add the reason after `--`: `# t9lint-ignore: T9xxx -- why this is acceptable`",
    )


def finding_unused(
    span: Span,
    snippet: str,
    path: str,
    *,
    unused: Sequence[str] = (),
    unknown: Sequence[str] = (),
) -> Finding:
    parts = []
    if unused:
        parts.append(f"{', '.join(unused)} suppresses nothing here")
    if unknown:
        parts.append(f"{', '.join(unknown)} names no rule")
    message = "unused suppression: " + ("; ".join(parts) if parts else "it names no rule")
    return _finding(
        UNUSED_SUPPRESSION,
        span,
        snippet,
        path,
        message=message,
        hint="remove the comment, or fix it to name the rule reported on the next line",
    )


def finding_unsuppressible(span: Span, snippet: str, path: str, code: str, name: str) -> Finding:
    return _finding(
        UNSUPPRESSIBLE_RULE,
        span,
        snippet,
        path,
        message=f"{code} ({name}) cannot be suppressed",
        hint="fix the template instead; this rule's findings are always reported",
    )
