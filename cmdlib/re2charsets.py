"""Character sets for RE2 patterns: code point ranges, the ASCII Perl and POSIX classes,
Unicode general categories, and Go's simple case folding.

A set is a sorted tuple of merged ``(low, high)`` ranges of code points.
"""

from __future__ import annotations

import bisect
import unicodedata
from functools import lru_cache
from typing import TypeAlias

MAX_RUNE = 0x10FFFF
Ranges: TypeAlias = tuple[tuple[int, int], ...]


def merge(ranges: list[tuple[int, int]]) -> Ranges:
    merged: list[tuple[int, int]] = []
    for low, high in sorted(ranges):
        if merged and low <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return tuple(merged)


def complement(ranges: Ranges) -> Ranges:
    result: list[tuple[int, int]] = []
    next_low = 0
    for low, high in ranges:
        if low > next_low:
            result.append((next_low, low - 1))
        next_low = high + 1
    if next_low <= MAX_RUNE:
        result.append((next_low, MAX_RUNE))
    return tuple(result)


def _ranges_of(text: str) -> Ranges:
    """``"0-9A-Z_"`` style description to ranges (a ``-`` between two chars is a range)."""
    found: list[tuple[int, int]] = []
    index = 0
    while index < len(text):
        if index + 2 < len(text) and text[index + 1] == "-":
            found.append((ord(text[index]), ord(text[index + 2])))
            index += 3
        else:
            found.append((ord(text[index]), ord(text[index])))
            index += 1
    return merge(found)


PERL_CLASSES = {
    "d": _ranges_of("0-9"),
    "w": _ranges_of("0-9A-Za-z_"),
    "s": _ranges_of("\t\n\f\r "),
}
POSIX_CLASSES = {
    "alnum": _ranges_of("0-9A-Za-z"),
    "alpha": _ranges_of("A-Za-z"),
    "ascii": ((0, 0x7F),),
    "blank": _ranges_of("\t "),
    "cntrl": ((0, 0x1F), (0x7F, 0x7F)),
    "digit": _ranges_of("0-9"),
    "graph": _ranges_of("!-~"),
    "lower": _ranges_of("a-z"),
    "print": _ranges_of(" -~"),
    "punct": _ranges_of("!-/:-@[-`{-~"),
    "space": _ranges_of("\t\n\v\f\r "),
    "upper": _ranges_of("A-Z"),
    "word": _ranges_of("0-9A-Za-z_"),
    "xdigit": _ranges_of("0-9A-Fa-f"),
}


@lru_cache(maxsize=1)
def _category_table() -> dict[str, Ranges]:
    """Code point ranges of every Unicode general category (Python's Unicode database)."""
    found: dict[str, list[tuple[int, int]]] = {}
    current, start = unicodedata.category("\0"), 0
    for code in range(1, MAX_RUNE + 2):
        category = unicodedata.category(chr(code)) if code <= MAX_RUNE else ""
        if category != current:
            found.setdefault(current, []).append((start, code - 1))
            current, start = category, code
    return {name: tuple(ranges) for name, ranges in found.items()}


@lru_cache(maxsize=64)
def unicode_category(name: str) -> Ranges | None:
    """Go's ``\\p{name}`` for a general category (``L``, ``Lu``, ...) or ``Any``; else None.

    Go's one-letter ``C`` is Cc, Cf, Co and Cs: unassigned code points (Cn) are in no class.
    """
    if name == "Any":
        return ((0, MAX_RUNE),)
    table = _category_table()
    if len(name) == 2 and name in table and name != "Cn":
        return table[name]
    if len(name) == 1 and name in "CLMNPSZ":
        parts = [
            r for key, ranges in table.items() if key[0] == name and key != "Cn" for r in ranges
        ]
        return merge(parts)
    return None


MIN_FOLD, MAX_FOLD = 0x41, 0x1E943  # Go's bounds of the code points that fold


@lru_cache(maxsize=1)
def _fold_orbits() -> tuple[list[int], dict[int, tuple[int, ...]]]:
    """Code points with case variants and their orbits under simple case folding.

    Two code points are variants when they share a simple fold: ``casefold()`` when it is
    one character (``K`` and KELVIN SIGN fold to ``k``), else ``lower()``; full foldings
    such as ``ß`` -> ``ss`` are not simple and do not count, as in Go.
    """
    groups: dict[str, list[int]] = {}
    for code in range(MIN_FOLD, MAX_FOLD + 1):
        char = chr(code)
        key = char.casefold()
        if len(key) != 1:
            key = char.lower() if len(char.lower()) == 1 else char
        groups.setdefault(key, []).append(code)
    orbits = {
        member: tuple(group) for group in groups.values() if len(group) > 1 for member in group
    }
    return sorted(orbits), orbits


def folded(ranges: Ranges, fold: bool) -> Ranges:
    """``ranges`` with the case variants of every member added (Go's appendFoldedRange)."""
    if not fold:
        return ranges
    codes, orbits = _fold_orbits()
    extra: list[tuple[int, int]] = []
    for low, high in ranges:
        if low <= MIN_FOLD and high >= MAX_FOLD:
            continue  # the range already holds every variant
        for code in codes[bisect.bisect_left(codes, low) : bisect.bisect_right(codes, high)]:
            extra.extend((member, member) for member in orbits[code])
    return merge([*ranges, *extra]) if extra else ranges
