"""RE2 patterns (as OpenTofu's ``regex`` reads them) translated to Python ``re``, and analysed.

OpenTofu compiles ``regex``/``regexall`` patterns with Go's ``regexp`` (RE2 syntax, Perl
flags). This module parses that syntax itself into a small tree, which serves three jobs:

* ``translate_re2`` emits an equivalent Python pattern, spelling out every construct
  whose meaning differs (``$`` becomes ``\\Z`` so that a trailing newline is not accepted,
  ``\\d``/``\\w``/``\\s``/``\\b`` become their ASCII RE2 sets, flags become scoped groups,
  octal escapes become characters), and refuses what it cannot map faithfully
  (``\\pN`` Unicode classes, ``\\C``) or what RE2 itself rejects (lookaround,
  backreferences, possessive and stacked repeats, ...) with an ``Untranslatable`` reason;
* ``is_anchored`` says whether every match must start at the start / end at the end;
* ``admitted_characters`` / ``admits`` say which ASCII characters any match can contain.

``docs/validation-conditions.md`` has the mapping table.
"""

from __future__ import annotations

import re
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


@dataclass(frozen=True)
class AnchorReport:
    start: bool
    end: bool


# --- the parsed tree -------------------------------------------------------------------


@dataclass(frozen=True)
class Chars:
    """One character out of a set: a literal, a class, ``.`` or an escape like ``\\d``."""

    ranges: Ranges  # the positive items, sorted and merged
    negated: bool
    fold: bool  # (?i): case-insensitive


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
_WORD = "[0-9A-Za-z_]"
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
        return Repeat(body, minimum, maximum, lazy != flags.ungreedy)

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
            return Chars((), negated=True, fold=False) if flags.dot_nl else _not_newline()
        if char == "^":
            return Assertion("begin_line" if flags.multiline else "begin_text")
        if char == "$":
            return Assertion("end_line" if flags.multiline else "end_text")
        return Chars(((ord(char), ord(char)),), negated=False, fold=flags.fold)

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
                Chars(((ord(c), ord(c)),), negated=False, fold=flags.fold) for c in literal
            )
            return Concat(items) if len(items) != 1 else items[0]
        ranges, negated = self.class_escape(char)
        return Chars(ranges, negated=negated, fold=flags.fold)

    def class_escape(self, char: str) -> tuple[Ranges, bool]:
        """An escape valid both inside and outside a class; ``char`` follows the ``\\``."""
        if char.lower() in _PERL_CLASSES:
            return _PERL_CLASSES[char.lower()], char.isupper()
        if char in "pP":
            raise _Reject(f"Unicode class \\{char} is not translated to Python", re2_rejects=False)
        if char == "C":
            raise _Reject("Go's regexp does not support \\C (any byte)")
        if char in ("Z", "E") or (char.isdigit() and char != "0" and not self.is_octal()):
            hints = {"Z": "\\Z (use \\z)", "E": "\\E without \\Q"}
            raise _Reject(f"RE2 does not support {hints.get(char, 'backreferences')}")
        return ((self.escaped_code(char),) * 2,), False

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
            posix = re.match(r"\[:(\^?)([a-z]+):\]", self.text[self.pos :])
            if posix is not None:
                if posix.group(2) not in _POSIX_CLASSES:
                    raise _Reject(f"invalid character class [:{posix.group(2)}:]")
                found = _POSIX_CLASSES[posix.group(2)]
                items.extend(_complement(found) if posix.group(1) else found)
                self.pos += posix.end()
            else:
                items.extend(self.class_item())
            first = False
        self.pos += 1
        return Chars(_merge(items), negated=negated, fold=flags.fold)

    def class_item(self) -> Ranges:
        low = self.class_char()
        if isinstance(low, tuple):
            return low
        if self.peek() == "-" and self.peek(1) not in ("]", ""):
            self.pos += 1
            high = self.class_char()
            if isinstance(high, tuple) or high < low:
                raise _Reject("invalid character class range")
            return ((low, high),)
        return ((low, low),)

    def class_char(self) -> int | Ranges:
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
            return _complement(ranges)
        if len(ranges) == 1 and ranges[0][0] == ranges[0][1] and escaped.lower() not in "dws":
            return ranges[0][0]
        return ranges


def _not_newline() -> Chars:
    return Chars(((10, 10),), negated=True, fold=False)


@lru_cache(maxsize=512)
def parse_re2(pattern: str) -> Node | Untranslatable:
    """The tree of an RE2 pattern, or why it is rejected."""
    try:
        return _Parser(pattern).parse()
    except _Reject as rejected:
        return Untranslatable(rejected.reason, rejected.re2_rejects)
    except RecursionError:
        return Untranslatable("pattern nested too deeply", re2_rejects=False)


# --- emitting Python -------------------------------------------------------------------


def _char_text(code: int) -> str:
    if code < 128 and chr(code).isalnum():
        return chr(code)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _emit_chars(node: Chars) -> str:
    ranges = node.ranges
    if not node.negated and len(ranges) == 1 and ranges[0][0] == ranges[0][1]:
        text = _char_text(ranges[0][0])
    elif node.negated and not ranges:
        text = "[\\x00-\\U0010ffff]"
    else:
        body = "".join(
            _char_text(low) if low == high else f"{_char_text(low)}-{_char_text(high)}"
            for low, high in ranges
        )
        text = f"[{'^' if node.negated else ''}{body}]"
    return f"(?i:{text})" if node.fold else text


_ASSERTIONS = {
    "begin_text": "\\A",
    "end_text": "\\Z",
    "begin_line": "(?m:^)",
    "end_line": "(?m:$)",
    "word": f"(?:(?<={_WORD})(?!{_WORD})|(?<!{_WORD})(?={_WORD}))",
    "not_word": f"(?:(?<={_WORD})(?={_WORD})|(?<!{_WORD})(?!{_WORD}))",
}


def _emit(node: Node) -> str:
    if isinstance(node, Chars):
        return _emit_chars(node)
    if isinstance(node, Assertion):
        return _ASSERTIONS[node.kind]
    if isinstance(node, Group):
        if node.name is not None:
            return f"(?P<{node.name}>{_emit(node.body)})"
        return f"({_emit(node.body)})" if node.capturing else f"(?:{_emit(node.body)})"
    if isinstance(node, Repeat):
        if isinstance(node.body, Assertion):  # ^* is valid RE2; Python has nothing to repeat
            return _emit(node.body) if node.minimum >= 1 else ""
        maximum = "" if node.maximum is None else str(node.maximum)
        bounds = f"{{{node.minimum},{maximum}}}"
        return f"(?:{_emit(node.body)}){bounds}{'?' if node.lazy else ''}"
    if isinstance(node, Concat):
        return "".join(_emit(item) for item in node.items)
    return "|".join(_emit(item) for item in node.items)


@lru_cache(maxsize=512)
def translate_re2(pattern: str) -> str | Untranslatable:
    """The Python ``re`` pattern that matches what Go's ``regexp`` matches, or why not."""
    tree = parse_re2(pattern)
    if isinstance(tree, Untranslatable):
        return tree
    translated = _emit(tree)
    try:
        re.compile(translated)
    except (re.error, OverflowError, RecursionError) as error:
        return Untranslatable(f"Python cannot compile the translation: {error}", re2_rejects=False)
    return translated


@lru_cache(maxsize=512)
def compile_re2(pattern: str) -> re.Pattern[str] | Untranslatable:
    translated = translate_re2(pattern)
    return translated if isinstance(translated, Untranslatable) else re.compile(translated)


# --- analysis --------------------------------------------------------------------------


def _starts_anchored(node: Node) -> bool:
    if isinstance(node, Assertion):
        return node.kind == "begin_text"
    if isinstance(node, Group):
        return _starts_anchored(node.body)
    if isinstance(node, Repeat):
        return node.minimum >= 1 and _starts_anchored(node.body)
    if isinstance(node, Concat):
        return bool(node.items) and _starts_anchored(node.items[0])
    if isinstance(node, Alternation):
        return all(_starts_anchored(item) for item in node.items)
    return False


def _ends_anchored(node: Node) -> bool:
    if isinstance(node, Assertion):
        return node.kind == "end_text"
    if isinstance(node, Group):
        return _ends_anchored(node.body)
    if isinstance(node, Repeat):
        return node.minimum >= 1 and _ends_anchored(node.body)
    if isinstance(node, Concat):
        return bool(node.items) and _ends_anchored(node.items[-1])
    if isinstance(node, Alternation):
        return all(_ends_anchored(item) for item in node.items)
    return False


def is_anchored(pattern: str) -> AnchorReport:
    """Whether every alternative starts with ``^``/``\\A`` and ends with ``$``/``\\z``.

    ``^``/``$`` under ``(?m)`` anchor lines, not the text, so they do not count.
    A pattern RE2 rejects is reported as anchored nowhere.
    """
    tree = parse_re2(pattern)
    if isinstance(tree, Untranslatable):
        return AnchorReport(start=False, end=False)
    return AnchorReport(start=_starts_anchored(tree), end=_ends_anchored(tree))


def _fold_orbit(char: str) -> set[int]:
    orbit = {ord(char), ord(char.swapcase())}
    if char in "kK":
        orbit.add(0x212A)  # KELVIN SIGN folds to k
    if char in "sS":
        orbit.add(0x17F)  # LATIN SMALL LETTER LONG S folds to s
    return orbit


def _contains(ranges: Ranges, code: int) -> bool:
    return any(low <= code <= high for low, high in ranges)


def _ascii_of(node: Chars) -> set[str]:
    admitted: set[str] = set()
    for char in ASCII:
        orbit = _fold_orbit(char) if node.fold else {ord(char)}
        if any(_contains(node.ranges, code) for code in orbit) != node.negated:
            admitted.add(char)
    return admitted


def _admitted(node: Node) -> set[str]:
    if isinstance(node, Chars):
        return _ascii_of(node)
    if isinstance(node, Assertion):
        return set()
    if isinstance(node, Group):
        return _admitted(node.body)
    if isinstance(node, Repeat):
        return set() if node.maximum == 0 else _admitted(node.body)
    found: set[str] = set()
    for item in node.items:
        found |= _admitted(item)
    return found


@lru_cache(maxsize=512)
def admitted_characters(pattern: str) -> frozenset[str] | None:
    """Every ASCII character some match of ``pattern`` can contain; None if untranslatable.

    Computed from the parsed pattern (over-approximation only where a branch can never
    match, e.g. ``a\\zb``), never by trying strings.
    """
    if isinstance(translate_re2(pattern), Untranslatable):
        return None
    tree = parse_re2(pattern)
    assert not isinstance(tree, Untranslatable)
    return frozenset(_admitted(tree))


def _admits_char(node: Node, char: str) -> bool:
    if isinstance(node, Chars):
        orbit = {ord(char), ord(char.lower()), ord(char.upper())} if node.fold else {ord(char)}
        if node.fold and char.isascii():
            orbit = _fold_orbit(char)
        return any(_contains(node.ranges, code) for code in orbit) != node.negated
    if isinstance(node, Assertion):
        return False
    if isinstance(node, Group):
        return _admits_char(node.body, char)
    if isinstance(node, Repeat):
        return node.maximum != 0 and _admits_char(node.body, char)
    return any(_admits_char(item, char) for item in node.items)


def admits(pattern: str, chars: str) -> bool:
    """Whether a match can contain any of ``chars`` (any code point, not only ASCII).

    An untranslatable pattern admits everything: callers fail closed.
    """
    if isinstance(translate_re2(pattern), Untranslatable):
        return True
    tree = parse_re2(pattern)
    assert not isinstance(tree, Untranslatable)
    return any(_admits_char(tree, char) for char in chars)
