"""Source text and positions: decoding template bytes and mapping offsets to lines/columns.

Every position the loader reports goes through ``SourceText``. The loader parses the
UTF-8 encoding of the *decoded* text (``SourceText.data``), so tree-sitter byte offsets
and byte columns are into that buffer; ``SourceText`` turns them into 1-based lines and
1-based code-point columns (``end_column`` exclusive), the convention of ``cmdlib.model``.

Decoding decisions (documented here because every position depends on them):
- a UTF-8 byte order mark is dropped: editors do not count it as a column;
- ``\\r\\n`` becomes ``\\n``: a carriage return only ever sits at the end of a line, so
  lines and columns are those of the file, and no HCL string or shell line carries a
  stray ``\\r``; a lone ``\\r`` is kept as it is;
- invalid UTF-8 is decoded with U+FFFD replacement so that positions still work; the
  caller reports each invalid sequence with the line and column it was found at.
"""

from __future__ import annotations

import codecs
from bisect import bisect_right
from dataclasses import dataclass

from cmdlib.model import Span

_BOM = codecs.BOM_UTF8


@dataclass(frozen=True, slots=True)
class InvalidSequence:
    """An invalid UTF-8 sequence: its offset in the raw file and where it shows in the text."""

    raw_offset: int
    line: int
    column: int


def decode(raw: bytes) -> tuple[str, tuple[InvalidSequence, ...]]:
    """The template text and the invalid UTF-8 sequences met while decoding it."""
    body = raw[len(_BOM) :] if raw.startswith(_BOM) else raw
    skipped = len(raw) - len(body)
    invalid: list[InvalidSequence] = []
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        text = body.decode("utf-8", errors="replace")
        invalid = _invalid_sequences(body, skipped)
    return text.replace("\r\n", "\n"), tuple(invalid)


def _invalid_sequences(body: bytes, skipped: int, limit: int = 20) -> list[InvalidSequence]:
    """Where each invalid sequence starts (at most ``limit``), found incrementally (linear)."""
    found: list[InvalidSequence] = []
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    line, line_start, position = 1, 0, 0
    while position < len(body) and len(found) < limit:
        try:
            decoder.decode(body[position:], final=True)
            break
        except UnicodeDecodeError as error:
            bad = position + error.start
            line += body.count(b"\n", line_start, bad)
            newline = body.rfind(b"\n", 0, bad)
            line_start = newline + 1
            prefix = body[line_start:bad].decode("utf-8", errors="replace")
            column = len(prefix) + 1
            found.append(InvalidSequence(bad + skipped, line, column))
            position = position + max(error.end, error.start + 1)
            decoder.reset()
    return found


class SourceText:
    """The decoded text, its UTF-8 bytes and a line table for offset -> (line, column)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.data = text.encode("utf-8", errors="surrogatepass")
        self.lines = tuple(text.split("\n"))
        self._line_bytes = tuple(
            line.encode("utf-8", errors="surrogatepass") for line in self.lines
        )
        # Most lines are ASCII, where a byte column is the character column.
        self._ascii = tuple(line.isascii() for line in self.lines)
        starts = [0]
        for encoded in self._line_bytes[:-1]:
            starts.append(starts[-1] + len(encoded) + 1)
        self._line_starts = starts
        self._char_starts = _char_line_starts(self.lines)

    # Byte positions (what tree-sitter reports).
    def column_of(self, row: int, byte_column: int) -> int:
        """The 1-based code-point column of a 0-based row and byte column."""
        try:
            if self._ascii[row]:
                return byte_column + 1
            encoded = self._line_bytes[row]
        except IndexError:
            return 1
        return len(encoded[:byte_column].decode("utf-8", errors="replace")) + 1

    def point_of_byte(self, offset: int) -> tuple[int, int]:
        """The 1-based (line, column) of a byte offset into ``data``."""
        offset = max(0, min(offset, len(self.data)))
        row = bisect_right(self._line_starts, offset) - 1
        return row + 1, self.column_of(row, offset - self._line_starts[row])

    def span_of_bytes(self, start: int, end: int) -> Span:
        line, column = self.point_of_byte(start)
        end_line, end_column = self.point_of_byte(end)
        return Span(line, column, end_line, end_column, start, end)

    # Character positions (what string scanning of ``text`` gives).
    def point_of_char(self, index: int) -> tuple[int, int]:
        """The 1-based (line, column) of a code-point index into ``text``."""
        index = max(0, min(index, len(self.text)))
        row = bisect_right(self._char_starts, index) - 1
        return row + 1, index - self._char_starts[row] + 1

    def byte_of_line_start(self, line: int) -> int:
        return self._line_starts[max(0, min(line - 1, len(self._line_starts) - 1))]

    def byte_of_point(self, line: int, column: int) -> int:
        """The byte offset into ``data`` of a 1-based (line, column)."""
        row = max(0, min(line - 1, len(self.lines) - 1))
        prefix = self.lines[row][: max(0, column - 1)]
        return self._line_starts[row] + len(prefix.encode("utf-8", errors="surrogatepass"))

    def span_of_points(self, start: tuple[int, int], end: tuple[int, int]) -> Span:
        return Span(
            start[0],
            start[1],
            end[0],
            end[1],
            self.byte_of_point(*start),
            self.byte_of_point(*end),
        )


def _char_line_starts(lines: tuple[str, ...]) -> list[int]:
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    return starts


def blank_outside(data: bytes, start: int, end: int) -> bytes:
    """``data`` with every byte outside [start, end) but newlines turned into spaces.

    Parsing the result gives nodes whose rows and byte columns are those of the
    whole file, so an HCL body embedded in a script needs no position shifting.
    """
    head = _blank(data[:start])
    tail = _blank(data[end:])
    return head + data[start:end] + tail


_BLANKING = bytes(0x0A if b == 0x0A else 0x20 for b in range(256))


def _blank(chunk: bytes) -> bytes:
    return chunk.translate(_BLANKING)
