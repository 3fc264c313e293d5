"""Evaluate variable validation conditions the way OpenTofu would, for the idiom subset.

``evaluate`` never raises and never guesses: a condition outside the subset of
``cmdlib.hclexpr`` or calling a function not listed in ``FUNCTIONS`` is "not-evaluable"
with a reason naming the construct. Values follow OpenTofu's (cty's) rules: ``==`` never
converts types (``5 == "5"`` is false), ``<`` and friends convert both sides to numbers,
``&&``/``||``/``!`` to bools, string functions their arguments to strings. An expression
OpenTofu would fail to evaluate (``regex`` without a match, ``"abc" > 3``) rejects the value,
so the condition's status is "false" with a reason saying which error; inside ``can`` or
``try`` the error is caught, as in OpenTofu. Patterns go through ``cmdlib.regexes``.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Literal as Lit
from typing import TypeAlias

from cmdlib import hclexpr
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
from cmdlib.regexes import Untranslatable, compile_re2

InputValue: TypeAlias = str | int | float | bool


class HclList(tuple):  # type: ignore[type-arg]
    """A list value (what ``regexall`` returns), distinct from a tuple like ``["a"]``.

    OpenTofu's ``==`` compares types first, so a list never equals a tuple literal.
    """


Value: TypeAlias = "str | int | float | bool | tuple[Value, ...] | dict[str, Value] | None"

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


class _Failed(Exception):
    """OpenTofu would report an error evaluating this (``can`` turns it into false)."""


class _Unevaluable(Exception):
    def __init__(self, reason: str, node: Expr | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.node = node


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
        result = _to_bool(_Evaluator(values).value(condition.expression))
    except _Failed as failed:
        return Evaluation("false", f"OpenTofu would fail evaluating the condition: {failed}")
    except _Unevaluable as unevaluable:
        return Evaluation("not-evaluable", unevaluable.reason)
    except RecursionError:
        return Evaluation("not-evaluable", "the condition is nested too deeply")
    return Evaluation("true" if result else "false")


# --- conversions (cty's rules) ---------------------------------------------------------


def _nfc(value: InputValue) -> InputValue:
    """Strings as cty holds them: in Unicode normal form C."""
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def _is_number(value: Value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _type_name(value: Value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if _is_number(value):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, HclList):
        return "list"
    return "tuple" if isinstance(value, tuple) else "object"


_CTY_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]?[Ii]nf")


def parse_number(text: str) -> int | float | None:
    """A string converted to a number as cty does (Go's big.ParseFloat, base 10), or None."""
    if _CTY_NUMBER.fullmatch(text) is None:
        return None
    if re.fullmatch(r"[+-]?[0-9]+", text) and len(text) < 4000:  # int() refuses longer text
        number = int(text)
        return -0.0 if number == 0 and text.startswith("-") else number
    return float(text)


def _negate(number: int | float) -> int | float:
    # cty numbers keep the sign of zero: -0 renders as "-0"; Python ints have no -0.
    return -float(number) if number == 0 else -number


def format_number(value: int | float) -> str:
    """A number as OpenTofu renders it in a string: no exponent, no trailing ``.0``."""
    if isinstance(value, int):
        return str(value)
    if value == 0 and math.copysign(1.0, value) < 0:
        return "-0"
    if value.is_integer():
        return str(int(value))
    return format(Decimal(repr(value)), "f")


def _to_bool(value: Value) -> bool:
    if isinstance(value, bool):
        return value
    if value in ("true", "false", "1", "0"):  # cty converts these strings to bool
        return value in ("true", "1")
    raise _Failed(f"a bool is required, got {_type_name(value)}{_show(value)}")


def _to_number(value: Value) -> int | float:
    if _is_number(value):
        assert isinstance(value, int | float)
        return value
    if isinstance(value, str):
        parsed = parse_number(value)
        if parsed is not None:
            return parsed
    raise _Failed(f"a number is required, got {_type_name(value)}{_show(value)}")


def _to_string(value: Value) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if _is_number(value):
        assert isinstance(value, int | float)
        return format_number(value)
    raise _Failed(f"a string is required, got {_type_name(value)}")


def _show(value: Value) -> str:
    if value is None:
        return ""
    text = repr(value)
    return " " + (text if len(text) <= 40 else text[:37] + "...")


def _equals(left: Value, right: Value) -> bool:
    if _is_number(left) and _is_number(right):
        return left == right
    if _type_name(left) != _type_name(right):
        return False
    if isinstance(left, tuple) and isinstance(right, tuple):
        return len(left) == len(right) and all(map(_equals, left, right))
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(_equals(left[k], right[k]) for k in left)
    return left == right


def _grapheme_count(text: str) -> int:
    """``length`` of a string counts grapheme clusters; only simple text is counted here."""
    for char in text:
        combining = unicodedata.category(char) in ("Mn", "Mc", "Me", "Cf", "Co", "Cs")
        if combining or 0x1100 <= ord(char) <= 0x11FF or 0x1F1E6 <= ord(char) <= 0x1F1FF:
            raise _Unevaluable("length() of a string with combining characters is not evaluated")
    return len(text) - text.count("\r\n")


# --- the evaluator ---------------------------------------------------------------------


class _Evaluator:
    def __init__(self, values: Mapping[str, InputValue]) -> None:
        self.values = values

    def value(self, node: Expr) -> Value:
        if isinstance(node, Literal):
            return node.value
        if isinstance(node, VariableRef):
            if node.name not in self.values:
                raise _Unevaluable(f"var.{node.name} has no value", node)
            return _nfc(self.values[node.name])
        if isinstance(node, TupleExpr):
            return tuple(self.value(item) for item in node.items)
        if isinstance(node, TemplateString):
            if len(node.parts) == 1 and not isinstance(node.parts[0], str):
                return self.value(node.parts[0])  # "${x}" is x itself, not x as a string
            return _nfc(
                "".join(
                    part if isinstance(part, str) else _to_string(self.value(part))
                    for part in node.parts
                )
            )
        if isinstance(node, Unary):
            operand = self.value(node.operand)
            return not _to_bool(operand) if node.op == "!" else _negate(_to_number(operand))
        if isinstance(node, Binary):
            return self.binary(node)
        if isinstance(node, Conditional):
            return self.conditional(node)
        return self.call(node)

    def attempt(self, node: Expr) -> Value | _Failed:
        try:
            return self.value(node)
        except _Failed as failed:
            return failed

    def binary(self, node: Binary) -> Value:
        if node.op in ("&&", "||"):
            return self.logical(node)
        left, right = self.value(node.left), self.value(node.right)
        if node.op in ("==", "!="):
            return _equals(left, right) == (node.op == "==")
        a, b = _to_number(left), _to_number(right)
        comparisons: dict[str, Callable[[float, float], bool]] = {
            "<": lambda x, y: x < y,
            "<=": lambda x, y: x <= y,
            ">": lambda x, y: x > y,
            ">=": lambda x, y: x >= y,
        }
        return comparisons[node.op](a, b)

    def logical(self, node: Binary) -> bool:
        left = self.attempt(node.left)
        if isinstance(left, _Failed):
            raise left
        decided = _to_bool(left)
        try:
            right = self.value(node.right)
            right_bool = _to_bool(right)  # converted even when the left side decides
        except _Failed as failed:
            if decided == (node.op == "||"):
                # Older OpenTofu evaluates both sides and fails; newer short-circuits.
                raise _Unevaluable(
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
        chosen = results[0] if _to_bool(self.value(node.condition)) else results[1]
        if isinstance(chosen, _Failed):
            raise chosen
        return _to_string(chosen) if result_type == "string" and chosen is not None else chosen

    def call(self, node: Call) -> Value:
        spec = FUNCTIONS.get(node.name)
        if spec is None:
            raise _Unevaluable(f"function {node.name}() is outside the evaluated subset", node)
        arity, implementation = spec
        if len(node.args) not in arity:
            raise _Unevaluable(f"{node.name}() called with {len(node.args)} arguments", node)
        if node.name in ("can", "try"):
            return implementation(self, node.args)
        return implementation(self, tuple(self.value(arg) for arg in node.args))


def _unify(results: tuple[Value | _Failed, ...], node: Expr) -> str | None:
    """The type both results of a conditional convert to (cty's unification, primitives)."""
    types = {_type_name(r) for r in results if not isinstance(r, _Failed) and r is not None}
    if types & {"tuple", "list", "object"}:
        raise _Unevaluable("a conditional with collection results", node)
    if len(types) <= 1:
        return next(iter(types), None)
    if "string" in types:
        return "string"  # number or bool with string: both become strings
    raise _Failed("inconsistent conditional result types (number and bool)")


# --- functions -------------------------------------------------------------------------


def _can(evaluator: _Evaluator, args: Sequence[Expr]) -> bool:
    return not isinstance(evaluator.attempt(args[0]), _Failed)


def _try(evaluator: _Evaluator, args: Sequence[Expr]) -> Value:
    for arg in args:
        result = evaluator.attempt(arg)
        if not isinstance(result, _Failed):
            return result
    raise _Failed("no expression given to try() succeeded")


def _pattern(pattern: Value) -> re.Pattern[str]:
    compiled = compile_re2(_to_string(pattern))
    if isinstance(compiled, Untranslatable):
        if compiled.re2_rejects:
            raise _Failed(f"invalid regular expression pattern: {compiled.reason}")
        raise _Unevaluable(f"regular expression not evaluated: {compiled.reason}")
    return compiled


def _match_value(compiled: re.Pattern[str], found: re.Match[str]) -> Value:
    if compiled.groups == 0:
        return _nfc(found.group(0))
    # A group that did not take part is null, as in OpenTofu.
    groups = tuple(None if group is None else _nfc(group) for group in found.groups())
    names = {index: name for name, index in compiled.groupindex.items()}
    if not names:
        return groups
    if len(names) != compiled.groups:
        raise _Failed("invalid regular expression: can't mix named and unnamed capture groups")
    return {names[index + 1]: group for index, group in enumerate(groups)}


def _regex(_evaluator: _Evaluator, args: Sequence[Value]) -> Value:
    compiled = _pattern(args[0])
    found = compiled.search(_to_string(args[1]))
    if found is None:
        raise _Failed("pattern did not match any part of the given string")
    return _match_value(compiled, found)


def _regexall(_evaluator: _Evaluator, args: Sequence[Value]) -> Value:
    """Go's FindAllStringSubmatch: an empty match right after a match is skipped."""
    compiled = _pattern(args[0])
    text = _to_string(args[1])
    matches: list[Value] = []
    position, previous_end = 0, -1
    while position <= len(text):
        found = compiled.search(text, position)
        if found is None:
            break
        if found.end() == position:
            accept = found.start() != previous_end
            position += 1
        else:
            accept = True
            position = found.end()
        previous_end = found.end()
        if accept:
            matches.append(_match_value(compiled, found))
    return HclList(matches)


def _length(_evaluator: _Evaluator, args: Sequence[Value]) -> Value:
    value = args[0]
    if isinstance(value, str):
        return _grapheme_count(value)
    if isinstance(value, tuple | dict):
        return len(value)
    raise _Failed(f"length() needs a string or a collection, got {_type_name(value)}")


def _contains(_evaluator: _Evaluator, args: Sequence[Value]) -> Value:
    collection = args[0]
    if not isinstance(collection, tuple):
        raise _Failed(f"contains() needs a list, got {_type_name(collection)}")
    if args[1] is None:
        raise _Failed("the value given to contains() must not be null")
    return any(_equals(args[1], item) for item in collection)


def _startswith(_evaluator: _Evaluator, args: Sequence[Value]) -> Value:
    return _to_string(args[0]).startswith(_to_string(args[1]))


def _endswith(_evaluator: _Evaluator, args: Sequence[Value]) -> Value:
    return _to_string(args[0]).endswith(_to_string(args[1]))


def _tonumber(_evaluator: _Evaluator, args: Sequence[Value]) -> Value:
    return None if args[0] is None else _to_number(args[0])


def _tostring(_evaluator: _Evaluator, args: Sequence[Value]) -> Value:
    return None if args[0] is None else _to_string(args[0])


_Implementation: TypeAlias = Callable[..., Value]
FUNCTIONS: dict[str, tuple[range, _Implementation]] = {
    "can": (range(1, 2), _can),
    "try": (range(1, 100), _try),
    "regex": (range(2, 3), _regex),
    "regexall": (range(2, 3), _regexall),
    "length": (range(1, 2), _length),
    "contains": (range(2, 3), _contains),
    "startswith": (range(2, 3), _startswith),
    "endswith": (range(2, 3), _endswith),
    "tonumber": (range(1, 2), _tonumber),
    "tostring": (range(1, 2), _tostring),
}
