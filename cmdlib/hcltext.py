"""HCL string and heredoc text: escapes, ``<<-`` indentation, and a map back to the file.

A quoted string or heredoc is rendered character by character so that each character
of the result keeps the (line, column) it came from; the loader uses this both for
plain string values and for the shell snippets of ``local-exec`` commands.

Rendering rules (those of OpenTofu's HCL):
- quoted strings decode ``\\n \\r \\t \\" \\\\ \\uNNNN \\UNNNNNNNN``; an unknown escape is kept
  as written (OpenTofu rejects it; the lint reports the template, the loader stays total);
- both decode ``$${`` to ``${`` and ``%%{`` to ``%{``; heredocs decode no backslash escape;
- a heredoc's text runs from the line after its opening marker up to (and including the
  newline before) the line of its closing marker;
- ``<<-`` removes from every line the smallest indentation (spaces and tabs, counted as one
  character each) of its non-blank lines;
- ``${...}`` interpolations and ``%{...}`` directives are copied as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cmdlib.positions import SourceText

if TYPE_CHECKING:
    from tree_sitter import Node

HOLE_TYPES = frozenset({"template_interpolation", "template_directive"})
_SIMPLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}


@dataclass(frozen=True, slots=True)
class Rendered:
    """Rendered template text; ``offsets`` has one (line, column) per character plus the end."""

    text: str
    offsets: tuple[tuple[int, int], ...]
    has_holes: bool


@dataclass(slots=True)
class _Chars:
    chars: list[str]
    points: list[tuple[int, int]]
    hole: list[bool]
    end: tuple[int, int]


_QUOTED_ESCAPE = re.compile(r"\\(?:[nrt\"\\]|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8})|\$\$\{|%%\{")


def template_text(node: Node, source: SourceText) -> str | None:
    """The value of a string or heredoc node, or None when it interpolates.

    The same rules as ``render`` without the per-character positions: values are read
    far more often than snippets are built, and this path is a few string operations.
    """
    if any(child.type in HOLE_TYPES for child in node.children):
        return None
    if node.type == "heredoc_template":
        return _heredoc_text(node, source)
    start, end = _quoted_range(node)
    raw = source.data[start:end].decode("utf-8", errors="replace")
    if "\\" not in raw and "$${" not in raw and "%%{" not in raw:
        return raw
    return _QUOTED_ESCAPE.sub(_unescape, raw)


def _unescape(match: re.Match[str]) -> str:
    token = match.group()
    if token in ("$${", "%%{"):
        return token[1:]
    if token[1] in _SIMPLE_ESCAPES:
        return _SIMPLE_ESCAPES[token[1]]
    value = int(token[2:], 16)
    return chr(value) if value <= 0x10FFFF and not 0xD800 <= value <= 0xDFFF else token


def _heredoc_text(node: Node, source: SourceText) -> str:
    start, end, flush = _heredoc_range(node, source)
    text = source.data[start:end].decode("utf-8", errors="replace")
    if flush:
        lines = text.split("\n")
        widths = [len(line) - len(line.lstrip(" \t")) for line in lines if line.strip(" \t")]
        smallest = min(widths, default=0)
        if smallest:
            lines = [line[min(smallest, len(line) - len(line.lstrip(" \t"))) :] for line in lines]
            text = "\n".join(lines)
    return text.replace("$${", "${").replace("%%{", "%{")


def render(node: Node, source: SourceText) -> Rendered:
    """Render a ``string_lit``, ``quoted_template`` or ``heredoc_template`` node."""
    if node.type == "heredoc_template":
        return _render_heredoc(node, source)
    return _render_quoted(node, source)


def _collect(source: SourceText, start: int, end: int, holes: list[Node]) -> _Chars:
    """The characters of data[start:end], each with its file position and hole flag."""
    end = max(start, end)
    text = source.data[start:end].decode("utf-8", errors="replace")
    line, column = source.point_of_byte(start)
    points: list[tuple[int, int]] = []
    for char in text:
        points.append((line, column))
        if char == "\n":
            line, column = line + 1, 1
        else:
            column += 1
    hole = [False] * len(text)
    for node in holes:
        first = _char_index(source, start, max(start, node.start_byte))
        last = _char_index(source, start, min(end, node.end_byte))
        for index in range(first, last):
            hole[index] = True
    return _Chars(list(text), points, hole, (line, column))


def _char_index(source: SourceText, base: int, offset: int) -> int:
    return len(source.data[base:offset].decode("utf-8", errors="replace"))


def _quoted_range(node: Node) -> tuple[int, int]:
    """The bytes between the quotes (to the node's end when the closing one is missing)."""
    children = node.children
    start = node.start_byte
    end = node.end_byte
    if children and children[0].type == "quoted_template_start":
        start = children[0].end_byte
    if children and children[-1].type == "quoted_template_end" and not children[-1].is_missing:
        end = children[-1].start_byte
    return start, max(start, end)


def _heredoc_range(node: Node, source: SourceText) -> tuple[int, int, bool]:
    """The bytes of a heredoc's lines, and whether it is a ``<<-`` heredoc."""
    identifiers = [child for child in node.children if child.type == "heredoc_identifier"]
    opener = next((child for child in node.children if child.type == "heredoc_start"), None)
    flush = opener is not None and opener.text == b"<<-"
    if not identifiers:
        return node.end_byte, node.end_byte, flush
    start_row = identifiers[0].end_point.row
    if start_row + 1 >= len(source.lines):
        start = len(source.data)
    else:
        start = source.byte_of_line_start(start_row + 2)
    closing = identifiers[-1] if len(identifiers) > 1 else None
    if closing is not None and not closing.is_missing:
        end = source.byte_of_line_start(closing.start_point.row + 1)
    else:
        end = node.end_byte
    return start, max(start, end), flush


def _render_quoted(node: Node, source: SourceText) -> Rendered:
    start, end = _quoted_range(node)
    holes = [child for child in node.children if child.type in HOLE_TYPES]
    chars = _collect(source, start, end, holes)
    return _decode(chars, backslash=True, has_holes=bool(holes))


def _render_heredoc(node: Node, source: SourceText) -> Rendered:
    start, end, flush = _heredoc_range(node, source)
    holes = [child for child in node.children if child.type in HOLE_TYPES]
    chars = _collect(source, start, end, holes)
    if flush:
        _strip_indentation(chars)
    return _decode(chars, backslash=False, has_holes=bool(holes))


def _strip_indentation(chars: _Chars) -> None:
    """Remove the smallest indentation of the non-blank lines from every line (``<<-``)."""
    lines: list[tuple[int, int]] = []
    begin = 0
    for index, char in enumerate(chars.chars):
        if char == "\n":
            lines.append((begin, index))
            begin = index + 1
    if begin < len(chars.chars):
        lines.append((begin, len(chars.chars)))
    indents = [
        _indent(chars, first, last)
        for first, last in lines
        if any(c not in " \t" for c in chars.chars[first:last])
    ]
    smallest = min(indents, default=0)
    if smallest == 0:
        return
    drop: set[int] = set()
    for first, last in lines:
        width = min(smallest, _indent(chars, first, last))
        drop.update(range(first, first + width))
    keep = [index for index in range(len(chars.chars)) if index not in drop]
    chars.chars = [chars.chars[index] for index in keep]
    chars.points = [chars.points[index] for index in keep]
    chars.hole = [chars.hole[index] for index in keep]


def _indent(chars: _Chars, first: int, last: int) -> int:
    width = 0
    while first + width < last and chars.chars[first + width] in " \t":
        if chars.hole[first + width]:
            break
        width += 1
    return width


def _decode(chars: _Chars, *, backslash: bool, has_holes: bool) -> Rendered:
    out: list[str] = []
    offsets: list[tuple[int, int]] = []
    source, hole, points = chars.chars, chars.hole, chars.points
    index, count = 0, len(source)
    while index < count:
        char = source[index]
        if hole[index]:
            out.append(char)
            offsets.append(points[index])
            index += 1
            continue
        decoded, width = _escape_at(source, hole, index, backslash)
        out.append(decoded)
        offsets.append(points[index])
        index += width
    offsets.append(chars.end)
    return Rendered("".join(out), tuple(offsets), has_holes)


def _escape_at(source: list[str], hole: list[bool], index: int, backslash: bool) -> tuple[str, int]:
    """The character that starts at ``index`` after decoding, and how many it consumed."""
    char = source[index]
    ahead = "".join(source[index + 1 : index + 3])
    if char in "$%" and ahead == char + "{" and not any(hole[index : index + 3]):
        return char, 2
    if not backslash or char != "\\" or index + 1 >= len(source) or hole[index + 1]:
        return char, 1
    following = source[index + 1]
    if following in _SIMPLE_ESCAPES:
        return _SIMPLE_ESCAPES[following], 2
    digits = 4 if following == "u" else 8 if following == "U" else 0
    if digits:
        code = "".join(source[index + 2 : index + 2 + digits])
        if len(code) == digits and all(c in "0123456789abcdefABCDEF" for c in code):
            value = int(code, 16)
            if value <= 0x10FFFF and not 0xD800 <= value <= 0xDFFF:
                return chr(value), 2 + digits
    return char, 1
