"""The bundled library is the reference of a good template: these rule families find
nothing in it (a finding there is a bug in the rule or in the template, never noise)."""

from __future__ import annotations

from pathlib import Path

import pytest

import cmdlib
from cmdlib.loader import load_file
from cmdlib.naming import find_templates
from t9lint.rules.base import RuleContext, all_rules

FAMILIES = ("T91", "T92", "T93", "T95", "T96")
LIBRARY = Path(cmdlib.__file__).parent / "library"
TEMPLATES = find_templates(LIBRARY)


def test_the_library_is_large_enough_to_mean_something() -> None:
    assert len(TEMPLATES) >= 20
    assert {p.name.split(".")[-1] for p in TEMPLATES} == {"tf", "sh", "kubectl"}


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.relative_to(LIBRARY).as_posix())
def test_no_finding_on_a_bundled_template(path: Path) -> None:
    template = load_file(path)
    ctx = RuleContext(template, path.relative_to(LIBRARY).as_posix())
    findings = [
        finding
        for rule in all_rules()
        if rule.code.startswith(FAMILIES) and rule.check_file is not None
        for finding in rule.check_file(ctx)
    ]
    assert [f"{f.line}:{f.column} {f.code} {f.message}" for f in findings] == []


def test_no_id_collision_in_the_library() -> None:
    contexts = [RuleContext(load_file(p), p.as_posix()) for p in TEMPLATES]
    tree_rules = [r for r in all_rules() if r.code.startswith(FAMILIES) and r.check_tree]
    assert tree_rules, "the id-collision rule is registered"
    assert [f for r in tree_rules if r.check_tree for f in r.check_tree(contexts)] == []
