"""Match a parsed RE2 pattern in linear time, with Go's leftmost-first submatches.

Python's ``re`` backtracks: ``^(a+)+$`` takes exponential time on "aaaa...!", and a value
a user types must never hang a command. This is a Pike VM (a Thompson NFA that carries
capture positions, threads kept in priority order) over the tree of ``cmdlib.re2syntax``:
time is linear in the text, and the match chosen is the one Go's ``regexp`` chooses
(leftmost, then the first alternative / greedy-or-lazy preference, like Perl).
"""

from __future__ import annotations

from dataclasses import dataclass

from cmdlib.re2charsets import Ranges
from cmdlib.re2syntax import Alternation, Assertion, Chars, Concat, Group, Node, Repeat

_CHAR, _SPLIT, _ASSERT, _SAVE, _MATCH = range(5)
_WORD_CHARS = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz")

Captures = tuple[int | None, ...]  # start and end of group 0, group 1, ...


def contains(ranges: Ranges, code: int) -> bool:
    return any(low <= code <= high for low, high in ranges)


class Program:
    """The NFA of one pattern: parallel lists indexed by state; state 0 is the match."""

    def __init__(self, tree: Node) -> None:
        self.kinds: list[int] = []
        self.nodes: list[Chars | Assertion | None] = []
        self.slots: list[int] = []
        self.outs: list[list[int]] = []
        self.names: list[str | None] = [None]  # per group; group 0 is the whole match
        self._numbers: dict[int, int] = {}
        self._number_groups(tree)
        match = self._add(_MATCH)
        body = self._compile(tree, self._add(_SAVE, slot=1, outs=[match]))
        self.start = self._add(_SAVE, slot=0, outs=[body])

    @property
    def groups(self) -> int:
        return len(self.names) - 1

    def _number_groups(self, node: Node) -> None:
        """Capture groups are numbered by their opening parenthesis, left to right."""
        if isinstance(node, Group):
            if node.capturing:
                self._numbers[id(node)] = len(self.names)
                self.names.append(node.name)
            self._number_groups(node.body)
        elif isinstance(node, Repeat):
            self._number_groups(node.body)
        elif isinstance(node, Concat | Alternation):
            for item in node.items:
                self._number_groups(item)

    def _add(
        self, kind: int, node: Chars | Assertion | None = None, slot: int = -1,
        outs: list[int] | None = None,
    ) -> int:  # fmt: skip
        self.kinds.append(kind)
        self.nodes.append(node)
        self.slots.append(slot)
        self.outs.append(outs if outs is not None else [])
        return len(self.kinds) - 1

    def _compile(self, node: Node, following: int) -> int:
        """The state that starts ``node`` and continues with ``following``."""
        if isinstance(node, Chars):
            return self._add(_CHAR, node, outs=[following])
        if isinstance(node, Assertion):
            return self._add(_ASSERT, node, outs=[following])
        if isinstance(node, Group):
            number = self._numbers.get(id(node))
            if number is None:
                return self._compile(node.body, following)
            close = self._add(_SAVE, slot=2 * number + 1, outs=[following])
            return self._add(_SAVE, slot=2 * number, outs=[self._compile(node.body, close)])
        if isinstance(node, Concat):
            for item in reversed(node.items):
                following = self._compile(item, following)
            return following
        if isinstance(node, Alternation):
            return self._add(_SPLIT, outs=[self._compile(i, following) for i in node.items])
        return self._repeat(node, following)

    def _repeat(self, node: Repeat, following: int) -> int:
        def choice(body: int) -> list[int]:  # the preferred path first
            return [following, body] if node.lazy else [body, following]

        if node.maximum is None:
            loop = self._add(_SPLIT)
            self.outs[loop] = choice(self._compile(node.body, loop))
            tail = loop
        else:
            tail = following
            for _ in range(node.maximum - node.minimum):
                tail = self._add(_SPLIT, outs=choice(self._compile(node.body, tail)))
        for _ in range(node.minimum):
            tail = self._compile(node.body, tail)
        return tail


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


@dataclass
class _Threads:
    """The threads alive at one position, highest priority first, each state once."""

    states: list[int]
    captures: list[list[int | None]]
    seen: set[int]


def _add_thread(
    program: Program, threads: _Threads, state: int, captures: list[int | None], *,
    text: str, index: int,
) -> None:  # fmt: skip
    # Depth-first in priority order, iteratively: (state, captures) pairs to visit.
    stack = [(state, captures)]
    while stack:
        current, caps = stack.pop()
        if current in threads.seen:
            continue
        threads.seen.add(current)
        kind = program.kinds[current]
        if kind == _SPLIT:
            stack.extend((out, caps) for out in reversed(program.outs[current]))
        elif kind == _ASSERT:
            node = program.nodes[current]
            assert isinstance(node, Assertion)
            if _holds(node.kind, text, index):
                stack.append((program.outs[current][0], caps))
        elif kind == _SAVE:
            updated = list(caps)
            updated[program.slots[current]] = index
            stack.append((program.outs[current][0], updated))
        else:
            threads.states.append(current)
            threads.captures.append(caps)


def search(program: Program, text: str, start: int = 0) -> Captures | None:
    """The leftmost-first match at or after ``start`` (assertions see the whole text)."""
    empty: list[int | None] = [None] * (2 * program.groups + 2)
    current = _Threads([], [], set())
    matched: list[int | None] | None = None
    for index in range(start, len(text) + 1):
        if matched is None:  # a new attempt may start here, after every older thread
            _add_thread(program, current, program.start, empty, text=text, index=index)
        following = _Threads([], [], set())
        code = ord(text[index]) if index < len(text) else -1
        for state, caps in zip(current.states, current.captures, strict=True):
            if program.kinds[state] == _MATCH:
                matched = caps
                break  # every later thread has a lower priority
            node = program.nodes[state]
            assert isinstance(node, Chars)
            if code >= 0 and contains(node.ranges, code) != node.negated:
                next_state = program.outs[state][0]
                _add_thread(program, following, next_state, caps, text=text, index=index + 1)
        current = following
        if not current.states and matched is not None:
            break
    return None if matched is None else tuple(matched)
