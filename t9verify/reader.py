"""Reading the export as a stream of raw lines, with a size cap per line.

Lines are bytes split on ``\\n``; a final empty piece (the file's last newline) is not a
line. A line over the cap is yielded as ``None`` (a FAIL of that line) and skipped in
bounded chunks, so memory stays flat whatever the file holds.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from t9verify.errors import UnreadableExport

CHUNK = 1024 * 1024


def open_export(path: Path) -> BinaryIO:
    try:
        return path.open("rb")
    except OSError as exc:
        raise UnreadableExport(f"cannot open {path}: {exc.strerror or exc}") from None


def iter_lines(handle: BinaryIO, max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """(1-based line number, raw bytes without the newline, or None when too large)."""
    number = 0
    while True:
        raw = handle.readline(max_bytes + 1)
        if not raw:
            return
        number += 1
        if raw.endswith(b"\n"):
            yield number, raw[:-1]
            continue
        if len(raw) <= max_bytes:
            yield number, raw  # last line without a newline
            return
        _skip_rest_of_line(handle)
        yield number, None


def _skip_rest_of_line(handle: BinaryIO) -> None:
    while True:
        chunk = handle.readline(CHUNK)
        if not chunk or chunk.endswith(b"\n"):
            return


def check_utf8(path: Path, raw: bytes | None, number: int) -> None:
    """Rule 15: a file that is not UTF-8 text cannot be verified at all (exit 2)."""
    if raw is None or raw.isascii():
        return
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnreadableExport(
            f"{path}: line {number} is not UTF-8 text (byte {exc.start})"
        ) from None
