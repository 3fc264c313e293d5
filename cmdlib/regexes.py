"""RE2 patterns (as OpenTofu's ``regex`` reads them) translated to Python ``re``, and analysed.

The tree comes from ``cmdlib.re2syntax``. From it:

* ``translate_re2`` emits an equivalent Python pattern, spelling out every construct
  whose meaning differs (``$`` becomes ``\\Z`` so that a trailing newline is not accepted,
  ``\\d``/``\\w``/``\\s``/``\\b`` become their ASCII RE2 sets, flags become scoped groups,
  octal escapes become characters), or returns ``Untranslatable`` with the reason;
* ``is_anchored`` says whether every match must start at the start / end at the end;
* ``admitted_characters`` / ``admits`` say which characters any match can contain.

``docs/validation-conditions.md`` has the mapping table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from cmdlib.re2syntax import (
    ASCII,
    Alternation,
    Assertion,
    Chars,
    Concat,
    Group,
    Node,
    Ranges,
    Repeat,
    Untranslatable,
    parse_re2,
)

__all__ = [
    "AnchorReport",
    "Untranslatable",
    "admits",
    "admitted_characters",
    "compile_re2",
    "is_anchored",
    "parse_re2",
    "re2_matches",
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


@lru_cache(maxsize=512)
def compile_re2(pattern: str) -> re.Pattern[str] | Untranslatable:
    translated = translate_re2(pattern)
    return translated if isinstance(translated, Untranslatable) else re.compile(translated)


# --- linear-time match test ------------------------------------------------------------
#
# Python's re backtracks: ``^(a+)+$`` takes exponential time on "aaaa...!", and a value a
# user types must never hang a command. RE2 runs in linear time; so does this Thompson NFA
# over the parsed tree, used to answer "does it match anywhere" (``can(regex(...))``).

_CHAR, _SPLIT, _ASSERT, _MATCH = range(4)


class _Nfa:
    def __init__(self, tree: Node) -> None:
        self.kinds: list[int] = []
        self.nodes: list[Chars | Assertion | None] = []
        self.outs: list[list[int]] = []
        match = self.add(_MATCH, None, [])
        self.start = self.compile(tree, match)

    def add(self, kind: int, node: Chars | Assertion | None, outs: list[int]) -> int:
        self.kinds.append(kind)
        self.nodes.append(node)
        self.outs.append(outs)
        return len(self.kinds) - 1

    def compile(self, node: Node, following: int) -> int:
        """The state that starts ``node`` and continues with ``following``."""
        if isinstance(node, Chars):
            return self.add(_CHAR, node, [following])
        if isinstance(node, Assertion):
            return self.add(_ASSERT, node, [following])
        if isinstance(node, Group):
            return self.compile(node.body, following)
        if isinstance(node, Concat):
            for item in reversed(node.items):
                following = self.compile(item, following)
            return following
        if isinstance(node, Alternation):
            return self.add(_SPLIT, None, [self.compile(i, following) for i in node.items])
        return self.repeat(node, following)

    def repeat(self, node: Repeat, following: int) -> int:
        if node.maximum is None:
            loop = self.add(_SPLIT, None, [])
            self.outs[loop].extend((self.compile(node.body, loop), following))
            tail = loop
        else:
            tail = following
            for _ in range(node.maximum - node.minimum):
                tail = self.add(_SPLIT, None, [self.compile(node.body, tail), following])
        for _ in range(node.minimum):
            tail = self.compile(node.body, tail)
        return tail


_WORD_CHARS = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz")


def _is_word(text: str, index: int) -> bool:
    return 0 <= index < len(text) and text[index] in _WORD_CHARS


def _holds(kind: str, text: str, index: int) -> bool:
    if kind == "begin_text":
        return index == 0
    if kind == "end_text":
        return index == len(text)
    if kind == "begin_line":
        return index == 0 or text[index - 1] == "\n"
    if kind == "end_line":
        return index == len(text) or text[index] == "\n"
    boundary = _is_word(text, index - 1) != _is_word(text, index)
    return boundary if kind == "word" else not boundary


def _closure(nfa: _Nfa, states: list[int], text: str, index: int) -> set[int]:
    """The character and match states reachable from ``states`` without reading."""
    found: set[int] = set()
    seen: set[int] = set()
    stack = list(states)
    while stack:
        state = stack.pop()
        if state in seen:
            continue
        seen.add(state)
        kind = nfa.kinds[state]
        if kind == _SPLIT:
            stack.extend(nfa.outs[state])
        elif kind == _ASSERT:
            node = nfa.nodes[state]
            assert isinstance(node, Assertion)
            if _holds(node.kind, text, index):
                stack.append(nfa.outs[state][0])
        else:
            found.add(state)
    return found


@lru_cache(maxsize=256)
def _nfa_of(pattern: str) -> _Nfa | Untranslatable:
    translated = translate_re2(pattern)  # the same refusals as the translation
    if isinstance(translated, Untranslatable):
        return translated
    tree = parse_re2(pattern)
    assert not isinstance(tree, Untranslatable)
    return _Nfa(tree)


def re2_matches(pattern: str, text: str) -> bool | Untranslatable:
    """Whether ``pattern`` matches anywhere in ``text``, in time linear in ``len(text)``."""
    nfa = _nfa_of(pattern)
    if isinstance(nfa, Untranslatable):
        return nfa
    current: set[int] = set()
    for index in range(len(text) + 1):
        current |= _closure(nfa, [nfa.start], text, index)  # a match may start anywhere
        if 0 in current:  # state 0 is the match state
            return True
        if index == len(text):
            break
        code = ord(text[index])
        moved = [
            nfa.outs[state][0]
            for state in current
            if (node := nfa.nodes[state]) is not None
            and isinstance(node, Chars)
            and _contains(node.ranges, code) != node.negated
        ]
        current = _closure(nfa, moved, text, index + 1)
    return False


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


def _contains(ranges: Ranges, code: int) -> bool:
    return any(low <= code <= high for low, high in ranges)


def _ascii_of(node: Chars) -> set[str]:
    return {char for char in ASCII if _contains(node.ranges, ord(char)) != node.negated}


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
        return _contains(node.ranges, ord(char)) != node.negated
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
