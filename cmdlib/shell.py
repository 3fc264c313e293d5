"""Shell structure from tree-sitter-bash: the simple commands of a snippet, in source order.

This module owns turning a piece of bash (a ``ShellSnippet`` or any literal script) into
plain data: each simple command with its argv words (quote-removed literal values, or
``None`` when a word depends on an expansion), its prefix assignments, redirections and
heredoc bodies, every standalone variable assignment (so callers can follow
``KEXEC="kubectl exec $POD --"; $KEXEC ...``), the functions it defines, and the
ERROR/MISSING nodes that make it unparseable. Positions are character indices into the
text; ``span_of`` maps them back to the file through ``ShellSnippet.offsets``.

HCL interpolations (``${var.X}``) inside ``local-exec`` commands and kubectl lines are not
bash: before parsing they are replaced by a same-length placeholder word, and every word
that overlaps a placeholder counts as dynamic.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cmdlib.model import ShellSnippet, Span
from cmdlib.shell_words import Word, WordReader

__all__ = [
    "Assignment",
    "Command",
    "Problem",
    "Redirect",
    "ShellScript",
    "Word",
    "parse_script",
    "parse_snippet",
    "placeholder_ranges",
    "span_of",
    "with_placeholders",
]
from cmdlib.treesitter import parse_bash, problem_nodes

if TYPE_CHECKING:
    from tree_sitter import Node

_REDIRECT_NODES = frozenset({"file_redirect", "herestring_redirect", "heredoc_redirect"})
_PLACEHOLDER_ORIGINS = frozenset({"local-exec", "kubectl"})


@dataclass(frozen=True, slots=True)
class Redirect:
    operator: str  # ">", ">>", "&>", "<", "<<", "<<<", ...
    target: Word | None  # the destination; None for a heredoc
    start: int
    end: int
    descriptor: str | None = None  # "2" in ``2>/dev/null``
    heredoc: str | None = None  # the body of a heredoc given to the command
    heredoc_start: int = 0  # where that body starts in the text


@dataclass(frozen=True, slots=True)
class Assignment:
    name: str
    value: tuple[Word, ...]  # the value split the way an unquoted expansion re-splits it
    dynamic: bool  # the value depends on an expansion or substitution
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Command:
    """A simple command; ``words`` may be empty for a redirection-only statement."""

    words: tuple[Word, ...]
    redirects: tuple[Redirect, ...]
    start: int
    end: int
    function: str | None = None  # the function whose body holds the command


@dataclass(frozen=True, slots=True)
class Problem:
    start: int
    end: int
    message: str


@dataclass(frozen=True, slots=True)
class ShellScript:
    text: str
    statements: tuple[Command | Assignment, ...]  # in source order
    functions: frozenset[str]
    problems: tuple[Problem, ...]

    @property
    def commands(self) -> tuple[Command, ...]:
        return tuple(item for item in self.statements if isinstance(item, Command))

    @property
    def parseable(self) -> bool:
        return not self.problems


def placeholder_ranges(snippet: ShellSnippet) -> list[tuple[int, int]]:
    """Character ranges of the HCL/kubectl ``${...}`` interpolations of a snippet's text.

    Found through the interpolation spans the loader recorded, mapped back into the
    text with ``offsets``; never by searching the text.
    """
    if snippet.origin not in _PLACEHOLDER_ORIGINS or not snippet.interpolations:
        return []
    index_of: dict[tuple[int, int], int] = {}
    for index, position in enumerate(snippet.offsets[: len(snippet.text)]):
        index_of.setdefault(position, index)
    ranges: list[tuple[int, int]] = []
    for interpolation in snippet.interpolations:
        span = interpolation.span
        start = index_of.get((span.line, span.column))
        end = index_of.get((span.end_line, span.end_column - 1))
        if start is not None and end is not None and end >= start:
            ranges.append((start, end + 1))
    return sorted(ranges)


def with_placeholders(text: str, ranges: Sequence[tuple[int, int]]) -> str:
    """``text`` with each range replaced by a same-length shell word (``T9___``)."""
    if not ranges:
        return text
    chars = list(text)
    for start, end in ranges:
        length = end - start
        filler = ("T9" + "_" * length)[:length]
        chars[start:end] = filler
    return "".join(chars)


def parse_snippet(snippet: ShellSnippet) -> ShellScript:
    ranges = placeholder_ranges(snippet)
    parsed = with_placeholders(snippet.text, ranges)
    return parse_script(parsed, dynamic_ranges=ranges, shown_text=snippet.text)


def parse_script(
    text: str, dynamic_ranges: Sequence[tuple[int, int]] = (), shown_text: str | None = None
) -> ShellScript:
    """Parse bash ``text`` into its commands, assignments, functions and problems.

    ``shown_text`` (same length as ``text``) is what word sources are cut from: the
    snippet as written, where ``text`` holds placeholders for its interpolations.
    """
    data = text.encode("utf-8", errors="surrogatepass")
    walker = _Walker(text, shown_text if shown_text is not None else text, data, dynamic_ranges)
    tree = parse_bash(data)
    problems = tuple(
        Problem(
            walker.char(_error_start(node)),
            max(walker.char(node.end_byte), walker.char(_error_start(node)) + 1),
            f"missing {node.type!r}" if node.is_missing else "syntax error",
        )
        for node in problem_nodes(tree.root_node)
    )
    try:
        walker.visit(tree.root_node, None)
    except RecursionError:
        # nesting deeper than Python's stack: fail closed rather than guess
        problems = (*problems, Problem(0, max(1, len(text)), "nested too deeply to analyse"))
    statements = sorted(walker.statements, key=lambda item: (item.start, -item.end))
    return ShellScript(walker.text, tuple(statements), frozenset(walker.functions), problems)


def _error_start(node: Node) -> int:
    """Where an ERROR node goes wrong: after the complete commands it swallowed."""
    for child in node.children:
        if child.is_named and not child.has_error and not child.is_error:
            continue
        return int(child.start_byte)
    return int(node.start_byte)


def span_of(snippet: ShellSnippet, start: int, end: int) -> Span:
    """The file span of ``snippet.text[start:end]``."""
    line, column = snippet.position(start)
    last = max(start, end - 1)
    end_line, end_column = snippet.position(last)
    return Span(line, column, end_line, end_column + 1)


class _Walker:
    def __init__(
        self, parsed: str, shown: str, data: bytes, dynamic_ranges: Sequence[tuple[int, int]]
    ) -> None:
        self.text = shown
        self.statements: list[Command | Assignment] = []
        self.functions: set[str] = set()
        self._char_of: list[int] | None = None
        if len(data) != len(parsed):
            self._char_of = _char_index(parsed)
        self.words = WordReader(shown, parsed, self.char, dynamic_ranges)

    def char(self, byte: int) -> int:
        if self._char_of is None:
            return byte
        return self._char_of[min(byte, len(self._char_of) - 1)]

    def source(self, node: Node) -> str:
        return self.text[self.char(node.start_byte) : self.char(node.end_byte)]

    def visit(self, node: Node, function: str | None) -> None:
        kind = node.type
        if kind == "command":
            self._command(node, (), function)
        elif kind == "redirected_statement":
            self._redirected(node, function)
        elif kind == "variable_assignment":
            self._assignment(node)
            self._visit_children(node, function)
        elif kind == "function_definition":
            name = node.child_by_field_name("name")
            label = self.source(name) if name is not None else None
            if label:
                self.functions.add(label)
            self._visit_children(node, label or function)
        else:
            self._visit_children(node, function)

    def _visit_children(self, node: Node, function: str | None) -> None:
        for child in node.children:
            self.visit(child, function)

    def _redirected(self, node: Node, function: str | None) -> None:
        redirects: list[Redirect] = []
        for index, child in enumerate(node.children):
            if node.field_name_for_child(index) == "redirect":
                redirects.extend(self._redirect(child, function))
        body = node.child_by_field_name("body")
        if body is not None and body.type == "command":
            self._command(body, tuple(redirects), function)
        else:
            if body is not None:
                self.visit(body, function)
            self.statements.append(
                Command((), tuple(redirects), self.char(node.start_byte), self.char(node.end_byte))
            )

    def _redirect(self, node: Node, function: str | None) -> list[Redirect]:
        """The redirection, then any written after a heredoc start (``<<EOF > file``)."""
        nested: list[Redirect] = []
        operator = ""
        target: Word | None = None
        descriptor: str | None = None
        heredoc: str | None = None
        heredoc_start = 0
        for index, child in enumerate(node.children):
            field = node.field_name_for_child(index)
            if child.type == "file_descriptor":
                descriptor = self.source(child)
            elif field == "destination" or (node.type == "herestring_redirect" and child.is_named):
                target = self.words.word(child)
                self._visit_children(child, function)
            elif child.type == "heredoc_body":
                heredoc = self.source(child)
                heredoc_start = self.char(child.start_byte)
                self._visit_children(child, function)
            elif child.type in _REDIRECT_NODES:
                nested.extend(self._redirect(child, function))
            elif not child.is_named and not operator:
                operator = self.source(child)
            elif child.is_named:  # a pipeline or list after ``<<EOF`` on the same line
                self.visit(child, function)
        start, end = self.char(node.start_byte), self.char(node.end_byte)
        found = Redirect(operator, target, start, end, descriptor, heredoc, heredoc_start)
        return [found, *nested]

    def _command(self, node: Node, redirects: tuple[Redirect, ...], function: str | None) -> None:
        words: list[Word] = []
        for index, child in enumerate(node.children):
            field = node.field_name_for_child(index)
            if child.type == "variable_assignment":
                # a prefix assignment (``A=1 cmd``) lives only for that command
                self._visit_children(child, function)
            elif child.type in _REDIRECT_NODES:
                redirects = (*redirects, *self._redirect(child, function))
            elif field in ("name", "argument"):
                target = child.named_children[0] if child.type == "command_name" else child
                words.append(self.words.word(target))
                self._visit_children(target, function)
        start, end = self.char(node.start_byte), self.char(node.end_byte)
        self.statements.append(Command(tuple(words), redirects, start, end, function))

    def _assignment(self, node: Node) -> None:
        name_node = node.child_by_field_name("name")
        value_node = node.child_by_field_name("value")
        if name_node is None:
            return
        start, end = self.char(node.start_byte), self.char(node.end_byte)
        if value_node is None:
            self.statements.append(Assignment(self.source(name_node), (), False, start, end))
            return
        value, dynamic = self.words.split_value(value_node)
        self.statements.append(Assignment(self.source(name_node), value, dynamic, start, end))


def _char_index(text: str) -> list[int]:
    """Byte offset -> character index for a non-ASCII text (one entry per byte, plus end)."""
    index: list[int] = []
    for position, char in enumerate(text):
        index.extend([position] * len(char.encode("utf-8", errors="surrogatepass")))
    index.append(len(text))
    return index
