"""Inline suppressions: what a directive covers, and the findings about directives."""

from __future__ import annotations

from pathlib import Path

from cmdlib.loader import load_bytes
from cmdlib.model import Severity, Span, Template
from t9lint.findings import Finding
from t9lint.rules.base import REGISTRY, Rule, all_rules
from t9lint.suppressions import Directive, apply_suppressions, parse_directives

LINT_DATA = Path(__file__).resolve().parent.parent / "data" / "lint"

# A suppressible stand-in rule, passed explicitly (never registered).
FAKE = Rule(
    code="T9990",
    name="fake-rule",
    family="hazards",
    severity=Severity.WARNING,
    summary="s",
    rationale="r",
    bad_example="b",
    good_example="g",
)
LOCKED = Rule(
    code="T9991",
    name="locked-rule",
    family="injection",
    severity=Severity.ERROR,
    summary="s",
    rationale="r",
    bad_example="b",
    good_example="g",
    suppressible=False,
)


def _rules() -> dict[str, Rule]:
    for _ in all_rules():
        pass
    return {**REGISTRY, FAKE.code: FAKE, LOCKED.code: LOCKED}


ACTIVE = frozenset({"T9002", "T9003", "T9004", FAKE.code, LOCKED.code})


def _load(name: str, text: str) -> Template:
    return load_bytes(Path(name), text.encode("utf-8"))


def _at(line: int, rule: Rule = FAKE) -> Finding:
    return Finding(rule.code, rule.name, rule.severity, "x", Span.point(line, 1), "m")


def test_line_directive_covers_the_next_code_line_only() -> None:
    template = _load(
        "a.t9.sh",
        "#!/bin/sh\n# t9lint-ignore: T9990 -- reason\n\n# t9lint-ignore: T9991 -- r\necho a\n"
        "echo b\n",
    )
    first, second = parse_directives(template)
    assert (first.scope, first.first_line, first.last_line) == ("line", 5, 5)
    assert (second.first_line, second.last_line) == (5, 5)
    assert first.selectors == ("T9990",)
    assert first.reason == "reason"


def test_directive_before_a_block_covers_the_whole_block() -> None:
    template = load_bytes(
        LINT_DATA / "suppression-blocks.t9.tf",
        (LINT_DATA / "suppression-blocks.t9.tf").read_bytes(),
    )
    block, line = parse_directives(template)
    assert (block.first_line, block.last_line) == (2, 6)
    assert (line.first_line, line.last_line) == (9, 9)


def test_file_directive_covers_every_line() -> None:
    template = _load("a.t9.sh", "# t9lint-ignore-file: fake-rule, T9991 -- why\necho a\n")
    (directive,) = parse_directives(template)
    assert directive.scope == "file"
    assert directive.selectors == ("fake-rule", "T9991")
    assert directive.covers(1000)


def test_double_slash_comments_are_directives_only_in_hcl() -> None:
    hcl = _load("a.t9.tf", "// t9lint-ignore: T9990 -- r\nlocals { a = 1 }\n")
    shell = _load("a.t9.sh", "#!/bin/sh\n// t9lint-ignore: T9990 -- r\necho a\n")
    assert len(parse_directives(hcl)) == 1
    assert parse_directives(shell) == ()


def test_trailing_comments_and_lookalikes_are_not_directives() -> None:
    template = _load(
        "a.t9.sh", "#!/bin/sh\necho a # t9lint-ignore: T9990 -- r\n# t9lint-ignore T9990 -- r\n"
    )
    assert parse_directives(template) == ()


def _directive(
    line: int, *selectors: str, reason: str | None = "r", scope: str = "line"
) -> Directive:
    return Directive(
        scope="file" if scope == "file" else "line",
        selectors=selectors,
        reason=reason,
        span=Span.point(line, 1),
        first_line=line + 1,
        last_line=line + 1,
        snippet=f"# t9lint-ignore: {','.join(selectors)}",
    )


def test_reasoned_directive_hides_the_finding_it_covers() -> None:
    outcome = apply_suppressions([_at(3), _at(4)], [_directive(2, "T9990")], _rules(), ACTIVE, "x")
    assert outcome.kept == (_at(4),)
    assert (outcome.suppressed, outcome.meta) == (1, ())


def test_directive_by_rule_name_or_prefix_hides_the_finding() -> None:
    for selector in ("fake-rule", "T999"):
        outcome = apply_suppressions([_at(3)], [_directive(2, selector)], _rules(), ACTIVE, "x")
        assert outcome.kept == ()


def test_directive_without_reason_hides_nothing_and_is_reported() -> None:
    outcome = apply_suppressions(
        [_at(3)], [_directive(2, "T9990", reason=None)], _rules(), ACTIVE, "x"
    )
    assert outcome.kept == (_at(3),)
    assert [f.code for f in outcome.meta] == ["T9002"]


def test_unused_directive_is_reported_as_warning() -> None:
    outcome = apply_suppressions([_at(9)], [_directive(2, "T9990")], _rules(), ACTIVE, "x")
    assert outcome.kept == (_at(9),)
    (meta,) = outcome.meta
    assert (meta.code, meta.severity, meta.line) == ("T9003", Severity.WARNING, 2)


def test_unused_directive_for_a_disabled_rule_is_not_reported() -> None:
    active = ACTIVE - {FAKE.code}
    outcome = apply_suppressions([], [_directive(2, "T9990")], _rules(), active, "x")
    assert outcome.meta == ()


def test_unknown_rule_in_directive_is_reported() -> None:
    outcome = apply_suppressions([], [_directive(2, "T9ZZZ")], _rules(), ACTIVE, "x")
    assert [f.message for f in outcome.meta] == ["unused suppression: T9ZZZ names no rule"]


def test_unsuppressible_rule_is_reported_and_still_shown() -> None:
    locked = _at(3, LOCKED)
    outcome = apply_suppressions(
        [locked], [_directive(2, "T9991", "locked-rule")], _rules(), ACTIVE, "x"
    )
    assert outcome.kept == (locked,)
    assert [f.code for f in outcome.meta] == ["T9004"]  # once, though named twice


def test_file_directive_hides_all_findings_of_its_rule() -> None:
    findings = [_at(3), _at(30), _at(5, LOCKED)]
    outcome = apply_suppressions(
        findings, [_directive(1, "T9990", scope="file")], _rules(), ACTIVE, "x"
    )
    assert outcome.kept == (_at(5, LOCKED),)
    assert outcome.suppressed == 2


def test_no_directives_keeps_everything() -> None:
    outcome = apply_suppressions([_at(1)], [], _rules(), ACTIVE, "x")
    assert outcome.kept == (_at(1),)
    assert outcome.suppressed == 0
