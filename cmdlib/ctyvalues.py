"""Values as OpenTofu's cty holds them, and cty's conversions between them.

Strings are in Unicode normal form C; numbers are Python ints and floats (cty's are
512-bit decimals, see docs/validation-conditions.md); a list (``HclList``) is a distinct
type from a tuple literal. Conversions raise ``Failed`` where OpenTofu reports an error;
``OutsideSubset`` marks what the evaluator does not decide (never treated as true).
"""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import Decimal
from typing import TypeAlias

InputValue: TypeAlias = str | int | float | bool


class HclList(tuple):  # type: ignore[type-arg]
    """A list value (what ``regexall`` returns), distinct from a tuple like ``["a"]``.

    OpenTofu's ``==`` compares types first, so a list never equals a tuple literal.
    """


Value: TypeAlias = "str | int | float | bool | tuple[Value, ...] | dict[str, Value] | None"


class Failed(Exception):
    """OpenTofu would report an error evaluating this (``can`` turns it into false).

    ``type_name`` is the type of the unknown value HCL puts in place of the failed
    expression ("bool" for a failed comparison, None when any type): a conditional unifies
    it with its other result even when that other result is the one chosen.
    """

    def __init__(self, message: str, type_name: str | None = None) -> None:
        super().__init__(message)
        self.type_name = type_name

    def typed(self, type_name: str | None) -> Failed:
        return Failed(str(self), type_name)


class OutsideSubset(Exception):
    """The evaluator does not decide this; the reason names the construct."""

    def __init__(self, reason: str, node: object = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.node = node


def nfc(value: InputValue) -> InputValue:
    """Strings as cty holds them: in Unicode normal form C."""
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def is_number(value: Value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def type_name(value: Value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if is_number(value):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, HclList):
        return "list"
    return "tuple" if isinstance(value, tuple) else "object"


_CTY_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]?[Ii]nf")


def parse_number(text: str) -> int | float | None:
    """A string converted to a number as cty does (Go's big.ParseFloat, base 10), or None."""
    if _CTY_NUMBER.fullmatch(text) is None:
        return None
    if re.fullmatch(r"[+-]?[0-9]+", text) and len(text) < 4000:  # int() refuses longer text
        number = int(text)
        return -0.0 if number == 0 and text.startswith("-") else number
    return float(text)


def negate(number: int | float) -> int | float:
    # cty numbers keep the sign of zero: -0 renders as "-0"; Python ints have no -0.
    return -float(number) if number == 0 else -number


def format_number(value: int | float) -> str:
    """A number as OpenTofu renders it in a string: no exponent, no trailing ``.0``."""
    if isinstance(value, int):
        return str(value)
    if value == 0 and math.copysign(1.0, value) < 0:
        return "-0"
    if value.is_integer():
        return str(int(value))
    return format(Decimal(repr(value)), "f")


def to_bool(value: Value) -> bool:
    if isinstance(value, bool):
        return value
    if value in ("true", "false", "1", "0"):  # cty converts these strings to bool
        return value in ("true", "1")
    raise Failed(f"a bool is required, got {type_name(value)}{_show(value)}")


def to_number(value: Value) -> int | float:
    if is_number(value):
        assert isinstance(value, int | float)
        return value
    if isinstance(value, str):
        parsed = parse_number(value)
        if parsed is not None:
            return parsed
    raise Failed(f"a number is required, got {type_name(value)}{_show(value)}")


def to_string(value: Value) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if is_number(value):
        assert isinstance(value, int | float)
        return format_number(value)
    raise Failed(f"a string is required, got {type_name(value)}")


def _show(value: Value) -> str:
    if value is None:
        return ""
    text = repr(value)
    return " " + (text if len(text) <= 40 else text[:37] + "...")


def equals(left: Value, right: Value) -> bool:
    if is_number(left) and is_number(right):
        return left == right
    if type_name(left) != type_name(right):
        return False
    if isinstance(left, tuple) and isinstance(right, tuple):
        return len(left) == len(right) and all(map(equals, left, right))
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(equals(left[k], right[k]) for k in left)
    return left == right


def grapheme_count(text: str) -> int:
    """``length`` of a string counts grapheme clusters; only simple text is counted here."""
    for char in text:
        combining = unicodedata.category(char) in ("Mn", "Mc", "Me", "Cf", "Co", "Cs")
        if combining or 0x1100 <= ord(char) <= 0x11FF or 0x1F1E6 <= ord(char) <= 0x1F1FF:
            raise OutsideSubset("length() of a string with combining characters is not evaluated")
    return len(text) - text.count("\r\n")
