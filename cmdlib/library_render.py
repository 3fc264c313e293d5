"""Reporters for ``cmdlib library list``: a library index as text or JSON, chosen by name."""

from __future__ import annotations

import json
from collections.abc import Callable

from cmdlib.library_index import LibraryEntry, LibraryIndex

_COLUMNS = ("ID", "TYPE", "PERMISSIONS", "EFFECT", "PATH")


def _row(entry: LibraryEntry) -> tuple[str, ...]:
    path = entry.path
    if entry.problems:
        path += f"  (does not load: {', '.join(entry.problems)})"
    return (entry.id, entry.wire_type, entry.permissions or "-", entry.effect, path)


def render_text(index: LibraryIndex) -> str:
    """An aligned table, one template a line, with a header; a note when it is empty."""
    if not index.entries:
        return f"no templates under {index.root}\n"
    rows = [_COLUMNS, *(_row(entry) for entry in index.entries)]
    widths = [max(len(row[column]) for row in rows) for column in range(len(_COLUMNS) - 1)]
    # The last column (the path) is not padded, so lines carry no trailing blanks.
    lines = [
        "  ".join(
            [*(cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=True)), row[-1]]
        )
        for row in rows
    ]
    return "\n".join(lines) + "\n"


def _entry_json(entry: LibraryEntry) -> dict[str, object]:
    return {
        "id": entry.id,
        "name": entry.name,
        "flavor": entry.flavor,
        "wire_type": entry.wire_type,
        "permissions": entry.permissions,
        "effect": entry.effect,
        "side_effects": list(entry.side_effects),
        "path": entry.path,
        "problems": list(entry.problems),
    }


def render_json(index: LibraryIndex) -> str:
    """``{"root": ..., "templates": [...]}`` with one object per template, stable key order."""
    document = {"root": str(index.root), "templates": [_entry_json(e) for e in index.entries]}
    return json.dumps(document, indent=2) + "\n"


REPORTERS: dict[str, Callable[[LibraryIndex], str]] = {"text": render_text, "json": render_json}
