"""Helpers for the classifier tests: a ShellSnippet from plain text, positions 1-based."""

from __future__ import annotations

from cmdlib.effects import Classification, Tier, classify_snippet
from cmdlib.model import ShellSnippet, Span


def snippet(text: str, origin: str = "script-body", first_line: int = 1) -> ShellSnippet:
    offsets: list[tuple[int, int]] = []
    line, column = first_line, 1
    for char in text:
        offsets.append((line, column))
        if char == "\n":
            line, column = line + 1, 1
        else:
            column += 1
    offsets.append((line, column))
    return ShellSnippet(text, origin, Span(first_line, 1, line, column), tuple(offsets))


def classify(text: str) -> Classification:
    return classify_snippet(snippet(text))


def tier_of(text: str) -> Tier:
    return classify(text).tier


def reasons(text: str) -> list[str]:
    return [step.reason for step in classify(text).steps]
