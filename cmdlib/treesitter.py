"""The tree-sitter parsers (HCL and bash), built once per process on first use.

Every module that parses goes through here so that the grammars load once and the
import of tree-sitter stays off the start-up path of commands that never parse.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tree_sitter import Node, Parser, Tree


@cache
def hcl_parser() -> Parser:
    import tree_sitter
    import tree_sitter_hcl

    return tree_sitter.Parser(tree_sitter.Language(tree_sitter_hcl.language()))


@cache
def bash_parser() -> Parser:
    import tree_sitter
    import tree_sitter_bash

    return tree_sitter.Parser(tree_sitter.Language(tree_sitter_bash.language()))


# The loader, the rules and the classifier each parse the same file and snippets again;
# syntax trees are immutable, so the recent ones are shared instead of rebuilt.
_RECENT_TREES = 64


@lru_cache(maxsize=_RECENT_TREES)
def parse_hcl(source: bytes) -> Tree:
    return hcl_parser().parse(source)


@lru_cache(maxsize=_RECENT_TREES)
def parse_bash(source: bytes) -> Tree:
    return bash_parser().parse(source)


def problem_nodes(root: Node) -> list[Node]:
    """Every ERROR or MISSING node under ``root``, outermost first, in source order."""
    found: list[Node] = []
    stack = [root]
    while stack:
        node = stack.pop()
        if node.is_error or node.is_missing:
            found.append(node)
            continue
        if node.has_error:
            stack.extend(reversed(node.children))
    return found
