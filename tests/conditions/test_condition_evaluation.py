"""Validation conditions evaluate as OpenTofu would, and never silently pass outside the subset."""

from __future__ import annotations

import pytest

from cmdlib.conditions import (
    Condition,
    Evaluation,
    NotEvaluable,
    evaluate,
    parse_condition,
    referenced_variables,
)

Values = dict[str, str | int | float | bool]

TRUE_CASES: list[tuple[str, Values]] = [
    ('can(regex("^[a-z0-9-]+$", var.X))', {"X": "web-01"}),
    ('can(regex("[0-9]", var.X))', {"X": "abc1def"}),  # unanchored: a partial match is enough
    ('startswith(var.X, "/")', {"X": "/var/log"}),
    ('endswith(var.X, ".log")', {"X": "/var/log/syslog.log"}),
    ('contains(["a", "b"], var.X)', {"X": "b"}),
    ("contains([1, 2, 3], var.N)", {"N": 2}),
    ("var.N >= 1 && var.N <= 100", {"N": 100}),
    ("var.N > 0.5", {"N": 0.75}),
    ("var.N != 0", {"N": -3}),
    ('var.X == ""', {"X": ""}),
    ('var.X == "" || can(regex("^[a-z]+$", var.X))', {"X": ""}),
    ("length(var.X) <= 3", {"X": "abc"}),
    ("length([1, 2]) == 2", {}),
    ("!(var.N < 0)", {"N": 0}),
    ("(var.N > 1) && (var.N < 3)", {"N": 2}),
    ("var.S > 3", {"S": "10"}),  # a string converts to a number for comparisons
    ('"true"', {}),  # the result converts to bool like OpenTofu does
    ("var.X || false", {"X": "1"}),  # cty converts "1" and "0" to bool
    ("-var.N < 0", {"N": 3}),
    ('"${var.X}-suffix" == "a-suffix"', {"X": "a"}),
    ('regex("^a(b)?", var.X) == ["b"]', {"X": "abc"}),  # capture groups give a list
    ('length(regex("^a(b)?(c)?", var.X)) == 2', {"X": "a"}),
    ('regex("^a", var.X) == "a"', {"X": "abc"}),
    ('length(regexall("a*", var.X)) == 2', {"X": "baaa"}),  # Go skips the abutting empty match
    ('try(regex("^z", var.X), "none") == "none"', {"X": "abc"}),
    ("tonumber(var.S) == 5", {"S": "5"}),
    ('startswith(var.N, "4")', {"N": 42}),  # numbers convert to strings for string functions
    ("var.FLAG", {"FLAG": True}),
    ("var.N == 5.0", {"N": 5}),
    ('trimspace(var.X) == "a"', {"X": "\u00a0 a\t"}),  # Go's unicode.IsSpace set
    ("floor(var.N) == var.N", {"N": 3}),
    ("ceil(var.N) == 4 && floor(var.N) == 3", {"N": 3.2}),
    ("abs(var.N) == 2 && max(var.N, 1, -5) == 1 && min(var.N, 0) == -2", {"N": -2}),
    ('var.MODE == "any" ? true : can(regex("^[a-z]+$", var.X))', {"MODE": "any", "X": "A;"}),
    ('var.MODE == "any" ? true : can(regex("^[a-z]+$", var.X))', {"MODE": "one", "X": "ab"}),
    ('(var.A ? 1 : "x") == "1"', {"A": True}),  # number and string unify to string
    ("var.A ? true : var.X > 3", {"A": True, "X": "abc"}),  # the other branch's error is dropped
    ("length(var.X) == 1", {"X": "e\u0301"}),  # strings are NFC: e + acute is one character
    ('var.X == "\u00e9"', {"X": "e\u0301"}),
    ('var.X == "K"', {"X": "\u212a"}),  # KELVIN SIGN normalizes to K
    ('var.X == " "', {"X": " "}),  # spaces inside a string literal are part of it
    ('"a ${var.X} b" == "a x b"', {"X": "x"}),
    ('var.X == "$${x}"', {"X": "${x}"}),
]

FALSE_CASES: list[tuple[str, Values]] = [
    ('can(regex("^[a-z0-9-]+$", var.X))', {"X": "web 01"}),
    ('can(regex("^[a-z0-9-]+$", var.X))', {"X": "web-01\n"}),  # RE2 $ is end of text only
    ('can(regex("^[a-z]+$", var.X))', {"X": "abc\nrm -rf /"}),
    ('can(regex("(?m)^[a-z]+$", var.X))', {"X": "a;b\nc d"}),
    ('can(regex("\\\\d", var.X))', {"X": "\u0663"}),  # RE2 \d is ASCII only
    ('startswith(var.X, "/")', {"X": "var/log"}),
    ('endswith(var.X, ".log")', {"X": "syslog.log.gz"}),
    ('contains(["a", "b"], var.X)', {"X": "c"}),
    ('contains(["1", "2"], var.N)', {"N": 1}),  # contains compares without conversion
    ("var.N >= 1 && var.N <= 100", {"N": 101}),
    ("var.N >= 1 && var.N <= 100", {"N": 0}),
    ('var.N == "5"', {"N": 5}),  # == never converts types
    ('var.X == ""', {"X": " "}),
    ('var.X == " "', {"X": ""}),
    ('can(regex("^ $", var.X))', {"X": ""}),
    ("length(var.X) <= 3", {"X": "abcd"}),
    ("!(var.N < 0)", {"N": -1}),
    ("false || var.N > 9", {"N": 9}),
    ('trimspace(var.X) == "a"', {"X": "\x1ca"}),  # Python strips \x1c, Go does not
    ("floor(var.N) == var.N", {"N": 3.5}),
    ('var.MODE == "any" ? true : can(regex("^[a-z]+$", var.X))', {"MODE": "one", "X": "A;"}),
    ("(var.A ? 1 : null) == null", {"A": True}),
    # a failed string template has type string: the chosen 1 becomes "1"
    ('var.N == (var.A ? var.N : "x${tonumber(var.X)}")', {"A": True, "N": 1, "X": "a"}),
    ('"${var.N}" == "100"', {"N": 100}),  # a lone interpolation is the value, not a string
    ('regexall("a", var.X) == ["a"]', {"X": "a"}),  # a list never equals a tuple literal
    ('regex("^a(b)?", var.X) == [""]', {"X": "a"}),  # a group that did not match is null
    ('can(regex("(?=a)", var.X))', {"X": "a"}),  # RE2 rejects lookahead: regex fails
    ('can(regex("^[a-z", var.X))', {"X": "a"}),
    ('can(regex("^z", var.X))', {"X": "abc"}),
]

ERROR_CASES: list[tuple[str, Values, str]] = [
    ("var.S > 3", {"S": "abc"}, "a number is required"),
    ('regex("^z", var.X) == "z"', {"X": "abc"}, "did not match"),
    ("var.X && true", {"X": "yes"}, "a bool is required"),
    ("length(var.N) > 1", {"N": 12}, "length() needs"),
    ("null", {}, "a bool is required, got null"),
    ("var.A ? 1 : true", {"A": True}, "inconsistent conditional result types"),
    # the other result fails, but its type (bool) still does not unify with a number
    ('var.N == (var.A ? var.N : (var.N > "a"))', {"A": True, "N": 1}, "inconsistent"),
    ("var.X ? true : false", {"X": "yes"}, "a bool is required"),
    ("var.A ? var.X > 3 : true", {"A": True, "X": "abc"}, "a number is required"),
    ('contains("abc", var.X)', {"X": "a"}, "contains() needs a list"),
]

NOT_EVALUABLE_CASES: list[tuple[str, Values, str]] = [
    ("[for x in var.L: x] == []", {}, "for expression"),
    ("var.L[*].id == []", {"L": "x"}, "splat"),
    ("var.X[0] == 1", {"X": "a"}, "index expression"),
    ("var.X.y == 1", {"X": "a"}, "attribute access"),
    ("local.x == 1", {}, "local.x"),
    ("each.value == 1", {}, "each.value"),
    ('lower(var.X) == "é"', {"X": "É"}, "lower()"),
    ('sha256(var.X) == ""', {"X": "a"}, "sha256()"),
    ("max()", {}, "0 arguments"),
    ("var.Y == 1", {}, "var.Y has no value"),
    ('var.A ? ["a"] : ["b"]', {"A": True}, "conditional with collection results"),
    ("var.N + 1 > 2", {"N": 1}, "arithmetic operator +"),
    ("var.N * 2 > 2", {"N": 1}, "arithmetic operator *"),
    ("<<EOF\ntrue\nEOF", {}, "heredoc"),
    ("{a = 1} == {a = 1}", {}, "object constructor"),
    ('"%{if var.X}y%{endif}" == "y"', {"X": "a"}, "template directive"),
    ('can(regex("\\\\p{Greek}", var.X))', {"X": "a"}, "script"),
    ("length(var.X) == 1", {"X": "x\u0301"}, "combining"),  # no precomposed form
    ("contains(var.L...)", {"L": "a"}, "argument expansion"),
    ("can()", {}, "0 arguments"),
    ("var.X ==", {"X": "a"}, "syntax error"),
    ("", {}, "empty"),
    ("true\ny = 1", {}, "not one HCL expression"),
    ("0x10 > 1", {}, "number literal"),
    ("var.N > 1 || var.S > 3", {"N": 2, "S": "abc"}, "short-circuit"),
    ("provider::x::y(1)", {}, "provider::x::y()"),
]


@pytest.mark.parametrize(("source", "values"), TRUE_CASES)
def test_idiom_evaluates_true(source: str, values: Values) -> None:
    assert evaluate(source, values) == Evaluation("true")


@pytest.mark.parametrize(("source", "values"), FALSE_CASES)
def test_idiom_evaluates_false(source: str, values: Values) -> None:
    assert evaluate(source, values).status == "false"


@pytest.mark.parametrize(("source", "values", "expected"), ERROR_CASES)
def test_what_opentofu_fails_on_rejects_the_value_with_the_error(
    source: str, values: Values, expected: str
) -> None:
    result = evaluate(source, values)
    assert result.status == "false"
    assert result.reason is not None
    assert expected in result.reason


@pytest.mark.parametrize(("source", "values", "expected"), NOT_EVALUABLE_CASES)
def test_construct_outside_the_subset_is_not_evaluable_and_named(
    source: str, values: Values, expected: str
) -> None:
    result = evaluate(source, values)
    assert result.status == "not-evaluable"
    assert result.reason is not None
    assert expected in result.reason
    assert not result.passed


def test_can_catches_a_failing_comparison_inside_it() -> None:
    assert evaluate('can(var.S > 3) || var.S == "x"', {"S": "x"}).status == "true"
    assert evaluate("can(var.S > 3)", {"S": "abc"}).status == "false"


def test_parse_condition_returns_a_reusable_tree() -> None:
    parsed = parse_condition('var.N >= 1 && contains(["a"], var.X)')
    assert isinstance(parsed, Condition)
    assert parsed.variables == frozenset({"N", "X"})
    assert evaluate(parsed, {"N": 1, "X": "a"}).status == "true"
    assert evaluate(parsed, {"N": 0, "X": "a"}).status == "false"


def test_not_evaluable_points_at_the_construct_in_the_condition() -> None:
    source = "var.N > 1 && can(cidrhost(var.X, 0))"
    parsed = parse_condition(source)
    assert isinstance(parsed, NotEvaluable)
    assert source[parsed.start : parsed.end] == "cidrhost(var.X, 0)"


def test_not_evaluable_offsets_count_characters_not_bytes() -> None:
    source = 'var.X == "é" && local.y'
    parsed = parse_condition(source)
    assert isinstance(parsed, NotEvaluable)
    assert source[parsed.start : parsed.end] == "local"


def test_referenced_variables_include_those_in_unsupported_constructs() -> None:
    assert referenced_variables("[for x in var.L: x] == [] && var.Y.z") == {"L", "Y"}
    assert referenced_variables("local.var == 1") == frozenset()


def test_hcl_string_escapes_are_decoded_before_the_regex_sees_them() -> None:
    assert evaluate('can(regex("^a\\\\.b$", var.X))', {"X": "a.b"}).status == "true"
    assert evaluate('can(regex("^a\\\\.b$", var.X))', {"X": "axb"}).status == "false"
    assert evaluate('var.X == "tab\\there"', {"X": "tab\there"}).status == "true"
    assert evaluate('var.X == "\\u00e9"', {"X": "é"}).status == "true"


def test_comments_inside_a_multiline_condition_are_ignored() -> None:
    source = "(\n  var.N > 1 # lower bound\n  && var.N < 5\n)"
    assert evaluate(source, {"N": 3}).status == "true"
    assert evaluate(source, {"N": 7}).status == "false"


def test_deeply_nested_condition_is_not_evaluable_rather_than_an_exception() -> None:
    assert evaluate("!" * 3000 + "true", {}).status == "not-evaluable"
    assert evaluate("(" * 3000 + "true" + ")" * 3000, {}).status == "not-evaluable"
    assert isinstance(parse_condition("can(" * 500 + "true" + ")" * 500), NotEvaluable)


def test_numbers_longer_than_python_int_parsing_allows_still_compare() -> None:
    assert evaluate("var.N > " + "9" * 5000, {"N": 5}).status == "false"
    assert evaluate("var.S > 3", {"S": "9" * 5000}).status == "true"


def test_right_operand_is_converted_even_when_the_left_decides() -> None:
    # Terraform 1.11 converts both sides; newer HCL short-circuits: not evaluable either way.
    assert evaluate("var.N == 1 || var.X", {"N": 1, "X": "yes"}).status == "not-evaluable"
    assert evaluate("var.N == 1 && var.X", {"N": 2, "X": "yes"}).status == "not-evaluable"
    assert evaluate("var.N == 1 || var.X", {"N": 2, "X": "yes"}).status == "false"


def test_contains_refuses_a_null_value() -> None:
    result = evaluate("contains([var.X], null)", {"X": "a"})
    assert result.status == "false" and result.reason is not None


def test_negative_zero_keeps_its_sign_as_in_cty() -> None:
    assert evaluate('startswith(-var.N, "-0")', {"N": 0}).status == "true"
    assert evaluate("-var.N == 0", {"N": 0}).status == "true"


def test_catastrophic_validation_pattern_does_not_hang_on_a_long_value() -> None:
    condition = 'can(regex("^([a-z]+)+$", var.X))'
    assert evaluate(condition, {"X": "a" * 60 + "!"}).status == "false"
    assert evaluate(condition, {"X": "a" * 60}).status == "true"
