"""The kubectl flavor: the embedded metadata block, then one kubectl invocation per line.

There is no shell. A logical line is its physical lines joined where one ends with a
backslash (the backslash and newline are dropped, as bash does); blank lines and lines
starting with ``#`` are skipped. A line is split with ``shlex.split(comments=True)``;
its first word must be ``kubectl`` (``kubectl-not-kubectl``). Outside single quotes,
``|``, ``&``, ``;``, ``<``, ``>``, backticks and ``$(`` are ``kubectl-shell-operator``
errors at their exact column, since a reviewer would read them as shell. ``${NAME}`` is
kept in the argv (it is replaced by the variable's value as one whole argument) and
recorded as an interpolation.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass

from cmdlib.flavors import FlavorParts
from cmdlib.flavors.embedded import read_embedded
from cmdlib.model import Diagnostic, Interpolation, KubectlInvocation, ShellSnippet, Span
from cmdlib.positions import SourceText
from cmdlib.snippets import KUBECTL

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_OPERATORS = "|&;<>"
_FIRST_WORD = re.compile(r"[^ \t\r\n]+")  # shlex's idea of a word, not str.split's


@dataclass(frozen=True, slots=True)
class _LogicalLine:
    text: str
    offsets: tuple[tuple[int, int], ...]  # one per character, plus the end


def parse_kubectl(source: SourceText) -> FlavorParts:
    embedded = read_embedded(source)
    diagnostics = list(embedded.diagnostics)
    invocations: list[KubectlInvocation] = []
    snippets: list[ShellSnippet] = []
    for line in _logical_lines(source, embedded.rest_line):
        stripped = line.text.lstrip(" \t")
        if not stripped or stripped.startswith("#"):
            continue
        lead = len(line.text) - len(stripped)
        text = line.text[lead:]
        offsets = line.offsets[lead:]
        span = source.span_of_points(offsets[0], offsets[-1])
        found, problems = _scan(text, offsets, source)
        diagnostics.extend(problems)
        argv = _split(text, span, diagnostics)
        if argv and argv[0] != "kubectl":
            diagnostics.append(_not_kubectl(argv[0], text, offsets, source))
        invocations.append(KubectlInvocation(tuple(argv), text, span, found))
        snippets.append(ShellSnippet(text, KUBECTL, span, offsets, found))
    return FlavorParts(
        metadata=embedded.metadata,
        variables=embedded.variables,
        blocks=embedded.blocks,
        kubectl=tuple(invocations),
        snippets=tuple(snippets),
        diagnostics=tuple(diagnostics),
    )


def _not_kubectl(
    program: str, text: str, offsets: tuple[tuple[int, int], ...], source: SourceText
) -> Diagnostic:
    word = _FIRST_WORD.search(text)
    start, end = (0, len(text)) if word is None else (word.start(), word.end())
    return Diagnostic(
        "kubectl-not-kubectl",
        f"this line runs {program!r}: every line of a kubectl template must start with kubectl",
        source.span_of_points(offsets[start], offsets[end]),
        hint="Use a script template (.t9.sh) for other commands.",
    )


def _logical_lines(source: SourceText, first_line: int) -> Iterator[_LogicalLine]:
    chars: list[str] = []
    points: list[tuple[int, int]] = []
    for index in range(first_line - 1, len(source.lines)):
        physical = source.lines[index]
        continued = _ends_with_continuation(physical) and not _is_comment(chars, physical)
        kept = physical[:-1] if continued else physical
        for column, char in enumerate(kept, start=1):
            chars.append(char)
            points.append((index + 1, column))
        if continued:
            continue
        points.append((index + 1, len(physical) + 1))
        yield _LogicalLine("".join(chars), tuple(points))
        chars, points = [], []
    if chars:
        last = len(source.lines)
        points.append((last, len(source.lines[-1]) + 1))
        yield _LogicalLine("".join(chars), tuple(points))


def _ends_with_continuation(line: str) -> bool:
    trailing = len(line) - len(line.rstrip("\\"))
    return trailing % 2 == 1


def _is_comment(chars: list[str], physical: str) -> bool:
    start = "".join(chars) if chars else physical
    return start.lstrip(" \t").startswith("#")


def _scan(
    text: str, offsets: tuple[tuple[int, int], ...], source: SourceText
) -> tuple[tuple[Interpolation, ...], list[Diagnostic]]:
    """The ``${NAME}`` references (quoted or not: the value replaces the whole argument
    whatever the quoting) and the shell operators outside single quotes of one line."""
    found: list[Interpolation] = []
    problems: list[Diagnostic] = []
    quote: str | None = None
    index, count = 0, len(text)
    while index < count:
        char = text[index]
        if char == "$" and text.startswith("${", index):
            close = text.find("}", index)
            end = count if close < 0 else close + 1
            inner = text[index + 2 : end - 1] if close >= 0 else text[index + 2 :]
            variable = inner if _NAME.fullmatch(inner) else None
            span = source.span_of_points(offsets[index], offsets[end])
            found.append(Interpolation(inner, span, variable))
            index = end
            continue
        if quote == "'":
            quote = None if char == "'" else quote
            index += 1
            continue
        if char == "\\":
            index += 2
            continue
        operator = _operator_at(text, index, quote)
        if operator:
            problems.append(_operator_problem(operator, offsets, index, source))
            index += len(operator)
            continue
        if quote == '"':
            quote = None if char == '"' else quote
        elif char in "'\"":
            quote = char
        elif char == "#" and (index == 0 or text[index - 1] in " \t"):
            break
        index += 1
    return tuple(found), problems


def _operator_at(text: str, index: int, quote: str | None) -> str:
    char = text[index]
    if text.startswith("$(", index) or char == "`":
        return text[index : index + 2] if char == "$" else "`"
    if quote is not None or char not in _OPERATORS:
        return ""
    end = index
    while end < len(text) and text[end] == char and end - index < 2:
        end += 1
    return text[index:end]


def _operator_problem(
    operator: str, offsets: tuple[tuple[int, int], ...], index: int, source: SourceText
) -> Diagnostic:
    what = "command substitution" if operator in ("$(", "`") else f"the shell operator {operator!r}"
    return Diagnostic(
        "kubectl-shell-operator",
        f"{what} in a kubectl template: there is no shell, so it would reach kubectl as text",
        source.span_of_points(offsets[index], offsets[index + len(operator)]),
        hint="Use one plain kubectl invocation per line, or a script template (.t9.sh).",
    )


def _split(text: str, span: Span, diagnostics: list[Diagnostic]) -> list[str]:
    try:
        return shlex.split(text, comments=True)
    except ValueError as error:
        diagnostics.append(
            Diagnostic(
                "kubectl-syntax",
                f"this kubectl line cannot be split into arguments: {error}",
                span,
                hint="Close every quote on the line.",
            )
        )
        return []
