"""Shell words: the literal value of a tree-sitter-bash word node, and where each character
of that value was written.

Quote removal follows bash: backslash escapes outside quotes, the four escapable
characters inside double quotes, nothing inside single quotes. A word that depends on an
expansion has no literal ``value``. When its only run-time parts are HCL/kubectl
interpolations (replaced by placeholder words before parsing), ``filled`` still holds its
text with the placeholders in place and ``holes`` says where they are, so that a literal
``sh -c '... ${var.X} ...'`` can be parsed and classified with its holes marked dynamic.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tree_sitter import Node

_DOUBLE_QUOTE_ESCAPES = frozenset('"\\$`\n')


@dataclass(frozen=True, slots=True)
class Word:
    """One argv word: ``value`` is the literal after quote removal, None when dynamic."""

    source: str
    value: str | None
    start: int
    end: int
    variable: str | None = None  # set when the word is exactly an unquoted ``$NAME``/``${NAME}``
    filled: str | None = None  # the value with interpolation placeholders in place
    positions: tuple[int, ...] = ()  # text index of each character of ``filled``
    holes: tuple[tuple[int, int], ...] = ()  # ranges of ``filled`` that are placeholders
    written: str | None = None  # ``filled`` as written (interpolations instead of placeholders)

    @property
    def literal(self) -> bool:
        return self.value is not None

    @property
    def shown(self) -> str:
        return self.value if self.value is not None else self.source


@dataclass(frozen=True, slots=True)
class _Segment:
    filled: str | None  # None: an expansion other than a placeholder
    positions: tuple[int, ...]
    source: str


class WordReader:
    """Reads word nodes of one parsed text (``parsed`` holds the placeholders)."""

    def __init__(
        self,
        shown: str,
        parsed: str,
        char: Callable[[int], int],
        placeholders: Sequence[tuple[int, int]],
    ) -> None:
        self.shown = shown
        self.parsed = parsed
        self.char = char
        self.placeholders = tuple(placeholders)

    def _range(self, node: Node) -> tuple[int, int]:
        return self.char(node.start_byte), self.char(node.end_byte)

    def _in_placeholder(self, index: int) -> bool:
        return any(a <= index < b for a, b in self.placeholders)

    def _segments(self, node: Node) -> list[_Segment]:
        start, end = self._range(node)
        text = self.parsed[start:end]
        kind = node.type
        if kind in ("string", "translated_string"):
            found: list[_Segment] = []
            for child in node.named_children:
                if child.type == "string_content":
                    child_start, child_end = self._range(child)
                    value, positions = _unescape(
                        self.parsed[child_start:child_end], child_start, _DOUBLE_QUOTE_ESCAPES
                    )
                    found.append(_Segment(value, positions, self.shown[child_start:child_end]))
                else:
                    found.extend(self._dynamic(child))
            return found
        if kind == "raw_string":
            inner = tuple(range(start + 1, end - 1))
            return [_Segment(text[1:-1], inner, self.shown[start:end])]
        if kind == "concatenation":
            return [segment for child in node.named_children for segment in self._segments(child)]
        if kind in ("word", "number"):
            value, positions = _unescape(text, start, None)
            return [_Segment(value, positions, self.shown[start:end])]
        return self._dynamic(node)

    def _dynamic(self, node: Node) -> list[_Segment]:
        start, end = self._range(node)
        return [_Segment(None, (), self.shown[start:end])]

    def word(self, node: Node) -> Word:
        start, end = self._range(node)
        segments = self._segments(node)
        filled: str | None = None
        positions: tuple[int, ...] = ()
        holes: list[tuple[int, int]] = []
        if all(segment.filled is not None for segment in segments):
            filled = "".join(segment.filled or "" for segment in segments)
            positions = tuple(p for segment in segments for p in segment.positions)
            holes = _runs([self._in_placeholder(p) for p in positions])
        value = filled if filled is not None and not holes else None
        if any(a < end and start < b for a, b in self.placeholders):
            value = None
        return Word(
            self.shown[start:end],
            value,
            start,
            end,
            self._variable(node),
            filled,
            positions,
            tuple(holes),
            "".join(self.shown[p] for p in positions) if filled is not None else None,
        )

    def _variable(self, node: Node) -> str | None:
        if node.type not in ("simple_expansion", "expansion"):
            return None
        start, end = self._range(node)
        if any(a < end and start < b for a, b in self.placeholders):
            return None
        names = [child for child in node.named_children if child.type == "variable_name"]
        if len(names) == 1 and len(node.named_children) == 1:
            name_start, name_end = self._range(names[0])
            return self.shown[name_start:name_end]
        return None

    def split_value(self, node: Node) -> tuple[tuple[Word, ...], bool]:
        """An assigned value re-split on whitespace, as ``$NAME`` splits in command position."""
        start, end = self._range(node)
        pieces: list[Word] = []
        current: list[str] = []
        literal = True
        dynamic = False

        def flush() -> None:
            nonlocal current, literal
            if current:
                text = "".join(current)
                pieces.append(Word(text, text if literal else None, start, end))
            current, literal = [], True

        for segment in self._segments(node):
            has_hole = any(self._in_placeholder(p) for p in segment.positions)
            if segment.filled is None or has_hole:
                current.append(segment.source)
                literal = False
                dynamic = True
                continue
            for char in segment.filled:
                if char.isspace():
                    flush()
                else:
                    current.append(char)
        flush()
        return tuple(pieces), dynamic


def _runs(flags: Sequence[bool]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    begin: int | None = None
    for index, flag in enumerate([*flags, False]):
        if flag and begin is None:
            begin = index
        elif not flag and begin is not None:
            runs.append((begin, index))
            begin = None
    return runs


def _unescape(
    source: str, base: int, escapable: frozenset[str] | None
) -> tuple[str, tuple[int, ...]]:
    """Backslash removal (any character when ``escapable`` is None), with positions."""
    out: list[str] = []
    positions: list[int] = []
    index = 0
    while index < len(source):
        char = source[index]
        following = source[index + 1] if index + 1 < len(source) else ""
        if char == "\\" and following and (escapable is None or following in escapable):
            if following != "\n":  # a backslash-newline joins lines
                out.append(following)
                positions.append(base + index + 1)
            index += 2
            continue
        out.append(char)
        positions.append(base + index)
        index += 1
    return "".join(out), tuple(positions)
