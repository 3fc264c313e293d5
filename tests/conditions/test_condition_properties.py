"""Properties over generated input: nothing raises, offsets and analyses agree with matching."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from cmdlib.conditions import evaluate, find_regexes, parse_condition
from cmdlib.hclexpr import decode_string
from cmdlib.regexes import admitted_characters, is_anchored, re2_matches, translate_re2

PROPERTY = settings(max_examples=150, deadline=None)

# Fragments that make generated text look like conditions often enough to go deep.
CONDITION_PIECES = st.sampled_from(
    [
        "var.X",
        "var.N",
        "var.B",
        "can(",
        "regex(",
        "length(",
        "contains(",
        "startswith(",
        "endswith(",
        "try(",
        "tonumber(",
        ")",
        "(",
        "[",
        "]",
        ",",
        " && ",
        " || ",
        "!",
        "-",
        " == ",
        " != ",
        " < ",
        " >= ",
        '"',
        '"^[a-z]+$"',
        '"\\\\d"',
        '""',
        "1",
        "2.5",
        "true",
        "null",
        "local.x",
        "${",
        "}",
        "[for x in var.L: x]",
        "? :",
        "...",
        "é",
        "\n",
        "#",
        "%{",
    ]
)
VALUES = st.fixed_dictionaries(
    {},
    optional={
        "X": st.text(max_size=8),
        "N": st.integers(-5, 5) | st.floats(allow_nan=False, allow_infinity=False),
        "B": st.booleans(),
    },
)


@PROPERTY
@given(st.lists(CONDITION_PIECES, max_size=12).map("".join), VALUES)
def test_evaluate_never_raises_on_condition_like_text(
    source: str, values: dict[str, object]
) -> None:
    result = evaluate(source, values)  # type: ignore[arg-type]
    assert result.status in ("true", "false", "not-evaluable")
    if result.status == "not-evaluable":
        assert result.reason


@PROPERTY
@given(st.text(max_size=40), VALUES)
def test_evaluate_never_raises_on_arbitrary_text(source: str, values: dict[str, object]) -> None:
    assert evaluate(source, values).status in ("true", "false", "not-evaluable")  # type: ignore[arg-type]
    parse_condition(source)


PATTERN_TEXT = st.text(alphabet=st.sampled_from(list('ab"é\\$^.*+|()[]-dnu0{}, ')), max_size=12)


@PROPERTY
@given(PATTERN_TEXT, st.sampled_from(["var.X", '"abc"', "var.Y.z"]), st.text(max_size=10))
def test_find_regexes_offsets_slice_the_source_to_the_pattern_literal(
    pattern: str, subject: str, prefix: str
) -> None:
    source = f'{prefix} && can(regex("{pattern}", {subject}))'
    for use in find_regexes(source):
        literal = source[use.start : use.end]
        assert literal.startswith('"') and literal.endswith('"')
        assert decode_string(literal[1:-1]) == use.pattern


def test_find_regexes_reports_pattern_variable_and_offsets() -> None:
    source = 'can(regex("^[a-z]\\\\d+$", var.X)) && length(regexall("é", var.Y.z)) > 0'
    uses = find_regexes(source)
    assert [use.pattern for use in uses] == ["^[a-z]\\d+$", "é"]
    assert [use.variable for use in uses] == ["X", None]
    assert source[uses[1].start : uses[1].end] == '"é"'


def test_find_regexes_skips_computed_patterns_and_finds_them_in_unsupported_code() -> None:
    assert find_regexes("can(regex(var.P, var.X))") == ()
    assert find_regexes('can(regex("${var.P}", var.X))') == ()
    inside_for = find_regexes('alltrue([for s in var.L : can(regex("^a$", s))])')
    assert [use.pattern for use in inside_for] == ["^a$"]


RE2_TEXT = st.text(
    alphabet=st.sampled_from(list("ab;'\n .*+?|()[]^$-\\dswAzQE{}1,i:")), max_size=10
)
SUBJECTS = st.text(alphabet=st.sampled_from(list("ab;'\n .-_1A")), max_size=8)


@PROPERTY
@given(RE2_TEXT, SUBJECTS)
def test_every_match_uses_only_admitted_characters(pattern: str, subject: str) -> None:
    translated = translate_re2(pattern)
    if not isinstance(translated, str):
        assert admitted_characters(pattern) is None
        return
    admitted = admitted_characters(pattern)
    assert admitted is not None
    for found in re.finditer(translated, subject):
        assert set(found.group(0)) <= admitted, (translated, found.group(0))


@PROPERTY
@given(RE2_TEXT, SUBJECTS)
def test_anchored_patterns_match_only_whole_text(pattern: str, subject: str) -> None:
    translated = translate_re2(pattern)
    if not isinstance(translated, str):
        return
    report = is_anchored(pattern)
    for found in re.finditer(translated, subject):
        if report.start:
            assert found.start() == 0
        if report.end:
            assert found.end() == len(subject)


@PROPERTY
@given(RE2_TEXT, SUBJECTS)
def test_linear_matcher_agrees_with_the_python_translation(pattern: str, subject: str) -> None:
    translated = translate_re2(pattern)
    found = re2_matches(pattern, subject)
    if not isinstance(translated, str):
        assert found == translated
        return
    assert found == (re.search(translated, subject) is not None)
