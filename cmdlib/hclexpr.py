"""HCL expression source text to a small typed tree, for validation conditions.

The condition is parsed with tree-sitter-hcl (wrapped as ``x = <condition>``) and turned
into frozen dataclasses whose ``start``/``end`` are character offsets into the condition
text. Only the idioms ``cmdlib.conditions`` evaluates have nodes; any other construct
(``for``, splat, index, heredoc, object constructors, arithmetic, references other than
``var.NAME``, ...) becomes ``NotEvaluable`` naming that construct and where it is.

Two raw walks of the tree (``regex_literals`` and ``variable_references``) work even when
the condition holds unsupported constructs, so the linter can still see every pattern.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

from cmdlib.treesitter import parse_hcl, problem_nodes

if TYPE_CHECKING:
    from tree_sitter import Node as TsNode

_PREFIX = "x = "
LiteralValue: TypeAlias = str | int | float | bool | None


@dataclass(frozen=True)
class Literal:
    value: LiteralValue
    start: int
    end: int


@dataclass(frozen=True)
class TemplateString:
    """A quoted string with ``${...}`` interpolations: literal parts and expressions."""

    parts: tuple[str | Expr, ...]
    start: int
    end: int


@dataclass(frozen=True)
class TupleExpr:
    items: tuple[Expr, ...]
    start: int
    end: int


@dataclass(frozen=True)
class VariableRef:
    name: str
    start: int
    end: int


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple[Expr, ...]
    start: int
    end: int


@dataclass(frozen=True)
class Unary:
    op: str
    operand: Expr
    start: int
    end: int


@dataclass(frozen=True)
class Binary:
    op: str
    left: Expr
    right: Expr
    start: int
    end: int


@dataclass(frozen=True)
class Conditional:
    """``condition ? if_true : if_false``."""

    condition: Expr
    if_true: Expr
    if_false: Expr
    start: int
    end: int


Expr: TypeAlias = (
    Literal | TemplateString | TupleExpr | VariableRef | Call | Unary | Binary | Conditional
)


@dataclass(frozen=True)
class NotEvaluable:
    """A condition (or part of one) outside the evaluated subset; never treated as true."""

    reason: str
    start: int = 0
    end: int = 0


class _Unsupported(Exception):
    def __init__(self, reason: str, node: TsNode | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.node = node


SUPPORTED_OPERATORS = frozenset({"&&", "||", "==", "!=", "<", "<=", ">", ">=", "!", "-"})
_BINARY = frozenset({"&&", "||", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%"})
_ESCAPE = re.compile(r'\\(?:([nrt"\\])|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8}))|\$\$\{|%%\{')
_NUMBER = re.compile(r"[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?")


def decode_string(raw: str) -> str:
    """The value of a quoted HCL string's literal text (escapes as HCL defines them, NFC)."""

    def replace(found: re.Match[str]) -> str:
        text = found.group(0)
        if text in ("$${", "%%{"):
            return text[1:]
        if found.group(1):
            return {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}[found.group(1)]
        code = int(found.group(2) or found.group(3), 16)
        if code > 0x10FFFF:
            raise _Unsupported("invalid escape sequence in string literal")
        return chr(code)

    decoded = _ESCAPE.sub(replace, raw)
    if "\\" in _ESCAPE.sub("", raw):
        raise _Unsupported("invalid escape sequence in string literal")
    # Every cty string is in Unicode normal form C: "e\u0301" == "\u00e9" in OpenTofu.
    return unicodedata.normalize("NFC", decoded)


class _Converter:
    def __init__(self, source: str) -> None:
        self.source = source
        self.encoded = (_PREFIX + source).encode()

    def offset(self, byte: int) -> int:
        """Character offset in the condition text of a byte offset in the wrapped text."""
        return len(self.encoded[:byte].decode("utf-8", errors="ignore")) - len(_PREFIX)

    def span(self, node: TsNode) -> tuple[int, int]:
        return self.offset(node.start_byte), self.offset(node.end_byte)

    def text(self, node: TsNode) -> str:
        return self.encoded[node.start_byte : node.end_byte].decode()

    def slice(self, start_byte: int, end_byte: int) -> str:
        return self.encoded[start_byte:end_byte].decode()

    def between_quotes(self, string: TsNode) -> str:
        """The raw text of a quoted string without its delimiters."""
        return self.slice(string.children[0].end_byte, string.children[-1].start_byte)

    def expression(self, node: TsNode) -> Expr:
        return self.term([child for child in node.children if child.type != "comment"])

    def term(self, nodes: list[TsNode]) -> Expr:
        """A primary expression followed by postfix parts (``get_attr``, ``index``, ``splat``)."""
        if nodes[0].type == "(":
            inner = self.expression(nodes[1])
            postfix = nodes[3:]
        elif nodes[0].type == "variable_expr":
            return self.reference(nodes)
        else:
            inner = self.primary(nodes[0])
            postfix = nodes[1:]
        if postfix:
            raise _Unsupported(_POSTFIX_NAMES.get(postfix[0].type, postfix[0].type), postfix[0])
        return inner

    def reference(self, nodes: list[TsNode]) -> Expr:
        root = self.text(nodes[0])
        first = nodes[1] if len(nodes) > 1 else None
        if root != "var" or first is None or first.type != "get_attr":
            shown = root + (self.text(first) if first is not None else "")
            raise _Unsupported(f"the reference {shown} (only var.NAME)", nodes[0])
        name = self.text(first).lstrip(".").strip()
        if len(nodes) > 2:
            construct = _POSTFIX_NAMES.get(nodes[2].type, nodes[2].type)
            raise _Unsupported(f"{construct} on var.{name}", nodes[2])
        start, _ = self.span(nodes[0])
        _, end = self.span(first)
        return VariableRef(name, start, end)

    def primary(self, node: TsNode) -> Expr:
        kind = node.type
        if kind == "expression":
            return self.expression(node)
        if kind == "literal_value":
            return self.literal(node.children[0])
        if kind == "operation":
            return self.operation(node.children[0])
        if kind == "function_call":
            return self.call(node)
        if kind == "collection_value" and node.children[0].type == "tuple":
            items = [c for c in node.children[0].children if c.type == "expression"]
            return TupleExpr(tuple(self.expression(c) for c in items), *self.span(node))
        if kind == "conditional":
            parts = [self.expression(c) for c in node.children if c.type == "expression"]
            return Conditional(parts[0], parts[1], parts[2], *self.span(node))
        if kind == "template_expr" and node.children[0].type == "quoted_template":
            return self.template(node.children[0])
        raise _Unsupported(_CONSTRUCT_NAMES.get(kind, kind), node)

    def literal(self, node: TsNode) -> Literal:
        span = self.span(node)
        text = self.text(node)
        if node.type == "string_lit":
            return Literal(decode_string(self.between_quotes(node)), *span)
        if node.type == "bool_lit":
            return Literal(text == "true", *span)
        if node.type == "null_lit":
            return Literal(None, *span)
        found = _NUMBER.fullmatch(text)
        if found is None:
            raise _Unsupported(f"number literal {text!r}", node)
        integral = not (found.group(1) or found.group(2)) and len(text) < 4000
        value = int(text) if integral else float(text)
        return Literal(value, *span)

    def template(self, node: TsNode) -> TemplateString:
        parts: list[str | Expr] = []
        children = node.children
        previous_end = children[0].end_byte
        for child in children[1:]:
            if child.type == "template_literal":
                continue
            # tree-sitter-hcl leaves spaces around literal text out of template_literal
            # nodes, so literal text is everything between the other children.
            if child.start_byte > previous_end:
                parts.append(decode_string(self.slice(previous_end, child.start_byte)))
            previous_end = child.end_byte
            if child.type == "template_interpolation":
                inner = [c for c in child.children if c.type == "expression"]
                if (
                    len(inner) != 1
                    or self.text(child).startswith("${~")
                    or "~}" in self.text(child)
                ):
                    raise _Unsupported("template interpolation with strip markers", child)
                parts.append(self.expression(inner[0]))
            elif child.type == "template_directive":
                raise _Unsupported("template directive %{...}", child)
        return TemplateString(tuple(parts), *self.span(node))

    def operation(self, node: TsNode) -> Expr:
        children = [child for child in node.children if child.type != "comment"]
        start, end = self.span(node)
        if node.type == "unary_operation":
            op = children[0].type
            return Unary(op, self.term(children[1:]), start, end)
        index = next(
            i for i, c in enumerate(children) if i > 0 and not c.is_named and c.type in _BINARY
        )
        op = children[index].type
        if op not in SUPPORTED_OPERATORS:
            raise _Unsupported(f"arithmetic operator {op}", children[index])
        left, right = self.term(children[:index]), self.term(children[index + 1 :])
        return Binary(op, left, right, start, end)

    def call(self, node: TsNode) -> Call:
        name = self.text(node.children[0])
        arguments = [c for c in node.children if c.type == "function_arguments"]
        args: list[Expr] = []
        for child in arguments[0].children if arguments else ():
            if child.type == "ellipsis":
                raise _Unsupported("argument expansion (...)", child)
            if child.type == "expression":
                args.append(self.expression(child))
        return Call(name, tuple(args), *self.span(node))


_POSTFIX_NAMES = {
    "get_attr": "attribute access",
    "index": "index expression",
    "splat": "splat expression",
}
_CONSTRUCT_NAMES = {
    "for_expr": "for expression",
    "collection_value": "object constructor",
    "template_expr": "heredoc",
    "variable_expr": "reference",
}


def _expression_node(source: str) -> tuple[_Converter, TsNode] | NotEvaluable:
    converter = _Converter(source)
    tree = parse_hcl(converter.encoded + b"\n")
    problems = problem_nodes(tree.root_node)
    if problems:
        start, end = converter.span(problems[0])
        start = max(0, min(start, len(source)))
        return NotEvaluable("HCL syntax error in the condition", start, max(start, end))
    body = tree.root_node.children[0] if tree.root_node.children else None
    attributes = [c for c in body.children if c.type == "attribute"] if body else []
    if len(attributes) != 1 or body is None or len(body.children) != 1:
        return NotEvaluable("the condition is not one HCL expression", 0, len(source))
    return converter, attributes[0].children[-1]


def parse_expression(source: str) -> Expr | NotEvaluable:
    """The tree of ``source``; ``NotEvaluable`` (never an exception) outside the subset."""
    if not source.strip():
        return NotEvaluable("the condition is empty", 0, len(source))
    found = _expression_node(source)
    if isinstance(found, NotEvaluable):
        return found
    converter, node = found
    try:
        return converter.expression(node)
    except _Unsupported as unsupported:
        span = converter.span(unsupported.node) if unsupported.node else (0, len(source))
        return NotEvaluable(f"{unsupported.reason} is outside the evaluated subset", *span)
    except RecursionError:
        return NotEvaluable("the condition is nested too deeply", 0, len(source))


def _walk(node: TsNode) -> Iterator[TsNode]:
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children))


@dataclass(frozen=True)
class RawRegex:
    """A ``regex``/``regexall`` call whose pattern is a plain string literal."""

    pattern: str
    variable: str | None
    start: int  # of the string literal, quotes included
    end: int


def _variable_of(converter: _Converter, expression: TsNode) -> str | None:
    children = [c for c in expression.children if c.type != "comment"]
    if (
        len(children) == 2
        and children[0].type == "variable_expr"
        and converter.text(children[0]) == "var"
        and children[1].type == "get_attr"
    ):
        return converter.text(children[1]).lstrip(".").strip()
    return None


def regex_literals(source: str) -> tuple[RawRegex, ...]:
    """Every ``regex(...)``/``regexall(...)`` literal pattern, even in unsupported conditions."""
    converter = _Converter(source)
    tree = parse_hcl(converter.encoded + b"\n")
    found: list[RawRegex] = []
    for node in _walk(tree.root_node):
        if node.type != "function_call" or node.has_error:
            continue
        if converter.text(node.children[0]) not in ("regex", "regexall"):
            continue
        arguments = [c for c in node.children if c.type == "function_arguments"]
        expressions = (
            [c for c in arguments[0].children if c.type == "expression"] if arguments else []
        )
        first = expressions[0].children if expressions else []
        if len(first) != 1 or first[0].type != "literal_value":
            continue
        string = first[0].children[0]
        if string.type != "string_lit":
            continue
        try:
            pattern = decode_string(converter.between_quotes(string))
        except _Unsupported:
            continue
        variable = _variable_of(converter, expressions[1]) if len(expressions) > 1 else None
        start, end = converter.span(string)
        if 0 <= start < end <= len(source):
            found.append(RawRegex(pattern, variable, start, end))
    return tuple(found)


def variable_references(source: str) -> frozenset[str]:
    """Every ``var.NAME`` the condition mentions, wherever it is."""
    converter = _Converter(source)
    tree = parse_hcl(converter.encoded + b"\n")
    names: set[str] = set()
    for node in _walk(tree.root_node):
        if node.type != "variable_expr" or converter.text(node) != "var":
            continue
        following = node.next_sibling
        if following is not None and following.type == "get_attr":
            name = converter.text(following).lstrip(".").strip()
            if name:
                names.add(name)
    return frozenset(names)
