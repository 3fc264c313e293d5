"""Variables family, validation part (T9206-T9209): anchored regexes, evaluable conditions,
defaults that pass their own validation, values usable with the comma ``--vars`` form.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from cmdlib.model import Severity, Span, Template, Validation, Variable
from t9lint.findings import Finding
from t9lint.rules._validation import (
    SEPARATORS,
    is_inert_type,
    parsed_condition,
    show_chars,
    variable_restriction,
)
from t9lint.rules.base import Rule, RuleContext, register


def offset_span(base: Span, source: str, start: int, end: int) -> Span:
    """The file span of ``source[start:end]`` where ``source`` starts at ``base``."""

    def locate(index: int) -> tuple[int, int]:
        before = source[:index]
        newlines = before.count("\n")
        if newlines == 0:
            return base.line, base.column + index
        return base.line + newlines, index - before.rfind("\n")

    start = max(0, min(start, len(source)))
    end = max(start, min(end, len(source)))
    line, column = locate(start)
    end_line, end_column = locate(end)
    start_byte = base.start_byte + len(source[:start].encode("utf-8", errors="surrogatepass"))
    end_byte = base.start_byte + len(source[:end].encode("utf-8", errors="surrogatepass"))
    return Span(line, column, end_line, end_column, start_byte, end_byte)


@dataclass(frozen=True, slots=True)
class PatternUse:
    pattern: str
    start: int
    end: int


def positive_regexes(condition: str) -> list[PatternUse]:
    """``regex(P, ...)`` patterns a passing value must match (not under ``!``)."""
    from cmdlib.conditions import NotEvaluable, find_regexes
    from cmdlib.hclexpr import Binary, Call, Literal, Unary

    parsed = parsed_condition(condition)
    if isinstance(parsed, NotEvaluable):
        return [PatternUse(r.pattern, r.start, r.end) for r in find_regexes(condition)]
    found: list[PatternUse] = []
    stack: list[tuple[object, bool]] = [(parsed.expression, False)]
    while stack:
        node, negated = stack.pop()
        if isinstance(node, Unary):
            stack.append((node.operand, negated != (node.op == "!")))
        elif isinstance(node, Binary):
            stack.extend(((node.left, negated), (node.right, negated)))
        elif isinstance(node, Call):
            pattern = node.args[0] if node.args else None
            if (
                node.name == "regex"
                and not negated
                and isinstance(pattern, Literal)
                and isinstance(pattern.value, str)
            ):
                found.append(PatternUse(pattern.value, pattern.start, pattern.end))
            if node.name in ("can", "try"):
                stack.extend((arg, negated) for arg in node.args)
    return sorted(found, key=lambda p: p.start)


def _check_anchored(ctx: RuleContext) -> Iterator[Finding]:
    from cmdlib.regexes import is_anchored

    for variable in ctx.template.variables:
        for validation in variable.validations:
            for use in positive_regexes(validation.condition):
                anchors = is_anchored(use.pattern)
                ends = (("start (^)", anchors.start), ("end ($)", anchors.end))
                missing = [name for name, ok in ends if not ok]
                if not missing:
                    continue
                yield ANCHORED.finding(
                    ctx,
                    offset_span(
                        validation.condition_span, validation.condition, use.start, use.end
                    ),
                    f'regex "{use.pattern}" in the validation of {variable.name} is not anchored'
                    f" at the {' and the '.join(missing)}: it accepts any value that merely"
                    " contains a match",
                    f'anchor it: "^{use.pattern.lstrip("^").rstrip("$")}$"',
                )


ANCHORED = register(
    Rule(
        code="T9206",
        name="unanchored-regex",
        family="variables",
        severity=Severity.ERROR,
        summary="Validation regexes are anchored at both ends (^...$).",
        rationale=(
            "OpenTofu's regex() matches anywhere in the value: `[a-z]+` accepts"
            " `x; rm -rf /` because it contains `x`. Only a pattern anchored at both ends"
            " restricts the whole value. (Patterns under `!`, which forbid something,"
            " need no anchors.)"
        ),
        bad_example='condition = can(regex("[a-z0-9-]+", var.NAMESPACE))\n',
        good_example='condition = can(regex("^[a-z0-9-]+$", var.NAMESPACE))\n',
        check_file=_check_anchored,
    )
)


def _literal_default(variable: Variable) -> str | int | float | bool | None:
    value = variable.default
    if variable.has_default and isinstance(value, (str, int, float, bool)):
        return value
    return None


def default_span(template: Template, variable: Variable) -> Span | None:
    """Where the ``default`` of ``variable`` is written (its ``variable`` block attribute)."""
    for block in template.blocks:
        if block.type == "variable" and block.labels[:1] == (variable.name,):
            found = block.attribute("default")
            return found.value_span if found is not None else None
    return None


def _condition_problem(validation: Validation) -> tuple[str, int, int] | None:
    from cmdlib.conditions import NotEvaluable

    parsed = parsed_condition(validation.condition)
    if isinstance(parsed, NotEvaluable):
        end = parsed.end if parsed.end > parsed.start else len(validation.condition)
        return parsed.reason, parsed.start, end
    return None


def _check_defaults(ctx: RuleContext) -> Iterator[Finding]:
    from cmdlib.conditions import NotEvaluable, evaluate

    for variable in ctx.template.variables:
        default = _literal_default(variable)
        if default is None:
            continue
        for validation in variable.validations:
            parsed = parsed_condition(validation.condition)
            if isinstance(parsed, NotEvaluable):
                continue  # validation-not-evaluable reports it
            result = evaluate(parsed, {variable.name: default})
            shown = f'"{default}"' if isinstance(default, str) else str(default).lower()
            if result.status == "false":
                yield DEFAULT_VALID.finding(
                    ctx,
                    default_span(ctx.template, variable) or validation.condition_span,
                    f"the default {shown} of {variable.name} fails its own validation"
                    f" (line {validation.condition_span.line})"
                    + (f": {validation.error_message}" if validation.error_message else ""),
                    "change the default or the condition so that the default passes",
                )
            elif result.status == "not-evaluable":
                yield NOT_EVALUABLE.finding(
                    ctx,
                    validation.condition_span,
                    f"not evaluable: {result.reason} (checking the default {shown} of"
                    f" {variable.name})",
                    "write the condition with the supported idioms (docs/validation-conditions.md)",
                )


DEFAULT_VALID = register(
    Rule(
        code="T9207",
        name="default-fails-validation",
        family="variables",
        severity=Severity.ERROR,
        summary="Each default satisfies its own validation.",
        rationale=(
            "A default that fails its validation makes every run that relies on it fail"
            " before anything executes, or shows the reviewer a value the author never"
            " meant to allow. Conditions are evaluated the way OpenTofu would."
        ),
        bad_example='variable "NAMESPACE" {\n  default = "Default"\n  validation {\n'
        '    condition = can(regex("^[a-z0-9-]+$", var.NAMESPACE))\n  }\n}\n',
        good_example='variable "NAMESPACE" {\n  default = "default"\n  validation {\n'
        '    condition = can(regex("^[a-z0-9-]+$", var.NAMESPACE))\n  }\n}\n',
        check_file=_check_defaults,
    )
)


def _check_evaluable(ctx: RuleContext) -> Iterator[Finding]:
    for variable in ctx.template.variables:
        for validation in variable.validations:
            problem = _condition_problem(validation)
            if problem is None:
                continue
            reason, start, end = problem
            yield NOT_EVALUABLE.finding(
                ctx,
                offset_span(validation.condition_span, validation.condition, start, end),
                f"not evaluable: {reason} (validation of {variable.name}); values cannot be"
                " checked before a run",
                "write the condition with the supported idioms (docs/validation-conditions.md)",
            )


NOT_EVALUABLE = register(
    Rule(
        code="T9208",
        name="validation-not-evaluable",
        family="variables",
        severity=Severity.WARNING,
        summary="Validation conditions stay within the subset the toolkit evaluates.",
        rationale=(
            "The toolkit checks values against validations itself, before a run is"
            " submitted. A condition outside the supported idioms cannot be checked and"
            " is never treated as passed, so every run with it is refused or unchecked."
        ),
        bad_example='condition = alltrue([for p in split("/", var.PATH) : p != ".."])\n',
        good_example='condition = can(regex("^/[A-Za-z0-9._/-]*$", var.PATH))\n',
        check_file=_check_evaluable,
    )
)


def _check_separators(ctx: RuleContext) -> Iterator[Finding]:
    for variable in ctx.template.variables:
        if is_inert_type(variable) or not variable.validations:
            continue
        allowed = variable_restriction(variable)
        if allowed is not None and not allowed & SEPARATORS:
            continue
        admitted = show_chars(SEPARATORS if allowed is None else allowed & SEPARATORS)
        yield SEPARATOR.finding(
            ctx,
            variable.validations[0].condition_span,
            f"the validation of {variable.name} admits {admitted}: such a value cannot be"
            " given with the comma form --vars A=1,B=2",
            "exclude , and = from the allowed characters, or document --var NAME=VALUE",
        )


SEPARATOR = register(
    Rule(
        code="T9209",
        name="validation-admits-separator",
        family="variables",
        severity=Severity.WARNING,
        summary="A validation that admits , or = makes the comma --vars form unusable.",
        rationale=(
            "Operators pass values as --vars A=1,B=2; a value containing , or = cannot be"
            " written that way and is split into the wrong variables or refused. A"
            " validation that restricts nothing admits both."
        ),
        bad_example='condition = can(regex("^[a-z=,]+$", var.LABELS))\n',
        good_example='condition = can(regex("^[a-z0-9-]+$", var.LABEL))\n',
        check_file=_check_separators,
    )
)
