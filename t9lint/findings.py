"""Findings: the immutable records rules yield and reporters render."""

from __future__ import annotations

from dataclasses import dataclass

from cmdlib.model import Severity, Span

__all__ = ["Finding", "Severity"]


@dataclass(frozen=True, slots=True)
class Finding:
    code: str  # "T9301"
    name: str  # "shell-injection"
    severity: Severity
    path: str  # as given / relative to the working directory
    span: Span
    message: str
    hint: str | None = None
    snippet: str = ""  # the normalised source the finding points at (baseline key)

    @property
    def line(self) -> int:
        return self.span.line

    @property
    def column(self) -> int:
        return self.span.column

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.span.line, self.span.column, self.code)
