"""Make text safe to show on a terminal or a review page.

A linter whose job is to expose hidden characters must not print them itself: a
finding that echoes an ANSI escape or a bidirectional override would recolour the
author's terminal or reorder the line it is warning about. Every control, format
(zero-width, bidi) and separator character is shown as a Python-style escape.
"""

from __future__ import annotations

import unicodedata

_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Co", "Cs", "Cn"})


def _is_hidden(char: str) -> bool:
    # Tabs and newlines are layout the reporters handle themselves (concise folds
    # newlines, github percent-encodes them); everything else invisible is escaped.
    return char not in "\t\n" and unicodedata.category(char) in _HIDDEN_CATEGORIES


def _escape(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def visible(text: str) -> str:
    """``text`` with every hidden character escaped; tabs, newlines and plain text unchanged."""
    if all(not _is_hidden(char) for char in text):
        return text
    return "".join(_escape(char) if _is_hidden(char) else char for char in text)


def visible_line(line: str) -> tuple[str, list[int]]:
    """A source line made visible (tabs as one space) and, for each of its characters,
    the display column where it now starts (plus one entry for the end of the line)."""
    pieces: list[str] = []
    starts: list[int] = []
    column = 0
    for char in line:
        starts.append(column)
        piece = " " if char == "\t" else _escape(char) if _is_hidden(char) else char
        pieces.append(piece)
        column += len(piece)
    starts.append(column)
    return "".join(pieces), starts
