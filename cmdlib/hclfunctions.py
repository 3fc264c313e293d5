"""The functions a validation condition may call, implemented with cty's semantics.

``FUNCTIONS`` maps each name to the argument counts it takes and its implementation.
The ``LAZY`` ones (``can``, ``try``) receive an ``Attempt`` and the unevaluated argument
trees, and catch ``Failed``; every other function receives the evaluated values only.
"""

from __future__ import annotations

import math
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
from cmdlib.hclexpr import Expr
from cmdlib.regexes import Re2Match, Untranslatable, group_names, re2_search, translate_re2


class Attempt(Protocol):
    def attempt(self, node: Expr) -> Value | Failed: ...


LAZY = frozenset({"can", "try"})


def _can(evaluator: Attempt, args: Sequence[Expr]) -> bool:
    return not isinstance(evaluator.attempt(args[0]), Failed)


def _try(evaluator: Attempt, args: Sequence[Expr]) -> Value:
    for arg in args:
        result = evaluator.attempt(arg)
        if not isinstance(result, Failed):
            return result
    raise Failed("no expression given to try() succeeded")


def _pattern(value: Value) -> str:
    """The pattern, after OpenTofu's checks (``Failed``) and ours (``OutsideSubset``)."""
    pattern = to_string(value)
    translated = translate_re2(pattern)
    if isinstance(translated, Untranslatable):
        if translated.re2_rejects:
            raise Failed(f"invalid regular expression pattern: {translated.reason}")
        raise OutsideSubset(f"regular expression not evaluated: {translated.reason}")
    names = group_names(pattern)
    if any(names) and not all(names):
        raise Failed("invalid regular expression: can't mix named and unnamed capture groups")
    return pattern


def _search(pattern: str, text: str, start: int = 0) -> Re2Match | None:
    found = re2_search(pattern, text, start)  # linear time: never backtracks
    assert not isinstance(found, Untranslatable)  # _pattern checked it
    return found


def _match_value(found: Re2Match) -> Value:
    """A string (no groups), a tuple (unnamed groups) or an object (named groups)."""
    names = found.names[1:]
    if not names:
        return nfc(found.text[found.start : found.end])
    # A group that did not take part is null, as in OpenTofu.
    groups = [found.group(number) for number in range(1, len(names) + 1)]
    values = tuple(None if group is None else nfc(group) for group in groups)
    if not any(names):
        return values
    return {str(name): value for name, value in zip(names, values, strict=True)}


def _regex(args: Sequence[Value]) -> Value:
    found = _search(_pattern(args[0]), to_string(args[1]))
    if found is None:
        raise Failed("pattern did not match any part of the given string")
    return _match_value(found)


def _regexall(args: Sequence[Value]) -> Value:
    """Go's FindAllStringSubmatch: an empty match right after a match is skipped."""
    pattern, text = _pattern(args[0]), to_string(args[1])
    matches: list[Value] = []
    position, previous_end = 0, -1
    while position <= len(text):
        found = _search(pattern, text, position)
        if found is None:
            break
        if found.end == position:
            accept = found.start != previous_end
            position += 1
        else:
            accept = True
            position = found.end
        previous_end = found.end
        if accept:
            matches.append(_match_value(found))
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
