"""The rule pages are generated from the registry and agree with the SARIF help links."""

from __future__ import annotations

import re

from t9lint.docs import explain, help_uri, markdown_page, rule_table
from t9lint.rules.base import all_rules


def test_markdown_page_has_an_anchor_and_section_for_every_rule() -> None:
    rules = list(all_rules())
    page = markdown_page(rules)
    anchors = set(re.findall(r'<a id="([a-z0-9]+)"></a>', page))
    assert anchors == {rule.code.lower() for rule in rules}
    for rule in rules:
        assert f"## {rule.code} {rule.name}\n" in page


def test_every_help_uri_points_at_an_anchor_of_the_page() -> None:
    rules = list(all_rules())
    page = markdown_page(rules)
    for rule in rules:
        uri = help_uri(rule)
        document, _, fragment = uri.partition("#")
        assert document == "docs/rules.md"
        assert f'<a id="{fragment}"></a>' in page


def test_rule_table_has_one_aligned_line_per_rule() -> None:
    rules = list(all_rules())
    lines = rule_table(rules).splitlines()
    assert [line.split()[0] for line in lines] == [rule.code for rule in rules]
    column = 5 + 2 + max(len(rule.name) for rule in rules) + 2
    for line, rule in zip(lines, rules, strict=True):
        assert line[column:].startswith(rule.severity.value), line


def test_explain_says_whether_a_rule_can_be_suppressed() -> None:
    by_code = {rule.code: rule for rule in all_rules()}
    assert "Suppressible: no" in explain(by_code["T9001"])
    suppressible = [rule for rule in by_code.values() if rule.suppressible]
    assert "Suppressible: yes" in explain(suppressible[0])


def test_empty_rule_table_is_empty() -> None:
    assert rule_table([]) == ""
