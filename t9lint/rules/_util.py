"""Helpers the rule families share: parser positions for HCL references and calls,
file-start spans, and the names a script assigns itself.

Everything here takes positions from a parser (tree-sitter over the template's decoded
text), never from searching the text, and converts tree-sitter's byte columns to the
model's 1-based code-point columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from cmdlib.model import Field, Flavor, Span, Template

if TYPE_CHECKING:
    from tree_sitter import Node, Tree


@dataclass(frozen=True, slots=True)
class HclReference:
    """``var.X`` / ``data.T.N`` / ``local.X`` as written in an HCL expression."""

    root: str  # "var", "data", "local", ...
    path: tuple[str, ...]  # the attribute names after the root (``("aws_instances", "all")``)
    span: Span  # of the whole traversal ``var.X``
    in_validation: bool  # inside a ``validation`` block of a ``variable``

    @property
    def name(self) -> str:
        return self.path[0] if self.path else ""


@dataclass(frozen=True, slots=True)
class HclCall:
    name: str
    span: Span  # of the whole call ``timestamp()``


@dataclass(frozen=True, slots=True)
class HclFacts:
    references: tuple[HclReference, ...]
    calls: tuple[HclCall, ...]


class _Positions:
    """Byte (row, column) from tree-sitter -> 1-based line and code-point column."""

    def __init__(self, text: str) -> None:
        self._lines = text.split("\n")

    def column(self, row: int, byte_column: int) -> int:
        if row >= len(self._lines):
            return 1
        prefix = self._lines[row].encode("utf-8")[:byte_column]
        return len(prefix.decode("utf-8", errors="replace")) + 1

    def span(self, node: Node) -> Span:
        start_row, start_col = node.start_point
        end_row, end_col = node.end_point
        return Span(
            start_row + 1,
            self.column(start_row, start_col),
            end_row + 1,
            self.column(end_row, end_col),
            node.start_byte,
            node.end_byte,
        )


_FACTS_CACHE: dict[str, HclFacts] = {}


def hcl_facts(template: Template) -> HclFacts:
    """Every reference and function call in a Terraform template's HCL (cached by content)."""
    if template.flavor is not Flavor.TERRAFORM:
        return HclFacts((), ())
    key = template.content_sha256 + str(template.path)
    cached = _FACTS_CACHE.get(key)
    if cached is not None:
        return cached
    from cmdlib.treesitter import parse_hcl

    tree: Tree = parse_hcl(template.text.encode("utf-8"))
    facts = _collect(tree.root_node, _Positions(template.text))
    if len(_FACTS_CACHE) > 64:
        _FACTS_CACHE.clear()
    _FACTS_CACHE[key] = facts
    return facts


def _collect(root: Node, positions: _Positions) -> HclFacts:
    references: list[HclReference] = []
    calls: list[HclCall] = []
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, in_validation = stack.pop()
        if node.type == "block" and _block_type(node) == "validation":
            in_validation = True
        if node.type == "variable_expr":
            reference = _reference(node, positions, in_validation)
            if reference is not None:
                references.append(reference)
        elif node.type == "function_call" and node.children:
            callee = node.children[0]
            if callee.type == "identifier" and callee.text is not None:
                calls.append(HclCall(callee.text.decode("utf-8"), positions.span(node)))
        # Only named nodes can be references, calls or blocks; punctuation is skipped.
        stack.extend((child, in_validation) for child in reversed(node.named_children))
    references.sort(key=lambda r: (r.span.line, r.span.column))
    calls.sort(key=lambda c: (c.span.line, c.span.column))
    return HclFacts(tuple(references), tuple(calls))


def _block_type(node: Node) -> str:
    first = node.children[0] if node.children else None
    if first is None or first.type != "identifier" or first.text is None:
        return ""
    return first.text.decode("utf-8")


def _reference(node: Node, positions: _Positions, in_validation: bool) -> HclReference | None:
    if node.text is None:
        return None
    root = node.text.decode("utf-8")
    path: list[str] = []
    end = node
    sibling = node.next_sibling
    while sibling is not None and sibling.type == "get_attr":
        names = [c for c in sibling.children if c.type == "identifier" and c.text is not None]
        if not names or names[0].text is None:
            break
        path.append(names[0].text.decode("utf-8"))
        end = sibling
        sibling = sibling.next_sibling
    start = positions.span(node)
    finish = positions.span(end)
    span = Span(
        start.line, start.column, finish.end_line, finish.end_column, node.start_byte, end.end_byte
    )
    return HclReference(root, tuple(path), span, in_validation)


def span_contains(outer: Span, inner: Span) -> bool:
    """Whether ``inner`` lies within ``outer`` (both from the same file)."""
    return (outer.line, outer.column) <= (inner.line, inner.column) and (
        inner.end_line,
        inner.end_column,
    ) <= (outer.end_line, outer.end_column)


def start_of_file() -> Span:
    """Where a finding about something missing from the whole file points."""
    return Span(1, 1, 1, 2, 0, 0)


def metadata_anchor(template: Template) -> Span:
    """Where a finding about a missing metadata field points: the metadata block, else line 1."""
    span = template.metadata.span
    if span is None:
        return start_of_file()
    return Span(
        span.line, span.column, span.line, span.column + 1, span.start_byte, span.start_byte
    )


def field_text(found: Field | None) -> str | None:
    if found is None or not isinstance(found.value, str):
        return None
    return found.value


def _span_from_bytes(template: Template, start: int, end: int) -> Span:
    data = template.text.encode("utf-8", errors="surrogatepass")

    def locate(offset: int) -> tuple[int, int]:
        line_start = data.rfind(b"\n", 0, offset) + 1
        line = data.count(b"\n", 0, offset) + 1
        column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
        return line, column

    line, column = locate(start)
    end_line, end_column = locate(end)
    return Span(line, column, end_line, end_column, start, end)


def _reparsed_value(template: Template, value_span: Span) -> tuple[Node, int]:
    """The value at ``value_span`` parsed again on its own, and the byte shift back."""
    from cmdlib.treesitter import parse_hcl

    prefix = b"x = "
    data = template.text.encode("utf-8", errors="surrogatepass")
    raw = data[value_span.start_byte : value_span.end_byte]
    return parse_hcl(prefix + raw + b"\n").root_node, value_span.start_byte - len(prefix)


def _first(root: Node, node_type: str) -> Node | None:
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type == node_type:
            return node
        stack.extend(reversed(node.children))
    return None


def list_item_spans(template: Template, found: Field) -> tuple[Span, ...]:
    """The span of each item of a list-valued field (``["Logs", "Storage"]``), in order.

    The list's own source (located by the field's byte span) is parsed again with
    tree-sitter-hcl; the result is empty when the value is not a plain list whose items
    line up with the field's value.
    """
    if not isinstance(found.value, tuple):
        return ()
    root, shift = _reparsed_value(template, found.value_span)
    tuple_node = _first(root, "tuple")
    if tuple_node is None:
        return ()
    items = [c for c in tuple_node.children if c.type == "expression"]
    if len(items) != len(found.value):
        return ()
    return tuple(
        _span_from_bytes(template, shift + item.start_byte, shift + item.end_byte) for item in items
    )


def object_value_span(template: Template, value_span: Span, key: str) -> Span | None:
    """The span of ``key``'s value inside the object literal at ``value_span``."""
    root, shift = _reparsed_value(template, value_span)
    found = _first(root, "object")
    if found is None:
        return None
    for element in (c for c in found.children if c.type == "object_elem"):
        name = element.child_by_field_name("key")
        value = element.child_by_field_name("val")
        if name is not None and value is not None and name.text == key.encode():
            return _span_from_bytes(template, shift + value.start_byte, shift + value.end_byte)
    return None
