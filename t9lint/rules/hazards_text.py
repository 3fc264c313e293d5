"""Review hazards in the raw text (T9605-T9608): characters that do not show, terminal
escape sequences, and tabs or very long lines in the bodies a customer reviews.

These scan the decoded text itself, because what they look for is characters, not
syntax: a right-to-left override inside a string literal is as dangerous as one in a
comment. The loader drops a leading byte order mark and turns CRLF into LF, so any
U+FEFF or CR still in the text is one a reviewer's screen would hide.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from cmdlib.model import Severity, Span, Template
from t9lint.findings import Finding
from t9lint.rules.base import Rule, RuleContext, register

# Anything that is not a tab, a newline or printable ASCII is looked at more closely.
_CANDIDATE = re.compile(r"[^\t\n\x20-\x7e]+")
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Letters that render as blank space although they are not in a control category.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0")
# Characters that start a terminal control sequence: ESC and the C1 introducers
# CSI, OSC, DCS, SOS, PM and APC.
_INTRODUCERS = frozenset("\x1b\x9b\x9d\x90\x98\x9e\x9f")
_INTRODUCER = re.compile("[" + "".join(sorted(_INTRODUCERS)) + "]")
_CSI_BODY = re.compile(r"[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?")
_STRING_BODY = re.compile(r"[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?")


def invisible_kind(char: str) -> str | None:
    """Why ``char`` is hidden from a reviewer, or None when it shows as itself."""
    if char in "\t\n" or char in _INTRODUCERS:
        return None
    if char == "\r":
        return "a carriage return makes the terminal overwrite the start of the line"
    if char in _BIDI:
        return "bidirectional controls reorder how the line is displayed"
    if char in _BLANK_LETTERS:
        return "blank filler letters look like spaces"
    category = unicodedata.category(char)
    if category == "Cc":
        return "control characters do not show"
    if category == "Cf":
        return "format characters are invisible"
    if category in ("Zl", "Zp"):
        return "line separators do not show in most terminals"
    return None


def char_name(char: str) -> str:
    fallback = "CONTROL" if unicodedata.category(char) == "Cc" else "UNNAMED"
    return f"U+{ord(char):04X} {unicodedata.name(char, fallback)}"


@dataclass(frozen=True, slots=True)
class TextRun:
    line: int
    start: int  # 0-based index in the line
    end: int  # exclusive
    text: str


def _line_byte_starts(lines: list[str]) -> list[int]:
    starts, offset = [], 0
    for line in lines:
        starts.append(offset)
        offset += len(line.encode("utf-8", errors="surrogatepass")) + 1
    return starts


def _span(lines: list[str], starts: list[int], run: TextRun) -> Span:
    line_text = lines[run.line - 1]
    start_byte = starts[run.line - 1] + len(
        line_text[: run.start].encode("utf-8", errors="surrogatepass")
    )
    length = len(run.text.encode("utf-8", errors="surrogatepass"))
    return Span(run.line, run.start + 1, run.line, run.end + 1, start_byte, start_byte + length)


def invisible_runs(
    line_number: int, line: str, covered: frozenset[int] = frozenset()
) -> Iterator[TextRun]:
    """Runs of hidden characters; indices in ``covered`` (inside a terminal escape
    sequence, which T9606 reports whole) are not reported a second time."""
    for match in _CANDIDATE.finditer(line):
        run_start: int | None = None
        for index in range(match.start(), match.end() + 1):
            hidden = (
                index < match.end()
                and index not in covered
                and invisible_kind(line[index]) is not None
            )
            if hidden and run_start is None:
                run_start = index
            elif not hidden and run_start is not None:
                yield TextRun(line_number, run_start, index, line[run_start:index])
                run_start = None


def escape_sequences(line_number: int, line: str) -> Iterator[TextRun]:
    found = _INTRODUCER.search(line)
    while found is not None:
        end = _sequence_end(line, found.start())
        yield TextRun(line_number, found.start(), end, line[found.start() : end])
        found = _INTRODUCER.search(line, end)


def _sequence_end(line: str, index: int) -> int:
    char = line[index]
    body = index + 1
    if char == "\x1b":
        if body >= len(line):
            return body
        kind = line[body]
        body += 1
        if kind == "[":
            char = "\x9b"
        elif kind in "]PX^_":
            char = "\x9d"
        else:
            return body  # a two-character escape such as ESC c (reset)
    pattern = _CSI_BODY if char == "\x9b" else _STRING_BODY
    found = pattern.match(line, body)
    return found.end() if found is not None else body


def is_binary(template: Template) -> bool:
    """Binary content is reported once by the loader (parse-error), not per control byte."""
    return any(d.code == "binary-content" for d in template.diagnostics)


def _check_invisible(ctx: RuleContext) -> Iterator[Finding]:
    if is_binary(ctx.template):
        return
    lines = ctx.template.text.split("\n")
    starts = _line_byte_starts(lines)
    for number, line in enumerate(lines, start=1):
        if _CANDIDATE.search(line) is None:
            continue  # printable ASCII only: nothing hidden, no escape sequence
        covered = frozenset(
            index
            for sequence in escape_sequences(number, line)
            for index in range(sequence.start, sequence.end)
        )
        for run in invisible_runs(number, line, covered):
            kinds = sorted({k for k in map(invisible_kind, run.text) if k is not None})
            names = ", ".join(char_name(c) for c in run.text)
            yield INVISIBLE.finding(
                ctx,
                _span(lines, starts, run),
                f"{len(run.text)} hidden character(s) the reviewer cannot see: {names};"
                f" {'; '.join(kinds)}",
                "delete them; if a character is really needed, write it as an escape",
            )


INVISIBLE = register(
    Rule(
        code="T9605",
        name="invisible-character",
        family="hazards",
        severity=Severity.ERROR,
        summary="Invisible, bidirectional or control characters hide what really runs.",
        rationale=(
            "Zero-width characters, bidirectional overrides (Trojan Source, CVE-2021-42574)"
            " and control characters make the text a reviewer reads differ from the bytes"
            " that run: a reordered argument, a hidden second command, a look-alike name."
            " A review cannot be trusted over such text, so this cannot be suppressed."
        ),
        bad_example="# <U+202E> stands for the invisible RIGHT-TO-LEFT OVERRIDE in the file\n"
        'resource "null_resource" "x" {\n'
        '  provisioner "local-exec" { command = "echo ok<U+202E> ;rm -rf /tmp/x" }\n}\n',
        good_example='resource "null_resource" "x" {\n'
        '  provisioner "local-exec" { command = "echo ok" }\n}\n',
        suppressible=False,
        check_file=_check_invisible,
    )
)


def _check_escapes(ctx: RuleContext) -> Iterator[Finding]:
    if is_binary(ctx.template):
        return
    lines = ctx.template.text.split("\n")
    starts = _line_byte_starts(lines)
    for number, line in enumerate(lines, start=1):
        for run in escape_sequences(number, line):
            shown = run.text.encode("unicode_escape").decode("ascii")
            yield TERMINAL_ESCAPE.finding(
                ctx,
                _span(lines, starts, run),
                f"terminal escape sequence {shown}: a terminal showing this file would"
                " move the cursor, recolour, erase or retitle instead of showing it",
                "delete it; write colours in the command's own output, not in the template",
            )


TERMINAL_ESCAPE = register(
    Rule(
        code="T9606",
        name="terminal-escape",
        family="hazards",
        severity=Severity.ERROR,
        summary="ANSI/OSC escape sequences repaint what a terminal shows of the template.",
        rationale=(
            "An escape sequence in a template can erase the line it is on, move the cursor"
            " over text already printed, or set a hyperlink or window title when the file"
            " is shown with cat, git diff or a CI log: the reviewer sees something other"
            " than what runs. It cannot be suppressed."
        ),
        bad_example="#!/usr/bin/env bash\n"
        "# <ESC> stands for the escape character (0x1B) in the file\n"
        'rm -rf "$DIR" # <ESC>[2K<ESC>[1Aecho cleaned\n',
        good_example='#!/usr/bin/env bash\nrm -rf "$DIR"\n',
        suppressible=False,
        check_file=_check_escapes,
    )
)


def reviewed_lines(template: Template) -> list[int]:
    """The line numbers of the bodies a customer reviews (local-exec, script, kubectl)."""
    numbers: set[int] = set()
    for snippet in template.snippets:
        numbers.update(range(snippet.span.line, snippet.span.end_line + 1))
    for invocation in template.kubectl:
        numbers.update(range(invocation.span.line, invocation.span.end_line + 1))
    return sorted(n for n in numbers if 1 <= n <= len(template.text.split("\n")))


def _check_tabs(ctx: RuleContext) -> Iterator[Finding]:
    lines = ctx.template.text.split("\n")
    starts = _line_byte_starts(lines)
    for number in reviewed_lines(ctx.template):
        line = lines[number - 1]
        column = line.find("\t")
        if column < 0:
            continue
        end = column + len(line[column:]) - len(line[column:].lstrip("\t"))
        yield TAB.finding(
            ctx,
            _span(lines, starts, TextRun(number, column, end, line[column:end])),
            "tab in a reviewed body: review tools render it at different widths, so"
            " columns and alignment shown to the customer vary",
            "indent with spaces",
        )


TAB = register(
    Rule(
        code="T9607",
        name="tab-in-body",
        family="hazards",
        severity=Severity.INFO,
        summary="Tabs in a reviewed body render differently in each review tool.",
        rationale=(
            "The customer reviews the body in a web view, a terminal or a diff; a tab is"
            " two, four or eight columns depending on which, so alignment and finding"
            " positions shift between what the author and the reviewer see."
        ),
        bad_example="kubectl get pods\t-n ${NAMESPACE}\n",
        good_example="kubectl get pods -n ${NAMESPACE}\n",
        check_file=_check_tabs,
    )
)


def _check_long_lines(ctx: RuleContext) -> Iterator[Finding]:
    limit = ctx.settings.max_line_length
    lines = ctx.template.text.split("\n")
    starts = _line_byte_starts(lines)
    for number in reviewed_lines(ctx.template):
        line = lines[number - 1]
        if len(line) <= limit:
            continue
        yield LONG_LINE.finding(
            ctx,
            _span(lines, starts, TextRun(number, limit, len(line), line[limit:])),
            f"line is {len(line)} characters long (limit {limit}): the end of it is off"
            " screen in most review views",
            "break the command with `\\` continuations or split it into steps",
        )


LONG_LINE = register(
    Rule(
        code="T9608",
        name="long-line",
        family="hazards",
        severity=Severity.WARNING,
        summary="Very long lines in a reviewed body hide their end off screen.",
        rationale=(
            "Review views wrap or cut long lines; a second command appended far to the"
            " right of a long one is easy to miss. The limit is max-line-length."
        ),
        bad_example="kubectl get pods -n ${NAMESPACE} -o wide"
        + " --show-labels" * 12
        + " ; kubectl delete pod x\n",
        good_example="kubectl get pods -n ${NAMESPACE} \\\n  -o wide --show-labels\n",
        check_file=_check_long_lines,
    )
)
