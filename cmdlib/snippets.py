"""Shell snippets with a character-exact map back to the file.

A ``ShellSnippet`` is what the shell classifier and ShellCheck read. Three sources:
- a ``local-exec`` ``command``: its quoted string or heredoc rendered by
  ``cmdlib.hcltext`` (``${...}`` kept as written); each branch of a conditional
  ``cond ? "a" : "b"`` is a snippet of its own; any other expression (a reference, a
  call) is kept as its source text so that it is still classified (and, being no
  shell a reviewer can read, fails closed there);
- the body of a script template, a plain range of the file;
- one logical kubectl line (``cmdlib.flavors.kubectl``).
Shell variable references (``$X``, ``${X}``, ``${X:-d}``) of a script body are found by
tree-sitter-bash and recorded as the snippet's interpolations.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from cmdlib.hclparse import MAX_DEPTH, CommandSite, interpolations, node_span, node_text
from cmdlib.hcltext import render
from cmdlib.model import Interpolation, ShellSnippet
from cmdlib.positions import SourceText
from cmdlib.treesitter import parse_bash

if TYPE_CHECKING:
    from tree_sitter import Node

LOCAL_EXEC = "local-exec"
SCRIPT_BODY = "script-body"
KUBECTL = "kubectl"
_SHELL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def command_snippets(site: CommandSite, source: SourceText) -> Iterator[ShellSnippet]:
    """The snippets of one ``local-exec`` command expression, in source order."""
    for node in _shell_texts(site.expression):
        if node.type in ("string_lit", "quoted_template", "heredoc_template"):
            rendered = render(node, source)
            yield ShellSnippet(
                text=rendered.text,
                origin=LOCAL_EXEC,
                span=node_span(node, source),
                offsets=rendered.offsets,
                interpolations=tuple(interpolations(node, source)),
                block=site.block,
            )
        else:
            yield ShellSnippet(
                text=node_text(node, source),
                origin=LOCAL_EXEC,
                span=node_span(node, source),
                offsets=char_offsets(source, node.start_byte, node.end_byte),
                interpolations=tuple(interpolations(node, source)),
                block=site.block,
            )


def _shell_texts(expression: Node, depth: int = 0) -> Iterator[Node]:
    """The string-like nodes of an expression, looking through conditionals and parens."""
    children = expression.named_children
    if len(children) != 1 or depth > MAX_DEPTH:
        yield expression
        return
    inner = children[0]
    if inner.type == "literal_value" and inner.named_children:
        literal = inner.named_children[0]
        yield literal if literal.type == "string_lit" else expression
    elif inner.type == "template_expr" and inner.named_children:
        yield inner.named_children[0]
    elif inner.type == "conditional":
        branches = [child for child in inner.named_children if child.type == "expression"]
        if len(branches) == 3:
            yield from _shell_texts(branches[1], depth + 1)
            yield from _shell_texts(branches[2], depth + 1)
        else:
            yield expression
    elif inner.type in ("expression", "parenthesized_expression"):
        yield from _shell_texts(inner, depth + 1)
    else:
        yield expression


def char_offsets(source: SourceText, start: int, end: int) -> tuple[tuple[int, int], ...]:
    """One (line, column) per character of data[start:end], plus the end position."""
    text = source.data[start:end].decode("utf-8", errors="replace")
    line, column = source.point_of_byte(start)
    offsets: list[tuple[int, int]] = []
    for char in text:
        offsets.append((line, column))
        if char == "\n":
            line, column = line + 1, 1
        else:
            column += 1
    offsets.append((line, column))
    return tuple(offsets)


def range_snippet(
    source: SourceText,
    start: int,
    end: int,
    origin: str,
    shell_data: bytes,
) -> tuple[ShellSnippet, Node]:
    """A snippet of the file's bytes [start, end) and the bash tree of ``shell_data``.

    ``shell_data`` is the whole file with everything outside the range blanked, so
    the bash nodes carry file positions.
    """
    tree = parse_bash(shell_data)
    references = tuple(shell_references(tree.root_node, source))
    snippet = ShellSnippet(
        text=source.data[start:end].decode("utf-8", errors="replace"),
        origin=origin,
        span=source.span_of_bytes(start, end),
        offsets=char_offsets(source, start, end),
        interpolations=references,
    )
    return snippet, tree.root_node


def shell_references(root: Node, source: SourceText) -> Iterator[Interpolation]:
    """Each ``$X``/``${X...}`` expansion under ``root``, in source order."""
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type in ("simple_expansion", "expansion"):
            yield _reference(node, source)
        stack.extend(reversed(node.children))


def _reference(node: Node, source: SourceText) -> Interpolation:
    start, end = node.start_byte, node.end_byte
    # tree-sitter-bash lets an expansion begin at a line continuation before its "$"
    # ("\\<newline>$X" in a string); the expansion itself begins at the "$".
    dollar = source.data.find(b"$", start, end)
    start = max(start, dollar)
    text = source.data[start:end].decode("utf-8", errors="replace")
    if node.type == "simple_expansion":
        inner = text[1:]
    else:
        inner = text[2:-1] if text.endswith("}") else text[2:]
    name_node = next(
        (child for child in node.named_children if child.type == "variable_name"), None
    )
    name = node_text(name_node, source) if name_node is not None else ""
    # Positional and special parameters ($1, $@, $?) are never template variables.
    variable = name if _SHELL_NAME.fullmatch(name) else None
    return Interpolation(inner, source.span_of_bytes(start, end), variable)
