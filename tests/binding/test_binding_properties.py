"""Properties of binding over generated arguments: only BindingError, and forms agree."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cmdlib.binding import bind, coerce_number, render_value
from cmdlib.errors import BindingError
from cmdlib.model import Span, Validation, Variable

PROPERTY = settings(max_examples=150, deadline=None)
SPAN = Span(1, 1, 1, 2)


def _variable(name: str, type_: str, condition: str | None = None) -> Variable:
    validations = (Validation(condition, SPAN, f"{name} is invalid", SPAN),) if condition else ()
    return Variable(name, SPAN, SPAN, type_, None, None, False, validations)


VARIABLES = [
    _variable("NAME", "string", 'can(regex("^[a-z][a-z0-9-]*$", var.NAME))'),
    _variable("COUNT", "number", "var.COUNT >= 0 && var.COUNT <= 10"),
    _variable("PATH", "string", 'startswith(var.PATH, "/")'),
]
ARGUMENT = st.text(alphabet=st.sampled_from(list("NAMECOUTPH=,/a1.-x ;\n")), max_size=16)


@PROPERTY
@given(st.lists(ARGUMENT, max_size=4), st.lists(ARGUMENT, max_size=2))
def test_bind_raises_only_binding_errors(var_args: list[str], vars_args: list[str]) -> None:
    try:
        bound = bind(VARIABLES, var_args, vars_args)
    except BindingError as error:
        assert error.message
        return
    assert set(bound.values) == {"NAME", "COUNT", "PATH"}


VALUE = st.text(alphabet=st.sampled_from(list("abc019-/=. ")), min_size=1, max_size=10)


@PROPERTY
@given(VALUE, st.integers(-3, 13), VALUE)
def test_var_and_vars_forms_bind_the_same_values(name: str, count: int, path: str) -> None:
    pieces = [f"NAME={name}", f"COUNT={count}", f"PATH={path}"]
    outcomes = []
    for var_args, vars_args in ((pieces, []), ([], [",".join(pieces)])):
        try:
            outcomes.append(bind(VARIABLES, var_args, vars_args).values)
        except BindingError as error:
            outcomes.append(type(error).__name__)
    if not any("=" in value for value in (name, path)):
        assert outcomes[0] == outcomes[1]


@PROPERTY
@given(st.integers(-(10**20), 10**20) | st.floats(allow_nan=False, allow_infinity=False))
def test_rendered_numbers_read_back_to_the_same_number(number: int | float) -> None:
    rendered = render_value(number)
    assert "e" not in rendered.lower()
    again = coerce_number("N", rendered, rendered)
    assert again == number
