"""Inline suppressions: ``# t9lint-ignore: CODES -- reason`` and ``# t9lint-ignore-file:``.

A line directive covers the next line that is not blank and not itself a directive; when
that line opens a block of the template (a ``resource``, ``variable``, ``provisioner``...),
it covers the whole block. A file directive covers the file. Every directive needs a
reason after ``--``: without one it suppresses nothing and is reported (T9002). Directives
that suppress nothing are reported (T9003); naming a rule that cannot be suppressed is
reported (T9004) and does not hide its findings.

Directives are read from whole-line comments: ``#`` in every flavor, and ``//`` where the
text is HCL (Terraform files, and the metadata block of script and kubectl templates).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from cmdlib.model import Block, Flavor, Span, Template
from t9lint.config import match_selector
from t9lint.findings import Finding
from t9lint.rules.base import Rule

_DIRECTIVE = re.compile(
    r"^(?P<indent>\s*)(?P<marker>#|//)\s*t9lint-ignore(?P<file>-file)?\s*:(?P<body>.*)$"
)

Scope = Literal["line", "file"]


@dataclass(frozen=True)
class Directive:
    """One suppression comment, with the lines it covers (inclusive)."""

    scope: Scope
    selectors: tuple[str, ...]
    reason: str | None
    span: Span  # of the comment
    first_line: int
    last_line: int
    snippet: str

    def covers(self, line: int) -> bool:
        return self.scope == "file" or self.first_line <= line <= self.last_line


@dataclass(frozen=True)
class SuppressionOutcome:
    kept: tuple[Finding, ...]
    suppressed: int
    meta: tuple[Finding, ...] = field(default=())


def parse_directives(template: Template) -> tuple[Directive, ...]:
    lines = template.lines or tuple(template.text.splitlines())
    block_ends = _block_ends(template.blocks)
    directives: list[Directive] = []
    for index, text in enumerate(lines):
        match = _DIRECTIVE.match(text)
        if match is None or not _comment_allowed(template, match["marker"], index + 1):
            continue
        selectors, reason = _split_body(match["body"])
        line = index + 1
        column = len(match["indent"]) + 1
        target = _next_code_line(lines, index + 1)
        last = block_ends.get(target, target)
        directives.append(
            Directive(
                scope="file" if match["file"] else "line",
                selectors=selectors,
                reason=reason,
                span=Span(line, column, line, len(text.rstrip()) + 1),
                first_line=target,
                last_line=last,
                snippet=" ".join(text.split()),
            )
        )
    return tuple(directives)


def _comment_allowed(template: Template, marker: str, line: int) -> bool:
    if marker == "#" or template.flavor is Flavor.TERRAFORM:
        return True
    span = template.metadata.span
    return span is not None and span.line <= line <= span.end_line


def _split_body(body: str) -> tuple[tuple[str, ...], str | None]:
    codes, separator, reason = body.partition("--")
    selectors = tuple(part.strip() for part in codes.split(",") if part.strip())
    reason = reason.strip()
    return selectors, (reason if separator and reason else None)


def _next_code_line(lines: Sequence[str], start: int) -> int:
    """1-based number of the first line at or after index ``start`` that is code."""
    for index in range(start, len(lines)):
        text = lines[index]
        if text.strip() and _DIRECTIVE.match(text) is None:
            return index + 1
    return len(lines) + 1


def _block_ends(blocks: Iterable[Block]) -> dict[int, int]:
    """First line of each block to its last line; the outermost block on a line wins."""
    ends: dict[int, int] = {}
    stack = list(blocks)
    while stack:
        block = stack.pop()
        line = block.span.line
        ends[line] = max(ends.get(line, line), block.span.end_line)
        stack.extend(block.blocks)
    return ends


def apply_suppressions(
    findings: Sequence[Finding],
    directives: Sequence[Directive],
    rules: Mapping[str, Rule],
    active: frozenset[str],
    display_path: str,
) -> SuppressionOutcome:
    """Hide suppressed findings and report the directives' own problems (T9002-T9004)."""
    if not directives:
        return SuppressionOutcome(kept=tuple(findings), suppressed=0)
    rule_list = tuple(rules.values())
    usable = [d for d in directives if d.reason is not None and d.selectors]
    resolved = {id(d): _resolve(d, rule_list) for d in usable}
    used: set[tuple[int, str]] = set()
    kept: list[Finding] = []
    for finding in findings:
        owner = _suppressing_directive(finding, usable, resolved, rules)
        if owner is None:
            kept.append(finding)
        else:
            used.add((id(owner), finding.code))
    meta = list(
        _meta_findings(
            directives,
            resolved=resolved,
            used=used,
            rules=rules,
            active=active,
            display_path=display_path,
        )
    )
    return SuppressionOutcome(
        kept=tuple(kept), suppressed=len(findings) - len(kept), meta=tuple(meta)
    )


def _resolve(directive: Directive, rules: Sequence[Rule]) -> dict[str, frozenset[str]]:
    return {selector: match_selector(selector, rules) for selector in directive.selectors}


def _suppressing_directive(
    finding: Finding,
    directives: Sequence[Directive],
    resolved: Mapping[int, Mapping[str, frozenset[str]]],
    rules: Mapping[str, Rule],
) -> Directive | None:
    rule = rules.get(finding.code)
    if rule is not None and not rule.suppressible:
        return None
    for directive in directives:
        if not directive.covers(finding.line):
            continue
        if any(finding.code in codes for codes in resolved[id(directive)].values()):
            return directive
    return None


def _meta_findings(
    directives: Sequence[Directive],
    *,
    resolved: Mapping[int, Mapping[str, frozenset[str]]],
    used: set[tuple[int, str]],
    rules: Mapping[str, Rule],
    active: frozenset[str],
    display_path: str,
) -> Iterator[Finding]:
    from t9lint.rules import meta

    for directive in directives:
        if directive.reason is None:
            yield meta.finding_without_reason(directive.span, directive.snippet, display_path)
            continue
        if not directive.selectors:
            yield meta.finding_unused(directive.span, directive.snippet, display_path)
            continue
        by_selector = resolved[id(directive)]
        locked = sorted(
            {
                code
                for codes in by_selector.values()
                for code in codes
                if not rules[code].suppressible
            }
        )
        for code in locked:
            yield meta.finding_unsuppressible(
                directive.span, directive.snippet, display_path, code, rules[code].name
            )
        unknown = [selector for selector, codes in by_selector.items() if not codes]
        unused = [
            selector
            for selector, codes in by_selector.items()
            if _unused(directive, codes, rules, active, used)
        ]
        if unknown or unused:
            yield meta.finding_unused(
                directive.span, directive.snippet, display_path, unused=unused, unknown=unknown
            )


def _unused(
    directive: Directive,
    codes: frozenset[str],
    rules: Mapping[str, Rule],
    active: frozenset[str],
    used: set[tuple[int, str]],
) -> bool:
    """Whether a selector that names enabled, suppressible rules hid none of their findings."""
    candidates = {code for code in codes if rules[code].suppressible and code in active}
    return bool(candidates) and not any((id(directive), code) in used for code in candidates)
