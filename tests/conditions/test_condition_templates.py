"""Conditions of real templates, as the loader extracts them, evaluate and bind."""

from __future__ import annotations

from pathlib import Path

import pytest

from cmdlib.binding import bind
from cmdlib.conditions import Condition, NotEvaluable, find_regexes, parse_condition
from cmdlib.errors import BindingError
from cmdlib.loader import load_bytes
from cmdlib.model import Template, flavor_of
from cmdlib.regexes import translate_re2

DATA = Path(__file__).parent.parent / "data" / "conditions"
LIBRARY = Path(__file__).parent.parent.parent / "cmdlib" / "library"


def _load(name: str) -> Template:
    path = DATA / name
    template = load_bytes(path, path.read_bytes())
    assert template.ok, template.diagnostics
    return template


EVERY_IDIOM = "validations-of-every-idiom.t9.tf"


def test_every_condition_of_the_idiom_template_is_inside_the_subset() -> None:
    template = _load(EVERY_IDIOM)
    conditions = [v.condition for var in template.variables for v in var.validations]
    assert len(conditions) == 5
    for condition in conditions:
        assert isinstance(parse_condition(condition), Condition), condition


def test_idiom_template_binds_good_values_and_its_defaults() -> None:
    template = _load(EVERY_IDIOM)
    bound = bind(template.variables, ["NAMESPACE=kube-system"], ["LINES=20,SUFFIX=.log"])
    assert bound.values == {
        "NAMESPACE": "kube-system",
        "LOG_PATH": "/var/log",
        "LEVEL": "info",
        "LINES": 20,
        "SUFFIX": ".log",
    }
    assert bound.sources["LOG_PATH"] == "default"


@pytest.mark.parametrize(
    ("var_args", "message"),
    [
        (["NAMESPACE=Kube"], "NAMESPACE must be a DNS label"),
        (["NAMESPACE=kube-"], "NAMESPACE must be a DNS label"),
        (["NAMESPACE=a\n"], "NAMESPACE must be a DNS label"),
        (["NAMESPACE=a", "LOG_PATH=var/log"], "LOG_PATH must be absolute"),
        (["NAMESPACE=a", "LOG_PATH=/var/log/"], "LOG_PATH must be absolute"),
        (["NAMESPACE=a", "LEVEL=trace"], "LEVEL must be debug, info or warn"),
        (["NAMESPACE=a", "LINES=0"], "LINES must be between 1 and 10000"),
        (["NAMESPACE=a", "LINES=10001"], "LINES must be between 1 and 10000"),
        (["NAMESPACE=a", "SUFFIX=log"], "SUFFIX must be empty or like .log"),
        (["NAMESPACE=a", "SUFFIX=.abcdefgh"], "SUFFIX must be empty or like .log"),
        (["NAMESPACE=a", "SUFFIX=.log;id"], "SUFFIX must be empty or like .log"),
    ],
)
def test_idiom_template_refuses_values_its_validations_refuse(
    var_args: list[str], message: str
) -> None:
    with pytest.raises(BindingError) as caught:
        bind(_load(EVERY_IDIOM).variables, var_args)
    assert message in caught.value.message


def test_regex_offsets_point_into_the_template_file() -> None:
    template = _load(EVERY_IDIOM)
    data = template.text.encode()
    for variable in template.variables:
        for validation in variable.validations:
            span = validation.condition_span
            assert data[span.start_byte : span.end_byte].decode() == validation.condition
            for use in find_regexes(validation.condition):
                literal = validation.condition[use.start : use.end]
                assert literal.startswith('"') and literal.endswith('"')
                assert use.variable == variable.name


def test_template_with_a_condition_outside_the_subset_is_refused_unless_allowed() -> None:
    template = _load("validation-outside-the-subset.t9.sh")
    parsed = parse_condition(template.variables[0].validations[0].condition)
    assert isinstance(parsed, NotEvaluable)
    assert "cidrhost()" in parsed.reason
    with pytest.raises(BindingError) as caught:
        bind(template.variables, ["SUBNET=10.0.0.0/24"])
    assert "not evaluable" in caught.value.message
    bound = bind(template.variables, ["SUBNET=10.0.0.0/24"], allow_unevaluable=True)
    assert bound.values == {"SUBNET": "10.0.0.0/24"}
    assert [entry[0] for entry in bound.unchecked] == ["SUBNET"]


def _library_templates() -> list[Path]:
    return sorted(path for path in LIBRARY.rglob("*") if path.is_file() and flavor_of(path))


def test_bundled_library_has_templates_to_check() -> None:
    assert len(_library_templates()) >= 10


@pytest.mark.parametrize("path", _library_templates(), ids=lambda p: p.name)
def test_bundled_library_conditions_are_evaluable_and_translatable(path: Path) -> None:
    template = load_bytes(path, path.read_bytes())
    for variable in template.variables:
        for validation in variable.validations:
            assert isinstance(parse_condition(validation.condition), Condition)
            for use in find_regexes(validation.condition):
                assert isinstance(translate_re2(use.pattern), str), use.pattern
