"""The functions a validation condition may call, implemented with cty's semantics.

``FUNCTIONS`` maps each name to the argument counts it takes and its implementation.
The ``LAZY`` ones (``can``, ``try``) receive an ``Attempt`` and the unevaluated argument
trees, and catch ``Failed``; every other function receives the evaluated values only.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from typing import Protocol, TypeAlias

from cmdlib.ctyvalues import (
    Failed,
    HclList,
    OutsideSubset,
    Value,
    equals,
    grapheme_count,
    nfc,
    to_number,
    to_string,
    type_name,
)
from cmdlib.hclexpr import Call, Expr
from cmdlib.regexes import Untranslatable, compile_re2, re2_matches


class Attempt(Protocol):
    def attempt(self, node: Expr) -> Value | Failed: ...


LAZY = frozenset({"can", "try"})


def _can(evaluator: Attempt, args: Sequence[Expr]) -> bool:
    target = args[0]
    if isinstance(target, Call) and target.name == "regex" and len(target.args) == 2:
        return _regex_succeeds(evaluator, target.args)
    return not isinstance(evaluator.attempt(target), Failed)


def _regex_succeeds(evaluator: Attempt, args: Sequence[Expr]) -> bool:
    """``can(regex(p, s))`` without backtracking: only whether a match exists matters."""
    pattern, text = (evaluator.attempt(arg) for arg in args)
    if isinstance(pattern, Failed) or isinstance(text, Failed):
        return False
    try:
        _pattern(pattern)
        subject = to_string(text)
    except Failed:
        return False
    return _matches(to_string(pattern), subject)


def _matches(pattern: str, text: str) -> bool:
    found = re2_matches(pattern, text)
    assert not isinstance(found, Untranslatable)  # callers went through _pattern first
    return found


def _try(evaluator: Attempt, args: Sequence[Expr]) -> Value:
    for arg in args:
        result = evaluator.attempt(arg)
        if not isinstance(result, Failed):
            return result
    raise Failed("no expression given to try() succeeded")


def _pattern(pattern: Value) -> re.Pattern[str]:
    compiled = compile_re2(to_string(pattern))
    if isinstance(compiled, Untranslatable):
        if compiled.re2_rejects:
            raise Failed(f"invalid regular expression pattern: {compiled.reason}")
        raise OutsideSubset(f"regular expression not evaluated: {compiled.reason}")
    if compiled.groupindex and len(compiled.groupindex) != compiled.groups:
        raise Failed("invalid regular expression: can't mix named and unnamed capture groups")
    return compiled


def _match_value(compiled: re.Pattern[str], found: re.Match[str]) -> Value:
    if compiled.groups == 0:
        return nfc(found.group(0))
    # A group that did not take part is null, as in OpenTofu.
    groups = tuple(None if group is None else nfc(group) for group in found.groups())
    names = {index: name for name, index in compiled.groupindex.items()}
    if not names:
        return groups
    return {names[index + 1]: group for index, group in enumerate(groups)}


def _regex(args: Sequence[Value]) -> Value:
    compiled = _pattern(args[0])
    text = to_string(args[1])
    # The linear test first: Python's backtracking search only runs when a match exists.
    found = compiled.search(text) if _matches(to_string(args[0]), text) else None
    if found is None:
        raise Failed("pattern did not match any part of the given string")
    return _match_value(compiled, found)


def _regexall(args: Sequence[Value]) -> Value:
    """Go's FindAllStringSubmatch: an empty match right after a match is skipped."""
    compiled = _pattern(args[0])
    text = to_string(args[1])
    matches: list[Value] = []
    if not _matches(to_string(args[0]), text):
        return HclList(matches)
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


def _length(args: Sequence[Value]) -> Value:
    value = args[0]
    if isinstance(value, str):
        return grapheme_count(value)
    if isinstance(value, tuple | dict):
        return len(value)
    raise Failed(f"length() needs a string or a collection, got {type_name(value)}")


def _contains(args: Sequence[Value]) -> Value:
    collection = args[0]
    if not isinstance(collection, tuple):
        raise Failed(f"contains() needs a list, got {type_name(collection)}")
    if args[1] is None:
        raise Failed("the value given to contains() must not be null")
    return any(equals(args[1], item) for item in collection)


def _startswith(args: Sequence[Value]) -> Value:
    return to_string(args[0]).startswith(to_string(args[1]))


def _endswith(args: Sequence[Value]) -> Value:
    return to_string(args[0]).endswith(to_string(args[1]))


def _tonumber(args: Sequence[Value]) -> Value:
    return None if args[0] is None else to_number(args[0])


def _tostring(args: Sequence[Value]) -> Value:
    return None if args[0] is None else to_string(args[0])


# Go's unicode.IsSpace, which strings.TrimSpace trims (Python's isspace() differs).
_GO_SPACE = (
    "\t\n\v\f\r \x85\xa0\u1680"
    + "".join(map(chr, range(0x2000, 0x200B)))
    + ("\u2028\u2029\u202f\u205f\u3000")
)


def _trimspace(args: Sequence[Value]) -> Value:
    return nfc(to_string(args[0]).strip(_GO_SPACE))


def _rounded(args: Sequence[Value], rounding: Callable[[float], int]) -> Value:
    number = to_number(args[0])
    return number if isinstance(number, int) or not math.isfinite(number) else rounding(number)


def _floor(args: Sequence[Value]) -> Value:
    return _rounded(args, math.floor)


def _ceil(args: Sequence[Value]) -> Value:
    return _rounded(args, math.ceil)


def _abs(args: Sequence[Value]) -> Value:
    return abs(to_number(args[0]))


def _min(args: Sequence[Value]) -> Value:
    return min(to_number(arg) for arg in args)


def _max(args: Sequence[Value]) -> Value:
    return max(to_number(arg) for arg in args)


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
    "trimspace": (range(1, 2), _trimspace),
    "floor": (range(1, 2), _floor),
    "ceil": (range(1, 2), _ceil),
    "abs": (range(1, 2), _abs),
    "min": (range(1, 100), _min),
    "max": (range(1, 100), _max),
}
