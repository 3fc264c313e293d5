"""Bind ``--var``/``--vars`` command-line values to a template's declared variables.

Every command that takes values goes through ``bind``. It splits the arguments, rejects
unknown, repeated and missing names (all of them at once, with suggestions), coerces
values to the declared type the way OpenTofu converts a ``-var`` string, applies
defaults, and then evaluates every validation condition with ``cmdlib.conditions``:
a value that fails is refused with the template's ``error_message``; a condition the
evaluator cannot decide is refused too unless the caller passes ``allow_unevaluable``,
in which case it is listed in ``BoundValues.unchecked`` for the caller to show.
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, TypeAlias

from cmdlib.conditions import evaluate, format_number, parse_number
from cmdlib.errors import BindingError
from cmdlib.model import Expression, Variable

BoundValue: TypeAlias = str | int | float | bool
Source: TypeAlias = Literal["var", "vars", "default"]

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_PRIMITIVES = (None, "string", "number", "bool", "any")


@dataclass(frozen=True)
class BoundValues:
    values: Mapping[str, BoundValue]
    sources: Mapping[str, Source]
    # (variable, condition, reason) for each validation not evaluated under allow_unevaluable
    unchecked: tuple[tuple[str, str, str], ...] = field(default=())

    def as_strings(self) -> dict[str, str]:
        """The values as they reach the environment: numbers and bools as OpenTofu renders them."""
        return {name: render_value(value) for name, value in self.values.items()}


def render_value(value: BoundValue) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return format_number(value)
    return value


@dataclass(frozen=True)
class _Given:
    name: str
    raw: str
    source: Source
    argument: str  # as the user wrote it, for messages


def bind(
    variables: Sequence[Variable],
    var_args: Sequence[str] = (),
    vars_args: Sequence[str] = (),
    *,
    allow_unevaluable: bool = False,
) -> BoundValues:
    """Values for every declared variable, or a ``BindingError`` naming what is wrong."""
    given = _split_arguments(var_args, vars_args)
    declared = {variable.name: variable for variable in variables}
    _reject_unknown(given, declared)
    values: dict[str, BoundValue] = {}
    sources: dict[str, Source] = {}
    for item in given:
        values[item.name] = _coerce(declared[item.name], item.raw, item.argument)
        sources[item.name] = item.source
    missing: list[str] = []
    for variable in variables:
        if variable.name in values:
            continue
        if not variable.has_default:
            missing.append(variable.name)
            continue
        default = _default_value(variable)
        if default is not None:
            values[variable.name] = default
            sources[variable.name] = "default"
    if missing:
        raise BindingError(
            f"missing required variable{'s' if len(missing) > 1 else ''}: {', '.join(missing)}",
            hint="give each with --var NAME=VALUE",
        )
    unchecked = _validate(variables, values, allow_unevaluable=allow_unevaluable)
    return BoundValues(values, sources, unchecked)


# --- splitting the arguments -----------------------------------------------------------


def _split_arguments(var_args: Sequence[str], vars_args: Sequence[str]) -> list[_Given]:
    given: list[_Given] = []
    for argument in var_args:
        name, equals, raw = argument.partition("=")
        if not equals or not _NAME.fullmatch(name):
            raise BindingError(
                f"--var {argument!r} is not NAME=VALUE",
                hint="write --var NAME=VALUE (the value may contain '=' and ',')",
            )
        given.append(_Given(name, raw, "var", f"--var {argument}"))
    for argument in vars_args:
        for piece in argument.split(","):
            name, equals, raw = piece.partition("=")
            if not equals or not _NAME.fullmatch(name):
                raise BindingError(
                    f"--vars {argument!r} is ambiguous: {piece!r} is not NAME=VALUE "
                    "(a value containing ',' cannot be given with --vars)",
                    hint="give that value with --var NAME=VALUE",
                )
            given.append(_Given(name, raw, "vars", f"--vars {piece}"))
    seen: dict[str, _Given] = {}
    for item in given:
        if item.name in seen:
            raise BindingError(
                f"{item.name} is given twice: {seen[item.name].argument!r} and {item.argument!r}",
                hint="give each variable once",
            )
        seen[item.name] = item
    return given


def _reject_unknown(given: Sequence[_Given], declared: Mapping[str, Variable]) -> None:
    unknown = [item for item in given if item.name not in declared]
    if not unknown:
        return
    parts: list[str] = []
    for item in unknown:
        by_case = [name for name in declared if name.lower() == item.name.lower()]
        close = by_case or difflib.get_close_matches(item.name, list(declared), n=1)
        parts.append(f"{item.name!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
    known = ", ".join(declared) or "none"
    noun = "variables" if len(unknown) > 1 else "variable"
    hint = f"the template declares: {known}"
    if any(item.source == "vars" for item in unknown):
        hint += "; a value containing ',' must be given with --var NAME=VALUE"
    raise BindingError(f"unknown {noun} {', '.join(parts)}", hint=hint)


# --- types -----------------------------------------------------------------------------


def _coerce(variable: Variable, raw: str, argument: str) -> BoundValue:
    kind = (variable.type or "any").strip()
    if kind not in _PRIMITIVES:
        raise BindingError(
            f"{variable.name} has type {kind}; only string, number and bool values can be given",
            hint="leave it to its default",
        )
    if kind == "number":
        return coerce_number(variable.name, raw, argument)
    if kind == "bool":
        if raw not in ("true", "false", "1", "0"):  # what OpenTofu converts to a bool
            raise BindingError(
                f"{variable.name} is a bool; {argument!r} is neither true nor false",
                hint=f"write --var {variable.name}=true or --var {variable.name}=false",
            )
        return raw in ("true", "1")
    # OpenTofu holds every string in Unicode normal form C; bind what it would check.
    return unicodedata.normalize("NFC", raw)


def coerce_number(name: str, raw: str, argument: str) -> int | float:
    """A ``-var`` string as an OpenTofu number: decimal, finite, no hex, no spaces."""
    parsed = parse_number(raw)
    if parsed is None or (isinstance(parsed, float) and not math.isfinite(parsed)):
        raise BindingError(
            f"{name} is a number; {argument!r} is not a finite decimal number",
            hint=f"write e.g. --var {name}=10 or --var {name}=2.5",
        )
    return parsed


def _default_value(variable: Variable) -> BoundValue | None:
    """The default as a bound value; None when it is null or not a primitive."""
    default = variable.default
    if isinstance(default, Expression):
        raise BindingError(
            f"the default of {variable.name} is not a literal value ({default.source})",
            hint="a variable default must be a literal in OpenTofu",
        )
    kind = (variable.type or "any").strip()
    if default is None or kind not in _PRIMITIVES or not isinstance(default, str | int | float):
        return None
    if kind == "number" and isinstance(default, str):
        return coerce_number(variable.name, default, f"default = {default!r}")
    if kind == "string" and not isinstance(default, str):
        return render_value(default)
    return default


# --- validations -----------------------------------------------------------------------


def _validate(
    variables: Sequence[Variable],
    values: Mapping[str, BoundValue],
    *,
    allow_unevaluable: bool,
) -> tuple[tuple[str, str, str], ...]:
    failures: list[str] = []
    unevaluable: list[tuple[str, str, str]] = []
    for variable in variables:
        if variable.name not in values:
            continue
        for validation in variable.validations:
            result = evaluate(validation.condition, values)
            if result.status == "false":
                message = validation.error_message or "the validation condition is false"
                failures.append(f"{variable.name}: {message}")
            elif result.status == "not-evaluable":
                reason = result.reason or "not evaluable"
                unevaluable.append((variable.name, validation.condition, reason))
    if failures:
        raise BindingError(
            "invalid value for " + "; ".join(failures),
            hint="change the value to satisfy the template's validation",
        )
    if unevaluable and not allow_unevaluable:
        name, condition, reason = unevaluable[0]
        more = f" (and {len(unevaluable) - 1} more)" if len(unevaluable) > 1 else ""
        raise BindingError(
            f"cannot check the value of {name}: its validation `{condition}` is not "
            f"evaluable ({reason}){more}",
            hint="pass --allow-unevaluable to go on without this check, at your own risk",
        )
    return tuple(unevaluable)
