"""The evaluator agrees with a real OpenTofu-family evaluator on recorded vectors.

``tests/data/conditions/terraform-console-vectors.json`` holds what ``terraform console``
answered for each condition and values (regenerate with
``tests/conditions/generate_terraform_vectors.py``). "error" means the evaluation fails,
which refuses the value: ``evaluate`` must say "false" with a reason. A case the evaluator
declines ("not-evaluable") must be listed in ``DECLINED`` with why, so that declining more
than we mean to fails the test.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cmdlib.binding import bind, coerce_number
from cmdlib.conditions import InputValue, evaluate
from cmdlib.errors import BindingError
from cmdlib.model import Span, Variable

VECTORS = Path(__file__).parent.parent / "data" / "conditions" / "terraform-console-vectors.json"
DOCUMENT = json.loads(VECTORS.read_text(encoding="utf-8"))

# condition -> why the evaluator does not decide it (a fail-closed answer, never "true")
DECLINED: dict[str, str] = {
    "false && var.X > 3": "right side fails; OpenTofu versions differ on short-circuit",
    'regex("^(?P<n>a)", var.X) == {n = "a"}': "object constructors are outside the subset",
    'can(regex("(?P<n>a)(?P<n>b)", var.X))': "Python rejects a repeated group name",
    'can(regex("\\\\p{Greekk}", var.X))': "unknown class names are not told apart from scripts",
}


def _variable(name: str, kind: str) -> Variable:
    span = Span(1, 1, 1, 2)
    return Variable(name, span, span, kind, None, None, False)


def _values(vector: dict[str, Any]) -> dict[str, InputValue]:
    values: dict[str, InputValue] = {}
    for name, raw in vector["values"].items():
        kind = vector["types"][name]
        if kind == "number":
            values[name] = coerce_number(name, raw, raw)
        elif kind == "bool":
            bound = bind([_variable(name, kind)], [f"{name}={raw}"]).values[name]
            assert isinstance(bound, bool)
            values[name] = bound
        else:
            values[name] = raw
    return values


def _id(vector: dict[str, Any]) -> str:
    return f"{vector['condition']} {vector['values']}"


@pytest.mark.parametrize("vector", DOCUMENT["vectors"], ids=_id)
def test_evaluation_agrees_with_recorded_answer(vector: dict[str, Any]) -> None:
    try:
        values = _values(vector)
    except BindingError:
        # A value OpenTofu refuses before evaluating anything must be refused by binding.
        assert vector["result"] == "error"
        return
    result = evaluate(vector["condition"], values)
    if vector["condition"] in DECLINED:
        assert result.status == "not-evaluable"
        return
    expected = {"true": "true", "false": "false", "error": "false"}[vector["result"]]
    assert result.status == expected, result.reason
    if vector["result"] == "error":
        assert result.reason is not None and "fail" in result.reason


def test_vectors_cover_every_answer_kind() -> None:
    answers = {vector["result"] for vector in DOCUMENT["vectors"]}
    assert answers == {"true", "false", "error"}
    assert len(DOCUMENT["vectors"]) >= 100
