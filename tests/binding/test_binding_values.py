"""--var/--vars values bind to declared variables, or are refused with a clear message."""

from __future__ import annotations

import pytest

from cmdlib.binding import BoundValues, bind
from cmdlib.errors import BindingError, UsageError
from cmdlib.model import Expression, HclValue, Span, Validation, Variable

SPAN = Span(1, 1, 1, 2)


def variable(
    name: str,
    type_: str | None = "string",
    *,
    default: HclValue = None,
    has_default: bool = False,
    conditions: tuple[tuple[str, str | None], ...] = (),
) -> Variable:
    validations = tuple(
        Validation(condition, SPAN, message, SPAN) for condition, message in conditions
    )
    return Variable(name, SPAN, SPAN, type_, None, default, has_default, validations)


SERVICE = variable(
    "SERVICE",
    conditions=(('can(regex("^[A-Za-z0-9@._-]+$", var.SERVICE))', "SERVICE must be a unit"),),
)
PORT = variable(
    "PORT",
    "number",
    default=8080,
    has_default=True,
    conditions=(("var.PORT >= 1 && var.PORT <= 65535", "PORT must be 1 to 65535"),),
)
MOUNT = variable("MOUNT_PREFIX", default="/", has_default=True)


def _error(*args: object, **kwargs: object) -> BindingError:
    with pytest.raises(BindingError) as caught:
        bind(*args, **kwargs)  # type: ignore[arg-type]
    return caught.value


# --- what binds ------------------------------------------------------------------------


def test_var_value_may_contain_equals_and_commas() -> None:
    bound = bind([MOUNT], ["MOUNT_PREFIX=/a=b,c"])
    assert bound.values == {"MOUNT_PREFIX": "/a=b,c"}
    assert bound.sources == {"MOUNT_PREFIX": "var"}


def test_vars_comma_form_binds_several_values() -> None:
    bound = bind([SERVICE, PORT, MOUNT], vars_args=["SERVICE=nginx,PORT=443"])
    assert bound.values == {"SERVICE": "nginx", "PORT": 443, "MOUNT_PREFIX": "/"}
    assert bound.sources == {"SERVICE": "vars", "PORT": "vars", "MOUNT_PREFIX": "default"}


def test_defaults_apply_and_are_validated_like_given_values() -> None:
    assert bind([PORT]).values == {"PORT": 8080}
    bad_default = variable(
        "N", "number", default=0, has_default=True, conditions=(("var.N > 0", "N > 0"),)
    )
    assert "N > 0" in _error([bad_default]).message


def test_number_values_are_ints_or_floats_and_render_like_opentofu() -> None:
    bound = bind(
        [variable("A", "number"), variable("B", "number"), variable("C", "number")],
        ["A=42", "B=2.50", "C=1e3"],
    )
    assert bound.values == {"A": 42, "B": 2.5, "C": 1000.0}
    assert bound.as_strings() == {"A": "42", "B": "2.5", "C": "1000"}


def test_bool_values_render_as_true_false() -> None:
    bound = bind([variable("DRY_RUN", "bool")], ["DRY_RUN=true"])
    assert bound.values == {"DRY_RUN": True}
    assert bound.as_strings() == {"DRY_RUN": "true"}


def test_bool_accepts_1_and_0_as_opentofu_does() -> None:
    bound = bind([variable("A", "bool"), variable("B", "bool")], ["A=1", "B=0"])
    assert bound.values == {"A": True, "B": False}
    assert bound.as_strings() == {"A": "true", "B": "false"}


def test_string_values_are_bound_in_unicode_normal_form_c() -> None:
    assert bind([MOUNT], ["MOUNT_PREFIX=/caf\u0065\u0301"]).values == {"MOUNT_PREFIX": "/caf\u00e9"}


def test_untyped_variable_takes_the_text_as_given() -> None:
    assert bind([variable("X", None)], ["X=007"]).values == {"X": "007"}


def test_number_default_written_as_string_is_converted() -> None:
    bound = bind([variable("N", "number", default="5", has_default=True)])
    assert bound.values == {"N": 5}


def test_null_default_leaves_the_variable_unset() -> None:
    assert bind([variable("X", default=None, has_default=True)]).values == {}


def test_cross_variable_validation_sees_every_value() -> None:
    low = variable("LOW", "number")
    high = variable("HIGH", "number", conditions=(("var.HIGH > var.LOW", "HIGH above LOW"),))
    assert bind([low, high], ["LOW=1", "HIGH=2"]).values == {"LOW": 1, "HIGH": 2}
    assert "HIGH above LOW" in _error([low, high], ["LOW=3", "HIGH=2"]).message


def test_allow_unevaluable_binds_and_lists_what_was_not_checked() -> None:
    odd = variable("X", conditions=(("can(cidrhost(var.X, 0))", "X must be a CIDR block"),))
    bound = bind([odd], ["X=abc"], allow_unevaluable=True)
    assert isinstance(bound, BoundValues)
    assert bound.values == {"X": "abc"}
    assert len(bound.unchecked) == 1
    assert bound.unchecked[0][0] == "X"
    assert "cidrhost()" in bound.unchecked[0][2]


# --- what is refused -------------------------------------------------------------------


def test_validation_failure_quotes_error_message_and_variable() -> None:
    error = _error([PORT], ["PORT=70000"])
    assert "PORT" in error.message
    assert "PORT must be 1 to 65535" in error.message
    assert isinstance(error, UsageError)
    assert error.exit_code == 2


def test_regex_validation_refuses_shell_metacharacters() -> None:
    assert "SERVICE must be a unit" in _error([SERVICE], ["SERVICE=nginx;reboot"]).message


def test_regex_validation_refuses_a_trailing_newline() -> None:
    assert "SERVICE must be a unit" in _error([SERVICE], ["SERVICE=nginx\n"]).message


def test_unevaluable_validation_is_refused_by_default() -> None:
    odd = variable("X", conditions=(("can(cidrhost(var.X, 0))", "X must be a CIDR block"),))
    error = _error([odd], ["X=abc"])
    assert "cidrhost()" in error.message and "X" in error.message
    assert error.hint is not None and "allow-unevaluable" in error.hint


def test_var_without_equals_is_refused() -> None:
    error = _error([SERVICE], ["SERVICE"])
    assert "NAME=VALUE" in error.message


def test_var_with_empty_name_is_refused() -> None:
    assert "NAME=VALUE" in _error([SERVICE], ["=nginx"]).message


def test_vars_piece_without_equals_is_ambiguous_and_suggests_var() -> None:
    error = _error([MOUNT, SERVICE], vars_args=["MOUNT_PREFIX=/a,b,SERVICE=x"])
    assert "ambiguous" in error.message
    assert error.hint is not None and "--var NAME=VALUE" in error.hint


def test_vars_trailing_comma_is_refused() -> None:
    assert "ambiguous" in _error([SERVICE], vars_args=["SERVICE=nginx,"]).message


def test_vars_value_with_comma_and_equals_is_caught_as_unknown_name() -> None:
    error = _error([MOUNT], vars_args=["MOUNT_PREFIX=a,opt=b"])
    assert "'opt'" in error.message
    assert error.hint is not None and "--var NAME=VALUE" in error.hint


def test_same_name_twice_names_both_arguments() -> None:
    error = _error([SERVICE], ["SERVICE=a"], ["SERVICE=b"])
    assert "--var SERVICE=a" in error.message and "--vars SERVICE=b" in error.message


def test_same_name_twice_within_vars_is_refused() -> None:
    assert "twice" in _error([SERVICE], vars_args=["SERVICE=a,SERVICE=b"]).message


def test_unknown_name_suggests_the_closest_declared_name() -> None:
    error = _error([SERVICE, MOUNT], ["SERVCE=nginx"])
    assert "'SERVCE'" in error.message and "did you mean 'SERVICE'" in error.message


def test_unknown_name_differing_in_case_suggests_the_declared_spelling() -> None:
    error = _error([SERVICE], ["service=nginx"])
    assert "did you mean 'SERVICE'" in error.message


def test_all_unknown_names_are_named_at_once() -> None:
    error = _error([SERVICE], ["A=1", "B=2"])
    assert "'A'" in error.message and "'B'" in error.message


def test_all_missing_required_variables_are_named_at_once() -> None:
    error = _error([SERVICE, variable("NAMESPACE"), MOUNT])
    assert "SERVICE, NAMESPACE" in error.message
    assert "MOUNT_PREFIX" not in error.message


@pytest.mark.parametrize(
    "raw", ["", "nan", "NaN", "inf", "-Inf", "0x10", " 5", "5 ", "1_000", "five", "1e999", "--1"]
)
def test_number_variable_refuses_what_is_not_a_finite_decimal(raw: str) -> None:
    error = _error([variable("N", "number")], [f"N={raw}"])
    assert "not a finite decimal number" in error.message


@pytest.mark.parametrize("raw", ["True", "FALSE", "yes", "", "2", " true"])
def test_bool_variable_refuses_anything_but_true_false(raw: str) -> None:
    assert "neither true nor false" in _error([variable("B", "bool")], [f"B={raw}"]).message


def test_complex_typed_variable_cannot_be_given_on_the_command_line() -> None:
    assert "list(string)" in _error([variable("L", "list(string)")], ["L=a"]).message


def test_non_literal_default_is_refused() -> None:
    broken = variable("X", default=Expression("timestamp()"), has_default=True)
    assert "not a literal" in _error([broken]).message


def test_failures_of_several_variables_are_reported_together() -> None:
    error = _error([SERVICE, PORT], ["SERVICE=a b", "PORT=0"])
    assert "SERVICE must be a unit" in error.message and "PORT must be 1" in error.message
