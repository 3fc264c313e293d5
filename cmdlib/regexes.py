"""RE2 patterns (as OpenTofu's ``regex`` reads them): translated, matched and analysed.

The tree comes from ``cmdlib.re2syntax``. From it:

* ``translate_re2`` emits an equivalent Python pattern, spelling out every construct
  whose meaning differs (``$`` becomes ``\\Z`` so that a trailing newline is not accepted,
  ``\\d``/``\\w``/``\\s``/``\\b`` become their ASCII RE2 sets, case folding becomes explicit
  classes, octal escapes become characters), or returns ``Untranslatable`` with the reason;
* ``re2_search`` / ``re2_matches`` match in linear time with Go's choice of match
  (``cmdlib.re2match``), refusing exactly what the translation refuses;
* ``is_anchored`` says whether every match must start at the start / end at the end;
* ``admitted_characters`` / ``admits`` say which characters any match can contain.

``docs/validation-conditions.md`` has the mapping table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from cmdlib.re2match import Program, contains, search
from cmdlib.re2syntax import (
    ASCII,
    Alternation,
    Assertion,
    Chars,
    Concat,
    Group,
    Node,
    Repeat,
    Untranslatable,
    parse_re2,
)

__all__ = [
    "AnchorReport",
    "Re2Match",
    "Untranslatable",
    "admits",
    "admitted_characters",
    "group_names",
    "is_anchored",
    "parse_re2",
    "re2_matches",
    "re2_search",
    "translate_re2",
]


@dataclass(frozen=True)
class AnchorReport:
    start: bool
    end: bool


_WORD = "[0-9A-Za-z_]"


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
    return text  # case variants are already in the ranges: no IGNORECASE needed


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
    try:
        translated = _emit(tree)
        re.compile(translated)
    except (re.error, OverflowError, RecursionError) as error:
        return Untranslatable(f"Python cannot compile the translation: {error}", re2_rejects=False)
    return translated


# --- matching --------------------------------------------------------------------------


@dataclass(frozen=True)
class Re2Match:
    """A match found by ``re2_search``: positions of group 0 (the whole match), 1, ..."""

    text: str
    captures: tuple[int | None, ...]
    names: tuple[str | None, ...]  # per group; names[0] is None

    @property
    def start(self) -> int:
        start = self.captures[0]
        assert start is not None
        return start

    @property
    def end(self) -> int:
        end = self.captures[1]
        assert end is not None
        return end

    def group(self, number: int) -> str | None:
        """The text of a group, None when it did not take part in the match."""
        start, end = self.captures[2 * number], self.captures[2 * number + 1]
        return None if start is None or end is None else self.text[start:end]


@lru_cache(maxsize=256)
def _program(pattern: str) -> Program | Untranslatable:
    translated = translate_re2(pattern)  # the same refusals as the translation
    if isinstance(translated, Untranslatable):
        return translated
    tree = parse_re2(pattern)
    assert not isinstance(tree, Untranslatable)
    return Program(tree)


def re2_search(pattern: str, text: str, start: int = 0) -> Re2Match | Untranslatable | None:
    """Go's leftmost-first match at or after ``start``, in time linear in the text.

    Python's ``re`` is never used to match: it backtracks, and ``^(a+)+$`` on sixty ``a``
    and a ``!`` would never finish.
    """
    program = _program(pattern)
    if isinstance(program, Untranslatable):
        return program
    captures = search(program, text, start)
    return None if captures is None else Re2Match(text, captures, tuple(program.names))


def group_names(pattern: str) -> tuple[str | None, ...]:
    """The name of each capture group (None when unnamed); () when untranslatable."""
    program = _program(pattern)
    return () if isinstance(program, Untranslatable) else tuple(program.names[1:])


def re2_matches(pattern: str, text: str) -> bool | Untranslatable:
    """Whether ``pattern`` matches anywhere in ``text`` (linear time)."""
    found = re2_search(pattern, text)
    return found if isinstance(found, Untranslatable) else found is not None


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


def _ascii_of(node: Chars) -> set[str]:
    return {char for char in ASCII if contains(node.ranges, ord(char)) != node.negated}


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
        return contains(node.ranges, ord(char)) != node.negated
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
