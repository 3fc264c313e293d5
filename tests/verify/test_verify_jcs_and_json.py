"""JCS canonicalisation (RFC 8785 examples) and the strict JSON line reader."""

from __future__ import annotations

import json
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from t9verify import jcs
from t9verify.jsonstrict import StrictJsonError, loads_strict
from t9verify.reasons import Reason

# RFC 8785 3.2.3: keys sort by UTF-16 code units, not by code points.
RFC8785_SORT_INPUT = (
    '{"\\u20ac": "Euro Sign", "\\r": "Carriage Return",'
    ' "\\ufb33": "Hebrew Letter Dalet With Dagesh",'
    ' "1": "One", "\\ud83d\\ude00": "Emoji: Grinning Face", "\\u0080": "Control",'
    ' "\\u00f6": "Latin Small Letter O With Diaeresis"}'
)
RFC8785_SORT_ORDER = ["\r", "1", "\u0080", "\u00f6", "\u20ac", "\U0001f600", "\ufb33"]


def test_rfc8785_key_order_is_by_utf16_code_units() -> None:
    value = json.loads(RFC8785_SORT_INPUT)
    canonical = jcs.canonical(value).decode("utf-8")
    positions = [
        canonical.index(json.dumps(key, ensure_ascii=False)[1:-1]) for key in RFC8785_SORT_ORDER
    ]
    assert positions == sorted(positions)


def test_rfc8785_string_escaping_example() -> None:
    # RFC 8785 3.2.2.2: only ", \\ and control characters are escaped; \\u000f in lower case.
    value = json.loads('{"string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/"}')
    assert jcs.canonical(value) == '{"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}'.encode()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, b"0"),
        (-0, b"0"),
        (9007199254740991, b"9007199254740991"),
        (-9007199254740991, b"-9007199254740991"),
        (True, b"true"),
        (None, b"null"),
        ([], b"[]"),
        ({}, b"{}"),
        ("\u007f\u0000\u001f", b'"\x7f\\u0000\\u001f"'),
        ("\b\t\n\f\r", b'"\\b\\t\\n\\f\\r"'),
        ({"b": [1, {"d": 2, "c": 3}], "a": "x"}, b'{"a":"x","b":[1,{"c":3,"d":2}]}'),
    ],
)
def test_canonical_bytes_of_literals_numbers_and_nesting(value: Any, expected: bytes) -> None:
    assert jcs.canonical(value) == expected
    assert jcs.canonical_fast(value) == expected


@pytest.mark.parametrize("value", [1.5, 1.0, float("nan"), {"a": [0.1]}, 2**53, -(2**53), b"x"])
def test_floats_huge_integers_and_other_types_are_refused(value: Any) -> None:
    with pytest.raises(jcs.NotCanonicalisable):
        jcs.canonical(value)
    with pytest.raises(jcs.NotCanonicalisable):
        jcs.canonical_fast(value)


def test_lone_surrogate_is_refused_by_both_paths() -> None:
    with pytest.raises(jcs.NotCanonicalisable):
        jcs.canonical("\ud800")
    with pytest.raises(jcs.NotCanonicalisable):
        jcs.canonical_parsed({"a": "\ud800"}, ascii_keys=True)


def test_non_ascii_keys_fall_back_to_utf16_order() -> None:
    value = {"\ufb33": 1, "\U0001f600": 2}
    assert jcs.canonical_parsed(value, ascii_keys=False) == jcs.canonical(value)
    assert list(json.loads(jcs.canonical(value))) == ["\U0001f600", "\ufb33"]


SAFE_INT = st.integers(min_value=-(2**53 - 1), max_value=2**53 - 1)
SCALARS = st.one_of(st.none(), st.booleans(), SAFE_INT, st.text())
ASCII_KEYS = st.text(alphabet=st.characters(max_codepoint=127), max_size=8)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(ASCII_KEYS, inner, max_size=4)
    ),
    max_leaves=20,
)
ANY_KEYS_VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=4), inner, max_size=4)
    ),
    max_leaves=20,
)


def _has_surrogate(value: Any) -> bool:
    return "\\ud" in json.dumps(value).lower()


@settings(deadline=None)  # a loaded machine must not fail a correct property
@given(VALUES)
def test_fast_path_is_byte_identical_to_the_reference_for_ascii_keys(value: Any) -> None:
    if _has_surrogate(value):
        return
    assert jcs.canonical_fast(value) == jcs.canonical(value)
    assert jcs.canonical_parsed(value, ascii_keys=True) == jcs.canonical(value)


@settings(deadline=None)
@given(ANY_KEYS_VALUES)
def test_parsed_path_matches_the_reference_for_any_keys(value: Any) -> None:
    if _has_surrogate(value):
        return
    assert jcs.canonical_parsed(value, ascii_keys=False) == jcs.canonical(value)


# ---- strict reading ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ('{"a": 1, "a": 2}', Reason.LINE_MALFORMED),
        ('{"x": {"a": 1, "a": 1}}', Reason.LINE_MALFORMED),
        ('{"a": NaN}', Reason.LINE_MALFORMED),
        ('{"a": Infinity}', Reason.LINE_MALFORMED),
        ('{"a": -Infinity}', Reason.LINE_MALFORMED),
        ('{"a": 1.0}', Reason.NUMBER_NOT_ALLOWED),
        ('{"a": 1e3}', Reason.NUMBER_NOT_ALLOWED),
        ('{"a": 9007199254740992}', Reason.NUMBER_NOT_ALLOWED),
        ('{"a": -9007199254740992}', Reason.NUMBER_NOT_ALLOWED),
        ('{"a": 1' + "0" * 5000 + "}", Reason.NUMBER_NOT_ALLOWED),
        ('{"a": "\\ud800"}', Reason.LINE_MALFORMED),
        ('{"\\udc00": 1}', Reason.LINE_MALFORMED),
        ('{"a": "\\ude00\\ud83d"}', Reason.LINE_MALFORMED),
        ('{"a": 1} {"b": 2}', Reason.LINE_MALFORMED),
        ('{"a": 1', Reason.LINE_MALFORMED),
        ("", Reason.LINE_MALFORMED),
        ("[" * 100_000, Reason.LINE_MALFORMED),
    ],
)
def test_strict_reader_refuses(text: str, code: Reason) -> None:
    with pytest.raises(StrictJsonError) as info:
        loads_strict(text)
    assert info.value.code == code


def test_strict_reader_refuses_lines_over_the_cap() -> None:
    with pytest.raises(StrictJsonError) as info:
        loads_strict('{"a": "' + "x" * 100 + '"}', max_bytes=50)
    assert info.value.code == Reason.LINE_TOO_LARGE


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ('{"a": 9007199254740991}', {"a": 9007199254740991}),
        ('{"a": -0}', {"a": 0}),
        ('{"a": "\\ud83d\\ude00"}', {"a": "\U0001f600"}),
        ('  {"a": [true, false, null]}\r', {"a": [True, False, None]}),
        ('{"a": {"a": 1}}', {"a": {"a": 1}}),
    ],
)
def test_strict_reader_accepts(text: str, value: Any) -> None:
    assert loads_strict(text) == value


@settings(deadline=None)
@given(VALUES)
def test_orjson_sorted_output_is_the_reference_for_ascii_keys(value: Any) -> None:
    """What ``t9verify.accept`` relies on to canonicalise."""
    if _has_surrogate(value):
        return
    assert orjson.dumps(value, option=orjson.OPT_SORT_KEYS) == jcs.canonical(value)


def test_orjson_escapes_every_unicode_scalar_value_as_the_reference_does() -> None:
    scalars = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    for char in scalars[:0x800]:  # every escape lives down here, one by one
        assert orjson.dumps(char) == jcs.canonical(char), hex(ord(char))
    for start in range(0, len(scalars), 8192):
        text = "".join(scalars[start : start + 8192])
        assert orjson.dumps(text) == jcs.canonical(text), start
    ascii_keys = {chr(c) + "k": c for c in range(128)}
    assert orjson.dumps(ascii_keys, option=orjson.OPT_SORT_KEYS) == jcs.canonical(ascii_keys)
