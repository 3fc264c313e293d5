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

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, TypeAlias

from cmdlib.re2charsets import (
    MAX_RUNE,
    PERL_CLASSES,
    POSIX_CLASSES,
    Ranges,
    complement,
    folded,
    merge,
    unicode_category,
)

MAX_REPEAT = 1000  # Go's regexp/syntax limit for {n,m}
ASCII = frozenset(chr(code) for code in range(128))


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


_SIMPLE_ESCAPES = {"a": 7, "f": 12, "t": 9, "n": 10, "r": 13, "v": 11}
_FLAG_LETTERS = frozenset("imsU")


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
        return Chars(folded(((ord(char), ord(char)),), flags.fold), negated=False)

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
                Chars(folded(((ord(c), ord(c)),), flags.fold), negated=False) for c in literal
            )
            return Concat(items) if len(items) != 1 else items[0]
        ranges, negated = self.class_escape(char)
        return Chars(folded(ranges, flags.fold), negated=negated)

    def class_escape(self, char: str) -> tuple[Ranges, bool]:
        """An escape valid both inside and outside a class; ``char`` follows the ``\\``."""
        if char.lower() in PERL_CLASSES:
            return PERL_CLASSES[char.lower()], char.isupper()
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
                found = POSIX_CLASSES.get(name.removeprefix("^"))
                if found is None:
                    raise _Reject(f"invalid character class [:{name}:]")
                found = folded(found, flags.fold)
                items.extend(complement(found) if name.startswith("^") else found)
                self.pos += close + 2
            else:
                items.extend(self.class_item(flags.fold))
            first = False
        self.pos += 1
        return Chars(merge(items), negated=negated)

    def class_item(self, fold: bool) -> Ranges:
        low = self.class_char(fold)
        if isinstance(low, tuple):
            return low
        if self.peek() == "-" and self.peek(1) not in ("]", ""):
            self.pos += 1
            high = self.class_char(fold)
            if isinstance(high, tuple) or high < low:
                raise _Reject("invalid character class range")
            return folded(((low, high),), fold)
        return folded(((low, low),), fold)

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
            return complement(folded(ranges, fold))
        if len(ranges) == 1 and ranges[0][0] == ranges[0][1] and escaped.lower() not in "dws":
            return ranges[0][0]
        return folded(ranges, fold)


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
