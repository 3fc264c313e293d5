"""HCL through tree-sitter-hcl: blocks, attributes and their values, comments, syntax errors.

Values follow one rule so that nothing non-literal is ever mistaken for a string:
- literals become Python values: strings (escapes decoded), ``int``/``float`` (a unary
  minus on a number literal included), ``bool``, ``None``; tuples and objects of
  literals become ``tuple``/``dict`` (an element that is not a literal stays an
  ``Expression`` inside them);
- a quoted string with ``${...}``/``%{...}`` becomes ``Expression(source)`` with the
  source as written, quotes included;
- a heredoc without interpolation becomes ``str`` (``<<-`` indentation removed, see
  ``cmdlib.hcltext``); with interpolation it becomes ``Expression(source)``;
- everything else (references such as the bare type ``string``, calls, operators,
  conditionals) becomes ``Expression(source)``.
``Attribute.source`` is always the raw text of the value expression.

Every ERROR node and every MISSING node is a diagnostic, so a file with several
mistakes reports them all: ``hcl-unterminated-heredoc`` and ``hcl-unterminated-string``
(at the opening marker or quote) when that is what is missing, ``hcl-syntax`` otherwise
(a multi-line ERROR is reported where tree-sitter gave up, its last child). Blocks
nested deeper than ``MAX_DEPTH`` are ``hcl-too-deep``; an attribute set twice in one
body is ``hcl-duplicate-attribute`` (OpenTofu rejects it; the first value is kept).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cmdlib.hcltext import template_text
from cmdlib.model import (
    Attribute,
    Block,
    Comment,
    Diagnostic,
    Expression,
    HclValue,
    Interpolation,
    Span,
)
from cmdlib.positions import SourceText
from cmdlib.treesitter import parse_hcl, problem_nodes

if TYPE_CHECKING:
    from tree_sitter import Node

# Blocks and literal values nested deeper than this are not followed: a deeper block
# is an ``hcl-too-deep`` diagnostic, a deeper value stays an ``Expression``. Real
# templates nest a handful of levels; this keeps the recursion far from Python's limit.
MAX_DEPTH = 32


@dataclass(frozen=True, slots=True)
class CommandSite:
    """A ``command`` attribute of a ``provisioner "local-exec"`` block, for shell snippets."""

    expression: Node
    block: str  # the enclosing resource, e.g. ``null_resource.df``


@dataclass(frozen=True, slots=True)
class HclDocument:
    attributes: tuple[Attribute, ...]
    blocks: tuple[Block, ...]
    comments: tuple[Comment, ...]
    diagnostics: tuple[Diagnostic, ...]
    commands: tuple[CommandSite, ...]


def parse_document(source: SourceText, data: bytes | None = None) -> HclDocument:
    """Parse ``data`` (default: the whole source) whose positions are those of ``source``."""
    tree = parse_hcl(source.data if data is None else data)
    builder = _Builder(source)
    root = tree.root_node
    body = next((child for child in root.named_children if child.type == "body"), None)
    attributes: tuple[Attribute, ...] = ()
    blocks: tuple[Block, ...] = ()
    comments = [builder.comment(child) for child in root.named_children if child.type == "comment"]
    if body is not None:
        attributes, blocks, inner = builder.body(body, ())
        comments.extend(inner)
    diagnostics = tuple(syntax_diagnostic(node, source) for node in problem_nodes(root))
    diagnostics += tuple(builder.problems)
    return HclDocument(attributes, blocks, tuple(comments), diagnostics, tuple(builder.commands))


def _too_deep(node: Node, source: SourceText) -> Diagnostic:
    return Diagnostic(
        "hcl-too-deep",
        f"blocks are nested more than {MAX_DEPTH} levels deep; the deeper ones are not read",
        node_span(node, source),
        hint="Flatten the nesting: real templates use a few levels.",
    )


def syntax_diagnostic(node: Node, source: SourceText) -> Diagnostic:
    if node.is_missing:
        return _missing_diagnostic(node, source)
    anchor = error_anchor(node)
    span = node_span(anchor, source)
    line = source.lines[span.line - 1] if span.line <= len(source.lines) else ""
    excerpt = line[span.column - 1 :].strip()[:40]
    if anchor is not node:
        span = Span(
            span.line,
            span.column,
            span.line,
            len(line) + 1,
            anchor.start_byte,
            source.byte_of_point(span.line, len(line) + 1),
        )
    return Diagnostic(
        "hcl-syntax",
        f"HCL syntax error: cannot parse {excerpt!r}" if excerpt else "HCL syntax error",
        span,
        hint="Check for an unclosed brace, bracket, quote or heredoc, or a stray character.",
    )


def error_anchor(node: Node) -> Node:
    """Where a multi-line ERROR went wrong: tree-sitter ends it at the token it gave up on."""
    if node.start_point.row == node.end_point.row or not node.children:
        return node
    return node.children[-1]


def _missing_diagnostic(node: Node, source: SourceText) -> Diagnostic:
    span = node_span(node, source)
    if node.type == "heredoc_identifier" and node.parent is not None:
        opener = next(
            (child for child in node.parent.children if child.type == "heredoc_identifier"),
            node,
        )
        marker = node_text(opener, source) or "EOT"
        return Diagnostic(
            "hcl-unterminated-heredoc",
            f"the heredoc {marker} opened on line {opener.start_point.row + 1} is not closed",
            node_span(opener, source) if opener is not node else span,
            hint=f"End the heredoc with a line holding only {marker}.",
        )
    if node.type == "quoted_template_end" and node.parent is not None:
        opener = node.parent.children[0]
        return Diagnostic(
            "hcl-unterminated-string",
            f"the string opened on line {opener.start_point.row + 1} is not closed",
            node_span(opener, source),
            hint='Close the string with " on the same line (use a heredoc for several lines).',
        )
    wanted = node.type.replace("_", " ") if node.is_named else node.type
    return Diagnostic(
        "hcl-syntax",
        f"HCL syntax error: the text is incomplete here (expected {wanted!r})",
        span,
        hint="Check the expression before this point: a value, bracket or quote is missing.",
    )


def node_span(node: Node, source: SourceText) -> Span:
    start, end = node.start_point, node.end_point
    return Span(
        start.row + 1,
        source.column_of(start.row, start.column),
        end.row + 1,
        source.column_of(end.row, end.column),
        node.start_byte,
        node.end_byte,
    )


def node_text(node: Node, source: SourceText) -> str:
    return source.data[node.start_byte : node.end_byte].decode("utf-8", errors="replace")


# The blocks enclosing a node, outermost first, as (type, labels).
_Path = tuple[tuple[str, tuple[str, ...]], ...]


class _Builder:
    def __init__(self, source: SourceText) -> None:
        self.source = source
        self.commands: list[CommandSite] = []
        self.problems: list[Diagnostic] = []

    def body(
        self, node: Node, path: _Path
    ) -> tuple[tuple[Attribute, ...], tuple[Block, ...], list[Comment]]:
        attributes: list[Attribute] = []
        blocks: list[Block] = []
        comments: list[Comment] = []
        for child in node.named_children:
            if child.type == "attribute":
                attribute = self.attribute(child, path)
                if attribute is not None:
                    self._check_redefined(attribute, attributes)
                    attributes.append(attribute)
            elif child.type == "block":
                if len(path) >= MAX_DEPTH:
                    self.problems.append(_too_deep(child, self.source))
                else:
                    blocks.append(self.block(child, path))
            elif child.type == "comment":
                comments.append(self.comment(child))
        return tuple(attributes), tuple(blocks), comments

    def _check_redefined(self, attribute: Attribute, earlier: list[Attribute]) -> None:
        """OpenTofu rejects an attribute set twice in one body; a reviewer would see both."""
        first = next((seen for seen in earlier if seen.name == attribute.name), None)
        if first is not None:
            self.problems.append(
                Diagnostic(
                    "hcl-duplicate-attribute",
                    f"{attribute.name} is already set on line {first.span.line}",
                    attribute.name_span,
                    hint="Keep one of the two assignments.",
                )
            )

    def block(self, node: Node, path: _Path) -> Block:
        kind = ""
        labels: list[str] = []
        label_spans: list[Span] = []
        body: Node | None = None
        for child in node.named_children:
            if child.type == "identifier" and not kind:
                kind = node_text(child, self.source)
            elif child.type in ("string_lit", "identifier"):
                labels.append(_label_text(child, self.source))
                label_spans.append(node_span(child, self.source))
            elif child.type == "body":
                body = child
        here = (*path, (kind, tuple(labels)))
        attributes: tuple[Attribute, ...] = ()
        blocks: tuple[Block, ...] = ()
        comments: list[Comment] = []
        if body is not None:
            attributes, blocks, comments = self.body(body, here)
        # tree-sitter-hcl hangs a comment before the first or after the last attribute on
        # the block itself, outside its body; it belongs to the block all the same.
        comments.extend(
            self.comment(child) for child in node.named_children if child.type == "comment"
        )
        comments.sort(key=lambda comment: comment.span.start_byte)
        return Block(
            kind,
            tuple(labels),
            attributes,
            blocks,
            node_span(node, self.source),
            tuple(label_spans),
            tuple(comments),
        )

    def attribute(self, node: Node, path: _Path) -> Attribute | None:
        name_node = node.child_by_field_name("name") or _first(node, "identifier")
        expression = _first(node, "expression")
        if name_node is None or expression is None:
            return None
        name = node_text(name_node, self.source)
        value = hcl_value(expression, self.source)
        attribute = Attribute(
            name=name,
            value=value,
            source=node_text(expression, self.source),
            span=node_span(node, self.source),
            name_span=node_span(name_node, self.source),
            value_span=node_span(expression, self.source),
            interpolations=tuple(interpolations(expression, self.source)),
            is_heredoc=_is_heredoc(expression),
        )
        if name == "command" and path and path[-1] == ("provisioner", ("local-exec",)):
            kind, labels = path[0]
            owner = labels if kind == "resource" else (kind, *labels)
            self.commands.append(CommandSite(expression, ".".join(owner)))
        return attribute

    def comment(self, node: Node) -> Comment:
        return Comment(comment_text(node_text(node, self.source)), node_span(node, self.source))


def comment_text(raw: str) -> str:
    """A comment without its ``#``, ``//`` or ``/* */`` markers and outer blanks."""
    if raw.startswith("#"):
        raw = raw[1:]
    elif raw.startswith("//"):
        raw = raw[2:]
    elif raw.startswith("/*"):
        raw = raw[2:-2] if raw.endswith("*/") and len(raw) >= 4 else raw[2:]
    return raw.strip()


def _first(node: Node, kind: str) -> Node | None:
    return next((child for child in node.named_children if child.type == kind), None)


def _label_text(node: Node, source: SourceText) -> str:
    if node.type == "string_lit":
        return template_text(node, source) or ""
    return node_text(node, source)


def _is_heredoc(expression: Node) -> bool:
    template = _first(expression, "template_expr")
    return template is not None and _first(template, "heredoc_template") is not None


def hcl_value(expression: Node, source: SourceText, depth: int = 0) -> HclValue:
    """The Python value of an ``expression`` node (see the module docstring)."""
    children = expression.named_children
    if len(children) != 1 or expression.has_error or depth > MAX_DEPTH:
        return Expression(node_text(expression, source))
    inner = children[0]
    if inner.type == "literal_value":
        return _literal(inner, source)
    if inner.type == "collection_value":
        return _collection(inner, source, depth + 1)
    if inner.type == "template_expr" and inner.named_children:
        text = template_text(inner.named_children[0], source)
        if text is not None:
            return text
    if inner.type == "operation":
        number = _negative_number(inner, source)
        if number is not None:
            return number
    return Expression(node_text(expression, source))


def _literal(node: Node, source: SourceText) -> HclValue:
    literal = node.named_children[0] if node.named_children else node
    text = node_text(literal, source)
    if literal.type == "string_lit":
        return template_text(literal, source) or ""
    if literal.type == "numeric_lit":
        return _number(text)
    if literal.type == "bool_lit":
        return text == "true"
    if literal.type == "null_lit":
        return None
    return Expression(text)


def _number(text: str) -> int | float | Expression:
    """A number literal; one Python cannot hold exactly (huge, inf) stays an Expression."""
    try:
        return int(text) if text.isdigit() else _finite(float(text))
    except ValueError:  # not a number, or more digits than int() converts
        return Expression(text)


def _finite(value: float) -> float:
    if math.isinf(value) or math.isnan(value):
        raise ValueError(value)
    return value


def _negative_number(operation: Node, source: SourceText) -> int | float | None:
    unary = _first(operation, "unary_operation")
    if unary is None or len(unary.children) != 2 or unary.children[0].type != "-":
        return None
    operand = unary.children[1]
    if operand.type != "literal_value" or not operand.named_children:
        return None
    if operand.named_children[0].type != "numeric_lit":
        return None
    value = _number(node_text(operand, source))
    return None if isinstance(value, Expression) else -value


def _collection(node: Node, source: SourceText, depth: int) -> HclValue:
    inner = node.named_children[0] if node.named_children else None
    if inner is None:
        return Expression(node_text(node, source))
    if inner.type == "tuple":
        return tuple(
            hcl_value(child, source, depth)
            for child in inner.named_children
            if child.type == "expression"
        )
    result: dict[str, HclValue] = {}
    for element in inner.named_children:
        if element.type != "object_elem":
            continue
        parts = [child for child in element.named_children if child.type == "expression"]
        if len(parts) != 2:
            continue
        result[_object_key(parts[0], source)] = hcl_value(parts[1], source, depth)
    return result


def _object_key(key: Node, source: SourceText) -> str:
    value = hcl_value(key, source)
    if isinstance(value, str):
        return value
    return node_text(key, source)


def interpolations(node: Node, source: SourceText) -> Iterator[Interpolation]:
    """Every ``${...}`` under ``node``, in source order (nested ones after their parent)."""
    if b"${" not in source.data[node.start_byte : node.end_byte]:
        return
    stack = [node]
    while stack:
        current = stack.pop()
        if current.type == "template_interpolation":
            yield interpolation(current, source)
        stack.extend(reversed(current.children))


def interpolation(node: Node, source: SourceText) -> Interpolation:
    expression = _first(node, "expression")
    inner = node_text(expression, source) if expression is not None else ""
    return Interpolation(inner, node_span(node, source), _variable_name(expression, source))


def _variable_name(expression: Node | None, source: SourceText) -> str | None:
    """``X`` when the expression is exactly ``var.X``."""
    if expression is None:
        return None
    parts = expression.named_children
    if len(parts) != 2 or parts[0].type != "variable_expr" or parts[1].type != "get_attr":
        return None
    if node_text(parts[0], source) != "var":
        return None
    name = _first(parts[1], "identifier")
    return node_text(name, source) if name is not None else None
