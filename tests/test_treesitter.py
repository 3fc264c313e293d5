"""The shared parsers: one tree per distinct text, rebuilt for any other text."""

from __future__ import annotations

from cmdlib.treesitter import parse_bash, parse_hcl, problem_nodes


def test_the_same_hcl_text_is_parsed_once_and_shared() -> None:
    source = b'name = "disk-usage"\n'
    assert parse_hcl(source) is parse_hcl(bytes(source))


def test_a_different_text_gets_its_own_tree() -> None:
    first = parse_bash(b"df -h\n")
    second = parse_bash(b"rm -rf /tmp/x\n")
    assert first is not second
    assert second.root_node.text == b"rm -rf /tmp/x\n"


def test_a_shared_tree_still_reports_its_syntax_errors() -> None:
    broken = b'echo "$(ls\n'
    assert problem_nodes(parse_bash(broken).root_node)
    assert problem_nodes(parse_bash(broken).root_node)
    assert not problem_nodes(parse_bash(b"echo ok\n").root_node)
