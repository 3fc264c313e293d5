"""The metadata block of script and kubectl templates: ``: <<'TENSOR9'`` ... ``TENSOR9``.

Accepted openers: ``: <<'TENSOR9'``, ``: <<"TENSOR9"``, with or without blanks around
``<<`` (``: << 'TENSOR9'``) and the ``<<-`` form (whose closing line may be indented with
tabs, as bash allows). Any quoting stops bash from expanding the body. An unquoted
``: <<TENSOR9`` is still read but is a ``metadata-delimiter-unquoted`` error: bash would
run every ``$(...)`` in the metadata. Only a shebang, blank lines and comments may come
before the opener (``metadata-not-first`` otherwise). The block ends at the first line
that is exactly ``TENSOR9``; without one it is ``metadata-unterminated`` and the HCL is
read to the end of the file, while the body is empty (bash would swallow it all).
A second opener after the block is ``metadata-duplicate``.

The HCL body is parsed in place: the rest of the file is blanked (newlines kept), so
every HCL position is a position in the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cmdlib.hclparse import HclDocument, parse_document
from cmdlib.metadata import duplicate_variables, metadata_of, variables_of
from cmdlib.model import Block, Diagnostic, Metadata, Span, Variable
from cmdlib.positions import SourceText, blank_outside

# An empty ``quote`` group is an unquoted opener: read, but reported.
_OPENER = re.compile(r"^[ \t]*:[ \t]*<<(?P<dash>-?)[ \t]*(?P<quote>['\"]?)TENSOR9(?P=quote)[ \t]*$")
# Any line that starts another metadata block, however it is quoted.
_LOOSE_OPENER = re.compile(r"^[ \t]*:[ \t]*<<-?[ \t]*['\"]?TENSOR9\b")
DELIMITER = "TENSOR9"


@dataclass(frozen=True, slots=True)
class EmbeddedMetadata:
    metadata: Metadata
    variables: tuple[Variable, ...]
    blocks: tuple[Block, ...]
    rest_line: int  # 1-based line where the template's body starts (past the end: none)
    diagnostics: tuple[Diagnostic, ...]


def read_embedded(source: SourceText) -> EmbeddedMetadata:
    lines = source.lines
    diagnostics: list[Diagnostic] = []
    opener = _find_opener(lines)
    if opener is None:
        diagnostics.append(_missing(lines))
        return EmbeddedMetadata(Metadata({}, None), (), (), 1, tuple(diagnostics))
    index, match = opener
    diagnostics.extend(_opener_problems(lines, index, match))
    closing = _find_closing(lines, index + 1, tabs=bool(match.group("dash")))
    if closing is None:
        diagnostics.append(
            Diagnostic(
                "metadata-unterminated",
                f"the metadata block opened on line {index + 1} has no closing {DELIMITER} line",
                _line_span(source, index),
                hint=f"Add a line holding only {DELIMITER} after the metadata.",
            )
        )
        end_line = len(lines)
        rest_line = len(lines) + 1
    else:
        end_line = closing
        rest_line = closing + 2
    start = source.byte_of_line_start(index + 2) if index + 1 < len(lines) else len(source.data)
    end = source.byte_of_line_start(end_line + 1) if end_line < len(lines) else len(source.data)
    document = parse_document(source, blank_outside(source.data, start, max(start, end)))
    diagnostics.extend(document.diagnostics)
    diagnostics.extend(_duplicates(source, rest_line - 1))
    last = min(end_line, len(lines) - 1)
    span = source.span_of_points((index + 1, 1), (last + 1, len(lines[last]) + 1))
    return _from_document(document, span, rest_line, diagnostics)


def _from_document(
    document: HclDocument, span: Span, rest_line: int, diagnostics: list[Diagnostic]
) -> EmbeddedMetadata:
    variables = variables_of(document.blocks)
    diagnostics.extend(duplicate_variables(variables))
    return EmbeddedMetadata(
        metadata=metadata_of(document.attributes, span),
        variables=variables,
        blocks=document.blocks,
        rest_line=rest_line,
        diagnostics=tuple(diagnostics),
    )


def _find_opener(lines: tuple[str, ...]) -> tuple[int, re.Match[str]] | None:
    for index, line in enumerate(lines):
        match = _OPENER.match(line)
        if match is not None:
            return index, match
    return None


def _opener_problems(lines: tuple[str, ...], index: int, match: re.Match[str]) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    if not match.group("quote"):
        column = lines[index].index(DELIMITER) + 1
        found.append(
            Diagnostic(
                "metadata-delimiter-unquoted",
                "the metadata delimiter is not quoted: bash expands $ and backticks in it",
                Span(index + 1, column, index + 1, column + len(DELIMITER)),
                hint=f"Write the opener as : <<'{DELIMITER}'.",
            )
        )
    for number, line in enumerate(lines[:index]):
        if _is_preamble(number, line):
            continue
        found.append(
            Diagnostic(
                "metadata-not-first",
                "a command comes before the metadata block; bash would run it",
                Span(number + 1, 1, number + 1, len(line) + 1),
                hint="Put the metadata block first (only a shebang and comments may precede it).",
            )
        )
        break
    return found


def _is_preamble(number: int, line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#") or (number == 0 and line.startswith("#!"))


def _find_closing(lines: tuple[str, ...], start: int, *, tabs: bool) -> int | None:
    for index in range(start, len(lines)):
        line = lines[index].lstrip("\t") if tabs else lines[index]
        if line == DELIMITER:
            return index
    return None


def _duplicates(source: SourceText, after: int) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for index in range(max(after, 0), len(source.lines)):
        if _LOOSE_OPENER.match(source.lines[index]):
            found.append(
                Diagnostic(
                    "metadata-duplicate",
                    "a second metadata block; only the first one is read",
                    _line_span(source, index),
                    hint="Merge the metadata into the first block and remove this one.",
                )
            )
    return found


def _missing(lines: tuple[str, ...]) -> Diagnostic:
    return Diagnostic(
        "metadata-missing",
        f"no metadata block: the template must start with : <<'{DELIMITER}' ... {DELIMITER}",
        Span(1, 1, 1, 1),
        hint=f"Add the metadata block (: <<'{DELIMITER}', the HCL fields, {DELIMITER}) at the top.",
    )


def _line_span(source: SourceText, index: int) -> Span:
    return source.span_of_points((index + 1, 1), (index + 1, len(source.lines[index]) + 1))
