"""Findings: the immutable records rules yield and reporters render."""

from __future__ import annotations

from dataclasses import dataclass

from cmdlib.model import Severity, Span
from t9lint.visible import visible

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

    def __post_init__(self) -> None:
        # Every reporter shows these; none may carry a raw escape or bidi character.
        object.__setattr__(self, "message", visible(self.message))
        object.__setattr__(self, "hint", None if self.hint is None else visible(self.hint))
        object.__setattr__(self, "snippet", visible(self.snippet))

    @property
    def line(self) -> int:
        return self.span.line

    @property
    def column(self) -> int:
        return self.span.column

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.span.line, self.span.column, self.code)


def span_to_list(span: Span) -> list[int]:
    return [span.line, span.column, span.end_line, span.end_column, span.start_byte, span.end_byte]


def span_from_list(values: list[int]) -> Span:
    line, column, end_line, end_column, start_byte, end_byte = (int(v) for v in values)
    return Span(line, column, end_line, end_column, start_byte, end_byte)


def finding_to_dict(finding: Finding) -> dict[str, object]:
    """A JSON-ready form of a finding (the cache's; reporters build their own)."""
    return {
        "code": finding.code,
        "name": finding.name,
        "severity": finding.severity.value,
        "path": finding.path,
        "span": span_to_list(finding.span),
        "message": finding.message,
        "hint": finding.hint,
        "snippet": finding.snippet,
    }


def finding_from_dict(data: dict[str, object]) -> Finding:
    """Inverse of :func:`finding_to_dict`; raises KeyError/TypeError/ValueError on bad data."""
    span = data["span"]
    hint = data["hint"]
    if not isinstance(span, list) or not (hint is None or isinstance(hint, str)):
        raise TypeError("malformed finding")
    return Finding(
        code=str(data["code"]),
        name=str(data["name"]),
        severity=Severity(data["severity"]),
        path=str(data["path"]),
        span=span_from_list(span),
        message=str(data["message"]),
        hint=hint,
        snippet=str(data["snippet"]),
    )
