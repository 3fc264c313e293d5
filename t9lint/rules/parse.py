"""Parse family: a template the loader could not fully understand."""

from __future__ import annotations

from collections.abc import Iterator

from cmdlib.model import Severity
from t9lint.findings import Finding
from t9lint.rules.base import Rule, RuleContext, register


def _check_parse(ctx: RuleContext) -> Iterator[Finding]:
    for diagnostic in ctx.template.diagnostics:
        yield PARSE_ERROR.finding(
            ctx,
            diagnostic.span,
            diagnostic.message,
            diagnostic.hint,
            severity=diagnostic.severity,
        )


PARSE_ERROR = register(
    Rule(
        code="T9001",
        name="parse-error",
        family="parse",
        severity=Severity.ERROR,
        summary="The template does not parse, so nothing else about it can be trusted.",
        rationale=(
            "A reviewer approves what the template says. If the toolkit cannot parse it,"
            " the rendered review and the executed body may differ; every syntax error is"
            " reported with its position so the author can fix them all in one pass."
        ),
        bad_example='resource "tensor9_command" "this" {\n  name = "disk-usage"\n',
        good_example='resource "tensor9_command" "this" {\n  name = "disk-usage"\n}\n',
        suppressible=False,
        check_file=_check_parse,
    )
)
