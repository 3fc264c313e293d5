"""Go's RE2 regular-expression syntax (as OpenTofu's ``regex`` reads it) parsed to a tree.

The parser follows Go's ``regexp/syntax`` with Perl flags: what Go rejects becomes an
``Untranslatable`` with ``re2_rejects=True``, what Go accepts but has no faithful Python
equivalent becomes one with ``re2_rejects=False``. Flags are resolved while parsing, so
the tree is flag-free: under ``(?i)`` a ``Chars`` already holds every case variant (folded
item by item before any negation, as Go does, so Python needs no IGNORECASE), ``.`` is a
class, ``^``/``$`` are text or line assertions. ``cmdlib.regexes`` emits Python from the
tree and analyses it.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, TypeAlias

MAX_RUNE = 0x10FFFF
MAX_REPEAT = 1000  # Go's regexp/syntax limit for {n,m}
ASCII = frozenset(chr(code) for code in range(128))

Ranges: TypeAlias = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Untranslatable:
    """A pattern this module will not hand to Python ``re``; ``reason`` says why.

    ``re2_rejects`` is True when Go's ``regexp`` rejects the pattern too (so OpenTofu's
    ``regex`` fails and ``can(regex(...))`` is false), False when the pattern is valid RE2
    that has no faithful Python translation (then a condition using it is not evaluable).
    """

    reason: str
    re2_rejects: bool = True


# --- the parsed tree -------------------------------------------------------------------


@dataclass(frozen=True)
class Chars:
    """One character out of a set: a literal, a class, ``.`` or an escape like ``\\d``."""

    ranges: Ranges  # the positive items (case variants included), sorted and merged
    negated: bool


@dataclass(frozen=True)
class Assertion:
    kind: Literal["begin_text", "end_text", "begin_line", "end_line", "word", "not_word"]


@dataclass(frozen=True)
class Group:
    body: Node
    name: str | None
    capturing: bool


@dataclass(frozen=True)
class Repeat:
    body: Node
    minimum: int
    maximum: int | None
    lazy: bool
    counted: bool = False  # written {n,m} (Go limits how these nest), not * + ?


@dataclass(frozen=True)
class Concat:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Alternation:
    items: tuple[Node, ...]


Node: TypeAlias = Chars | Assertion | Group | Repeat | Concat | Alternation


class _Reject(Exception):
    def __init__(self, reason: str, *, re2_rejects: bool = True) -> None:
        super().__init__(reason)
        self.reason = reason
        self.re2_rejects = re2_rejects


# --- character sets --------------------------------------------------------------------


def _merge(ranges: list[tuple[int, int]]) -> Ranges:
    merged: list[tuple[int, int]] = []
    for low, high in sorted(ranges):
        if merged and low <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return tuple(merged)


def _complement(ranges: Ranges) -> Ranges:
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
    return _merge(found)


_PERL_CLASSES = {
    "d": _ranges_of("0-9"),
    "w": _ranges_of("0-9A-Za-z_"),
    "s": _ranges_of("\t\n\f\r "),
}
_POSIX_CLASSES = {
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
_SIMPLE_ESCAPES = {"a": 7, "f": 12, "t": 9, "n": 10, "r": 13, "v": 11}
_FLAG_LETTERS = frozenset("imsU")


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
        return _merge(parts)
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


def _folded(ranges: Ranges, fold: bool) -> Ranges:
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
    return _merge([*ranges, *extra]) if extra else ranges


@dataclass
class _Flags:
    fold: bool = False
    multiline: bool = False
    dot_nl: bool = False
    ungreedy: bool = False

    def copy(self) -> _Flags:
        return _Flags(self.fold, self.multiline, self.dot_nl, self.ungreedy)


# --- the parser ------------------------------------------------------------------------


class _Parser:
    """Recursive descent over Go's RE2 syntax, with Go's error cases turned into reasons."""

    def __init__(self, pattern: str) -> None:
        self.text = pattern
        self.pos = 0

    def parse(self) -> Node:
        node = self.alternation(_Flags())
        if self.pos < len(self.text):
            raise _Reject("unexpected ')' (unbalanced parenthesis)")
        return node

    def peek(self, offset: int = 0) -> str:
        index = self.pos + offset
        return self.text[index] if index < len(self.text) else ""

    def alternation(self, flags: _Flags) -> Node:
        branches = [self.concat(flags)]
        while self.peek() == "|":
            self.pos += 1
            branches.append(self.concat(flags))
        return branches[0] if len(branches) == 1 else Alternation(tuple(branches))

    def concat(self, flags: _Flags) -> Node:
        items: list[Node] = []
        repeated = False  # Go rejects stacked repeats such as a** or a*+ (possessive)
        while self.pos < len(self.text) and self.peek() not in "|)":
            char = self.peek()
            if char in "*+?" or (char == "{" and self.repeat_bounds() is not None):
                if not items:
                    raise _Reject(f"missing argument to repetition operator {char!r}")
                if repeated:
                    raise _Reject("RE2 does not support stacked or possessive repetition")
                items[-1] = self.repeat(items[-1], flags)
                repeated = True
                continue
            repeated = False
            atom = self.atom(flags)
            if atom is not None:
                items.append(atom)
        return items[0] if len(items) == 1 else Concat(tuple(items))

    def repeat_bounds(self) -> tuple[int, int | None, int] | None:
        found = re.match(r"\{(\d+)(,(\d*))?\}", self.text[self.pos :])
        if found is None:
            return None
        minimum = int(found.group(1))
        if found.group(2) is None:
            maximum: int | None = minimum
        else:
            maximum = int(found.group(3)) if found.group(3) else None
        return minimum, maximum, found.end()

    def repeat(self, body: Node, flags: _Flags) -> Node:
        char = self.peek()
        if char == "{":
            bounds = self.repeat_bounds()
            assert bounds is not None
            minimum, maximum, length = bounds
            if minimum > MAX_REPEAT or (maximum or 0) > MAX_REPEAT:
                raise _Reject(f"repeat count above RE2's limit of {MAX_REPEAT}")
            if maximum is not None and minimum > maximum:
                raise _Reject("invalid repeat: minimum above maximum")
            self.pos += length
        else:
            minimum, maximum = {"*": (0, None), "+": (1, None), "?": (0, 1)}[char]
            self.pos += 1
        lazy = False
        if self.peek() == "?":
            lazy = True
            self.pos += 1
        node = Repeat(body, minimum, maximum, lazy != flags.ungreedy, counted=char == "{")
        large = minimum >= 2 or (maximum or 0) >= 2
        if node.counted and large and not _repeat_is_valid(node, MAX_REPEAT):
            raise _Reject(f"nested repeat counts multiply above RE2's limit of {MAX_REPEAT}")
        return node

    def atom(self, flags: _Flags) -> Node | None:
        char = self.peek()
        self.pos += 1
        if char == "(":
            return self.group(flags)
        if char == "[":
            return self.char_class(flags)
        if char == "\\":
            return self.escape(flags)
        if char == ".":
            return Chars((), negated=True) if flags.dot_nl else _not_newline()
        if char == "^":
            return Assertion("begin_line" if flags.multiline else "begin_text")
        if char == "$":
            return Assertion("end_line" if flags.multiline else "end_text")
        return Chars(_folded(((ord(char), ord(char)),), flags.fold), negated=False)

    def group(self, flags: _Flags) -> Node | None:
        rest = self.text[self.pos :]
        name: str | None = None
        if rest.startswith("?P<") or rest.startswith("?<"):
            if rest.startswith("?<=") or rest.startswith("?<!"):
                raise _Reject("RE2 does not support lookbehind (?<= / (?<!")
            found = re.match(r"\?P?<([^>]*)>", rest)
            if found is None or not re.fullmatch(r"[A-Za-z0-9_]+", found.group(1)):
                raise _Reject("invalid capture group name")
            name = found.group(1)
            if name[0].isdigit():
                raise _Reject(
                    f"capture group name {name!r} starts with a digit (Python rejects it)",
                    re2_rejects=False,
                )
            self.pos += found.end()
        elif rest.startswith("?"):
            return self.flag_group(flags, rest)
        body = self.alternation(flags.copy())
        self.expect_close()
        return Group(body, name, capturing=True)

    def flag_group(self, flags: _Flags, rest: str) -> Node | None:
        found = re.match(r"\?([A-Za-z]*)(?:-([A-Za-z]*))?([:)])", rest)
        if found is None:
            construct = {"=": "lookahead", "!": "lookahead", ">": "atomic groups"}.get(
                rest[1:2], f"the group syntax '(?{rest[1:2]}'"
            )
            if rest.startswith("?P="):
                construct = "backreferences"
            raise _Reject(f"RE2 does not support {construct}")
        on, off = found.group(1), found.group(2)
        letters = on + (off or "")
        plain = not letters and off is None and found.group(3) == ":"
        if not plain and (not letters or off == "" or set(letters) - _FLAG_LETTERS):
            raise _Reject(f"invalid or unsupported flags '(?{found.group(0)[1:]}'")
        target = flags if found.group(3) == ")" else flags.copy()
        for letters_, value in ((on, True), (off or "", False)):
            for letter in letters_:
                attribute = {"i": "fold", "m": "multiline", "s": "dot_nl", "U": "ungreedy"}[letter]
                setattr(target, attribute, value)
        self.pos += found.end()
        if found.group(3) == ")":
            return None  # applies to the rest of the enclosing group, as in Go
        body = self.alternation(target)
        self.expect_close()
        return Group(body, None, capturing=False)

    def expect_close(self) -> None:
        if self.peek() != ")":
            raise _Reject("missing closing ')'")
        self.pos += 1

    def escape(self, flags: _Flags) -> Node | None:
        char = self.peek()
        if char == "":
            raise _Reject("trailing backslash at end of pattern")
        self.pos += 1
        kinds = {"A": "begin_text", "z": "end_text", "b": "word", "B": "not_word"}
        if char in kinds:
            return Assertion(kinds[char])  # type: ignore[arg-type]
        if char == "Q":
            end = self.text.find("\\E", self.pos)
            end = len(self.text) if end < 0 else end
            literal = self.text[self.pos : end]
            self.pos = min(len(self.text), end + 2)
            items = tuple(
                Chars(_folded(((ord(c), ord(c)),), flags.fold), negated=False) for c in literal
            )
            return Concat(items) if len(items) != 1 else items[0]
        ranges, negated = self.class_escape(char)
        return Chars(_folded(ranges, flags.fold), negated=negated)

    def class_escape(self, char: str) -> tuple[Ranges, bool]:
        """An escape valid both inside and outside a class; ``char`` follows the ``\\``."""
        if char.lower() in _PERL_CLASSES:
            return _PERL_CLASSES[char.lower()], char.isupper()
        if char in "pP":
            return self.unicode_class(char)
        if char == "C":
            raise _Reject("Go's regexp does not support \\C (any byte)")
        if char in ("Z", "E") or (char.isdigit() and char != "0" and not self.is_octal()):
            hints = {"Z": "\\Z (use \\z)", "E": "\\E without \\Q"}
            raise _Reject(f"RE2 does not support {hints.get(char, 'backreferences')}")
        return ((self.escaped_code(char),) * 2,), False

    def unicode_class(self, char: str) -> tuple[Ranges, bool]:
        """``\\pL``, ``\\p{Lu}``, ``\\p{^N}``, ``\\PL``: general categories only."""
        found = re.match(r"\{(\^?)([A-Za-z_]+)\}|([A-Za-z])", self.text[self.pos :])
        if found is None:
            raise _Reject(f"invalid Unicode class escape \\{char}")
        self.pos += found.end()
        name = found.group(2) or found.group(3)
        ranges = unicode_category(name)
        if ranges is None:
            raise _Reject(
                f"Unicode class \\p{{{name}}} (a script, or unknown) is not translated to Python",
                re2_rejects=False,
            )
        return ranges, (char == "P") != bool(found.group(1))

    def is_octal(self) -> bool:
        return self.peek() in tuple("01234567") and self.peek() != ""

    def escaped_code(self, char: str) -> int:
        if char in _SIMPLE_ESCAPES:
            return _SIMPLE_ESCAPES[char]
        if char.isdigit() and char in "01234567":
            digits = char
            while len(digits) < 3 and self.is_octal():
                digits += self.peek()
                self.pos += 1
            return int(digits, 8)
        if char == "x":
            found = re.match(r"\{([0-9A-Fa-f]{1,8})\}|([0-9A-Fa-f]{2})", self.text[self.pos :])
            if found is None or int(found.group(1) or found.group(2), 16) > MAX_RUNE:
                raise _Reject("invalid \\x escape")
            self.pos += found.end()
            return int(found.group(1) or found.group(2), 16)
        if ord(char) < 128 and not char.isalnum():
            return ord(char)
        raise _Reject(f"RE2 rejects the escape \\{char}")

    def char_class(self, flags: _Flags) -> Node:
        negated = self.peek() == "^"
        if negated:
            self.pos += 1
        items: list[tuple[int, int]] = []
        first = True
        while first or self.peek() != "]":
            if self.peek() == "":
                raise _Reject("missing closing ']'")
            rest = self.text[self.pos :]
            close = rest.find(":]", 2) if rest.startswith("[:") else -1
            if close >= 0:
                # As Go does: "[:" up to the next ":]" (wherever it is) must name a class.
                name = rest[2:close]
                found = _POSIX_CLASSES.get(name.removeprefix("^"))
                if found is None:
                    raise _Reject(f"invalid character class [:{name}:]")
                found = _folded(found, flags.fold)
                items.extend(_complement(found) if name.startswith("^") else found)
                self.pos += close + 2
            else:
                items.extend(self.class_item(flags.fold))
            first = False
        self.pos += 1
        return Chars(_merge(items), negated=negated)

    def class_item(self, fold: bool) -> Ranges:
        low = self.class_char(fold)
        if isinstance(low, tuple):
            return low
        if self.peek() == "-" and self.peek(1) not in ("]", ""):
            self.pos += 1
            high = self.class_char(fold)
            if isinstance(high, tuple) or high < low:
                raise _Reject("invalid character class range")
            return _folded(((low, high),), fold)
        return _folded(((low, low),), fold)

    def class_char(self, fold: bool) -> int | Ranges:
        char = self.peek()
        self.pos += 1
        if char != "\\":
            return ord(char)
        escaped = self.peek()
        if escaped == "":
            raise _Reject("trailing backslash at end of pattern")
        self.pos += 1
        ranges, negated = self.class_escape(escaped)
        if negated:
            return _complement(_folded(ranges, fold))
        if len(ranges) == 1 and ranges[0][0] == ranges[0][1] and escaped.lower() not in "dws":
            return ranges[0][0]
        return _folded(ranges, fold)


def _repeat_is_valid(node: Node, limit: int) -> bool:
    """Go's repeatIsValid: nested {n,m} counts may not multiply above the limit."""
    if isinstance(node, Repeat) and node.counted:
        count = node.minimum if node.maximum is None else node.maximum
        if node.maximum == 0:
            return True
        if count > limit:
            return False
        if count > 0:
            limit //= count
    if isinstance(node, Group | Repeat):
        return _repeat_is_valid(node.body, limit)
    if isinstance(node, Concat | Alternation):
        return all(_repeat_is_valid(item, limit) for item in node.items)
    return True


def _not_newline() -> Chars:
    return Chars(((10, 10),), negated=True)


@lru_cache(maxsize=512)
def parse_re2(pattern: str) -> Node | Untranslatable:
    """The tree of an RE2 pattern, or why it is rejected."""
    try:
        return _Parser(pattern).parse()
    except _Reject as rejected:
        return Untranslatable(rejected.reason, rejected.re2_rejects)
    except RecursionError:
        return Untranslatable("pattern nested too deeply", re2_rejects=False)
