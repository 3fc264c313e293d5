"""Evaluate variable validation conditions the way OpenTofu would, for the idiom subset.

``evaluate`` never raises and never guesses: a condition outside the subset of
``cmdlib.hclexpr`` or calling a function not listed in ``FUNCTIONS`` is "not-evaluable"
with a reason naming the construct. Values follow OpenTofu's (cty's) rules: ``==`` never
converts types (``5 == "5"`` is false), ``<`` and friends convert both sides to numbers,
``&&``/``||``/``!`` to bools, string functions their arguments to strings. An expression
OpenTofu would fail to evaluate (``regex`` without a match, ``"abc" > 3``) rejects the value,
so the condition's status is "false" with a reason saying which error; inside ``can`` or
``try`` the error is caught, as in OpenTofu. Values and conversions are in
``cmdlib.ctyvalues``, the functions in ``cmdlib.hclfunctions``, patterns go through
``cmdlib.regexes``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal as Lit

from cmdlib import hclexpr
from cmdlib.ctyvalues import (
    Failed,
    HclList,
    InputValue,
    OutsideSubset,
    Value,
    equals,
    format_number,
    negate,
    nfc,
    parse_number,
    to_bool,
    to_number,
    to_string,
    type_name,
)
from cmdlib.hclexpr import (
    Binary,
    Call,
    Conditional,
    Expr,
    Literal,
    NotEvaluable,
    TemplateString,
    TupleExpr,
    Unary,
    VariableRef,
)
from cmdlib.hclfunctions import FUNCTIONS, LAZY

__all__ = [
    "FUNCTIONS",
    "Condition",
    "Evaluation",
    "HclList",
    "InputValue",
    "NotEvaluable",
    "RegexUse",
    "evaluate",
    "find_regexes",
    "format_number",
    "parse_condition",
    "parse_number",
    "referenced_variables",
]


@dataclass(frozen=True)
class Condition:
    """A parsed condition inside the evaluated subset."""

    source: str
    expression: Expr
    variables: frozenset[str]


@dataclass(frozen=True)
class Evaluation:
    status: Lit["true", "false", "not-evaluable"]
    reason: str | None = None

    @property
    def passed(self) -> bool:
        return self.status == "true"


@dataclass(frozen=True)
class RegexUse:
    pattern: str  # the decoded pattern (HCL escapes applied), as OpenTofu hands it to RE2
    variable: str | None  # X when the subject is exactly var.X
    start: int  # character offsets in the condition of the string literal, quotes included
    end: int


@lru_cache(maxsize=1024)
def parse_condition(source: str) -> Condition | NotEvaluable:
    """The condition tree, or why it is outside the subset. Never raises (results are cached:
    every template of a run is linted and bound with the same few conditions)."""
    parsed = hclexpr.parse_expression(source)
    if isinstance(parsed, NotEvaluable):
        return parsed
    try:
        calls = _calls(parsed)
    except RecursionError:
        return NotEvaluable("the condition is nested too deeply", 0, len(source))
    for call in calls:
        spec = FUNCTIONS.get(call.name)
        if spec is None:
            reason = f"function {call.name}() is outside the evaluated subset"
        elif len(call.args) not in spec[0]:
            reason = f"{call.name}() called with {len(call.args)} arguments"
        else:
            continue
        return NotEvaluable(reason, call.start, call.end)
    return Condition(source, parsed, hclexpr.variable_references(source))


def _calls(node: Expr) -> list[Call]:
    """Every function call in the tree, outermost first."""
    if isinstance(node, Call):
        return [node, *(c for arg in node.args for c in _calls(arg))]
    if isinstance(node, Binary):
        return _calls(node.left) + _calls(node.right)
    if isinstance(node, Unary):
        return _calls(node.operand)
    if isinstance(node, TupleExpr):
        return [c for item in node.items for c in _calls(item)]
    if isinstance(node, TemplateString):
        return [c for part in node.parts if not isinstance(part, str) for c in _calls(part)]
    if isinstance(node, Conditional):
        return _calls(node.condition) + _calls(node.if_true) + _calls(node.if_false)
    return []


@lru_cache(maxsize=1024)
def referenced_variables(source: str) -> frozenset[str]:
    return hclexpr.variable_references(source)


@lru_cache(maxsize=1024)
def find_regexes(source: str) -> tuple[RegexUse, ...]:
    return tuple(
        RegexUse(found.pattern, found.variable, found.start, found.end)
        for found in hclexpr.regex_literals(source)
    )


def evaluate(source_or_condition: str | Condition, values: Mapping[str, InputValue]) -> Evaluation:
    """True, false or not-evaluable (with the reason); never raises."""
    condition = (
        parse_condition(source_or_condition)
        if isinstance(source_or_condition, str)
        else source_or_condition
    )
    if isinstance(condition, NotEvaluable):
        return Evaluation("not-evaluable", condition.reason)
    try:
        result = to_bool(_Evaluator(values).value(condition.expression))
    except Failed as failed:
        return Evaluation("false", f"OpenTofu would fail evaluating the condition: {failed}")
    except OutsideSubset as unevaluable:
        return Evaluation("not-evaluable", unevaluable.reason)
    except RecursionError:
        return Evaluation("not-evaluable", "the condition is nested too deeply")
    return Evaluation("true" if result else "false")


# --- the evaluator ---------------------------------------------------------------------


class _Evaluator:
    def __init__(self, values: Mapping[str, InputValue]) -> None:
        self.values = values

    def value(self, node: Expr) -> Value:
        try:
            return self._value(node)
        except Failed as failed:
            raise failed.typed(_failure_type(node, failed)) from None

    def _value(self, node: Expr) -> Value:
        if isinstance(node, Literal):
            return node.value
        if isinstance(node, VariableRef):
            if node.name not in self.values:
                raise OutsideSubset(f"var.{node.name} has no value", node)
            return nfc(self.values[node.name])
        if isinstance(node, TupleExpr):
            return tuple(self.value(item) for item in node.items)
        if isinstance(node, TemplateString):
            if len(node.parts) == 1 and not isinstance(node.parts[0], str):
                return self.value(node.parts[0])  # "${x}" is x itself, not x as a string
            return nfc(
                "".join(
                    part if isinstance(part, str) else to_string(self.value(part))
                    for part in node.parts
                )
            )
        if isinstance(node, Unary):
            operand = self.value(node.operand)
            return not to_bool(operand) if node.op == "!" else negate(to_number(operand))
        if isinstance(node, Binary):
            return self.binary(node)
        if isinstance(node, Conditional):
            return self.conditional(node)
        return self.call(node)

    def attempt(self, node: Expr) -> Value | Failed:
        try:
            return self.value(node)
        except Failed as failed:
            return failed

    def binary(self, node: Binary) -> Value:
        if node.op in ("&&", "||"):
            return self.logical(node)
        left, right = self.value(node.left), self.value(node.right)
        if node.op in ("==", "!="):
            return equals(left, right) == (node.op == "==")
        a, b = to_number(left), to_number(right)
        comparisons: dict[str, Callable[[float, float], bool]] = {
            "<": lambda x, y: x < y,
            "<=": lambda x, y: x <= y,
            ">": lambda x, y: x > y,
            ">=": lambda x, y: x >= y,
        }
        return comparisons[node.op](a, b)

    def logical(self, node: Binary) -> bool:
        left = self.attempt(node.left)
        if isinstance(left, Failed):
            raise left
        decided = to_bool(left)
        try:
            right = self.value(node.right)
            right_bool = to_bool(right)  # converted even when the left side decides
        except Failed as failed:
            if decided == (node.op == "||"):
                # Older OpenTofu evaluates both sides and fails; newer short-circuits.
                raise OutsideSubset(
                    f"the right side of {node.op} fails ({failed}) and OpenTofu versions "
                    "differ on short-circuit evaluation",
                    node,
                ) from None
            raise
        return (decided or right_bool) if node.op == "||" else (decided and right_bool)

    def conditional(self, node: Conditional) -> Value:
        """HCL evaluates both results, unifies their types, reports only the chosen one's error."""
        results = (self.attempt(node.if_true), self.attempt(node.if_false))
        result_type = _unify(results, node)
        try:
            chosen = results[0] if to_bool(self.value(node.condition)) else results[1]
        except Failed as failed:
            raise failed.typed(result_type) from None
        if isinstance(chosen, Failed):
            raise chosen.typed(result_type)
        return to_string(chosen) if result_type == "string" and chosen is not None else chosen

    def call(self, node: Call) -> Value:
        spec = FUNCTIONS.get(node.name)
        if spec is None:
            raise OutsideSubset(f"function {node.name}() is outside the evaluated subset", node)
        arity, implementation = spec
        if len(node.args) not in arity:
            raise OutsideSubset(f"{node.name}() called with {len(node.args)} arguments", node)
        if node.name in LAZY:
            return implementation(self, node.args)
        return implementation(tuple(self.value(arg) for arg in node.args))


def _failure_type(node: Expr, failed: Failed) -> str | None:
    """The type of the unknown value HCL returns when ``node`` fails (None: any type)."""
    if isinstance(node, Binary):
        return "bool"
    if isinstance(node, Unary):
        return "bool" if node.op == "!" else "number"
    if isinstance(node, TemplateString):
        lone = len(node.parts) == 1 and not isinstance(node.parts[0], str)
        return failed.type_name if lone else "string"
    if isinstance(node, TupleExpr):
        return "tuple"
    if isinstance(node, Conditional):
        return failed.type_name
    return None  # a function call: any type


def _unify(results: tuple[Value | Failed, ...], node: Expr) -> str | None:
    """The type both results of a conditional convert to (cty's unification, primitives)."""
    types = {
        result.type_name if isinstance(result, Failed) else type_name(result)
        for result in results
        if result is not None
    } - {None}
    if types & {"tuple", "list", "object"}:
        raise OutsideSubset("a conditional with collection results", node)
    if len(types) <= 1:
        return next(iter(types), None)
    if "string" in types:
        return "string"  # number or bool with string: both become strings
    raise Failed("inconsistent conditional result types (number and bool)")
