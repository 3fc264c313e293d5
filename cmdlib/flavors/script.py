"""The script flavor: the embedded metadata block, then a bash body.

The body is everything after the closing ``TENSOR9`` line. It is parsed by
tree-sitter-bash in place (the metadata blanked), so its ERROR/MISSING nodes become
``shell-syntax`` diagnostics at file positions, and its ``$X``/``${X}`` expansions
become the interpolations of the body snippet.
"""

from __future__ import annotations

from cmdlib.flavors import FlavorParts
from cmdlib.flavors.embedded import read_embedded
from cmdlib.hclparse import error_anchor, node_span, node_text
from cmdlib.model import Diagnostic
from cmdlib.positions import SourceText, blank_outside
from cmdlib.snippets import SCRIPT_BODY, range_snippet
from cmdlib.treesitter import problem_nodes


def parse_script(source: SourceText) -> FlavorParts:
    embedded = read_embedded(source)
    diagnostics = list(embedded.diagnostics)
    start = (
        source.byte_of_line_start(embedded.rest_line)
        if embedded.rest_line <= len(source.lines)
        else len(source.data)
    )
    end = len(source.data)
    body, root = range_snippet(
        source, start, end, SCRIPT_BODY, blank_outside(source.data, start, end)
    )
    for problem in problem_nodes(root):
        node = problem if problem.is_missing else error_anchor(problem)
        excerpt = node_text(node, source).split("\n", 1)[0].strip()[:40]
        what = f"missing {node.type!r}" if problem.is_missing else f"cannot parse {excerpt!r}"
        diagnostics.append(
            Diagnostic(
                "shell-syntax",
                f"bash syntax error in the script body: {what}",
                node_span(node, source),
                hint="Run bash -n on the script to see the full error.",
            )
        )
    return FlavorParts(
        metadata=embedded.metadata,
        variables=embedded.variables,
        blocks=embedded.blocks,
        script_body=body,
        snippets=(body,),
        diagnostics=tuple(diagnostics),
    )
