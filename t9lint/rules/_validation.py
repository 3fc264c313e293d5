"""What characters a variable's validations let through.

A validation restricts the characters of a value only through a condition every passing
value must satisfy. This module walks a condition's expression tree
(``cmdlib.hclexpr``) and computes the set of ASCII characters a passing value can
contain, or ``None`` when the condition does not restrict them:

* ``can(regex(P, var.X))`` (or a bare ``regex(P, var.X)``) restricts X to the characters
  ``P`` admits, but only when ``P`` is anchored at both ends: an unanchored pattern
  matches part of the value and lets anything through around it;
* ``contains(["a", "b"], var.X)`` and ``var.X == "a"`` restrict X to the literals' characters;
* ``A && B``: a value must pass both, so the restriction is the tighter of the two;
* ``A || B``: a value may pass either, so it is restricted only if both sides are, to
  the union of what they admit;
* anything else (``startswith``, ``length``, ``!``, comparisons, other variables)
  restricts nothing.
A variable's validations must all pass, so their restrictions intersect.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from cmdlib.model import Variable

if TYPE_CHECKING:
    from cmdlib.conditions import Condition, NotEvaluable

# Characters a shell treats specially (or that split words) when a value is pasted
# into shell text; a value with none of them is one inert word in any quoting.
DANGEROUS = frozenset(" \t\n\r\f\v'\"`$\\;&|<>(){}*?[]!#~")
SEPARATORS = frozenset(",=")
_CHAR_NAMES = {" ": "space", "\t": "tab", "\n": "newline", "\r": "CR", "\f": "FF", "\v": "VT"}


def show_chars(chars: Iterable[str]) -> str:
    """A readable list of characters (``' ; space newline``)."""
    return " ".join(_CHAR_NAMES.get(c, c) for c in sorted(chars))


def _intersect(left: frozenset[str] | None, right: frozenset[str] | None) -> frozenset[str] | None:
    if left is None:
        return right
    if right is None:
        return left
    return left & right


def _literal_chars(node: object) -> frozenset[str] | None:
    from cmdlib.hclexpr import Literal

    if isinstance(node, Literal) and isinstance(node.value, str):
        return frozenset(node.value)
    return None


def _names_variable(node: object, variable: str) -> bool:
    from cmdlib.hclexpr import VariableRef

    return isinstance(node, VariableRef) and node.name == variable


def _regex_restriction(node: object, variable: str) -> frozenset[str] | None:
    from cmdlib.hclexpr import Call, Literal
    from cmdlib.regexes import admitted_characters, is_anchored

    if not isinstance(node, Call) or node.name != "regex" or len(node.args) != 2:
        return None
    pattern, subject = node.args
    if not isinstance(pattern, Literal) or not isinstance(pattern.value, str):
        return None
    if not _names_variable(subject, variable):
        return None
    anchors = is_anchored(pattern.value)
    if not (anchors.start and anchors.end):
        return None
    return admitted_characters(pattern.value)


def restriction(node: object, variable: str) -> frozenset[str] | None:
    """The characters a value of ``variable`` passing ``node`` can hold; None: unrestricted."""
    from cmdlib.hclexpr import Binary, Call, TupleExpr

    if isinstance(node, Binary):
        if node.op == "&&":
            return _intersect(restriction(node.left, variable), restriction(node.right, variable))
        if node.op == "||":
            left, right = restriction(node.left, variable), restriction(node.right, variable)
            return None if left is None or right is None else left | right
        if node.op == "==":
            if _names_variable(node.left, variable):
                return _literal_chars(node.right)
            if _names_variable(node.right, variable):
                return _literal_chars(node.left)
        return None
    if isinstance(node, Call):
        if node.name == "can" and len(node.args) == 1:
            return _regex_restriction(node.args[0], variable)
        if node.name == "regex":
            return _regex_restriction(node, variable)
        if node.name == "contains" and len(node.args) == 2:
            options, subject = node.args
            if not isinstance(options, TupleExpr) or not _names_variable(subject, variable):
                return None
            allowed: frozenset[str] = frozenset()
            for item in options.items:
                chars = _literal_chars(item)
                if chars is None:
                    return None
                allowed |= chars
            return allowed
    return None


@lru_cache(maxsize=1024)
def parsed_condition(source: str) -> Condition | NotEvaluable:
    """``cmdlib.conditions.parse_condition``, once per distinct condition text."""
    from cmdlib.conditions import parse_condition

    return parse_condition(source)


@lru_cache(maxsize=1024)
def condition_restriction(condition: str, variable: str) -> frozenset[str] | None:
    from cmdlib.hclexpr import NotEvaluable, parse_expression

    tree = parse_expression(condition)
    if isinstance(tree, NotEvaluable):
        return None
    return restriction(tree, variable)


def variable_restriction(variable: Variable) -> frozenset[str] | None:
    """What every validation of ``variable`` together lets through; None: unrestricted."""
    allowed: frozenset[str] | None = None
    for validation in variable.validations:
        allowed = _intersect(allowed, condition_restriction(validation.condition, variable.name))
    return allowed


INERT_TYPES = frozenset({"number", "bool"})


def is_inert_type(variable: Variable) -> bool:
    """A ``number`` or ``bool`` value is digits or true/false: no shell metacharacters."""
    return variable.type in INERT_TYPES


def unsafe_reason(variable: Variable, dangerous: frozenset[str] = DANGEROUS) -> str | None:
    """Why a value of ``variable`` pasted into shell text could change the command; None: safe."""
    if is_inert_type(variable):
        return None
    if not variable.validations:
        return f"{variable.name} has no validation"
    allowed = variable_restriction(variable)
    if allowed is None:
        return (
            f"the validation of {variable.name} does not restrict its characters"
            " (no regex anchored at both ends, no list of values)"
        )
    admitted = allowed & dangerous
    if admitted:
        return f"the validation of {variable.name} admits {show_chars(admitted)}"
    return None
