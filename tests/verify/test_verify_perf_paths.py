"""The fast paths taken for speed give exactly what the reference paths give.

JCS through the C JSON encoder (string escaping checked over every code point), the
per-line canonical bytes memo, the record hash, and timestamp parsing with its per-date
cache (checked against ``datetime``).
"""

from __future__ import annotations

import datetime
import hashlib
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from t9verify import ed25519, jcs, lines, timefmt
from t9verify.jsonstrict import StrictJsonError, loads_strict
from t9verify.reasons import Reason

SURROGATES = range(0xD800, 0xE000)


def test_c_encoder_escapes_every_ascii_and_two_byte_character_as_the_reference() -> None:
    for code in range(0x800):
        char = chr(code)
        assert jcs.canonical_parsed(char, ascii_keys=True) == jcs.canonical(char), hex(code)
        assert jcs.canonical_parsed({char: char}, ascii_keys=False) == jcs.canonical({char: char})


def test_c_encoder_leaves_every_other_character_unescaped_as_the_reference() -> None:
    # Any escape makes the output longer than the input plus its quotes, so equal bytes of
    # equal length prove that no character of the block was escaped by either path.
    for start in range(0x800, 0x110000, 0x10000):
        block = "".join(
            chr(c) for c in range(start, min(start + 0x10000, 0x110000)) if c not in SURROGATES
        )
        expected = ('"' + block + '"').encode("utf-8")
        assert jcs.canonical_parsed(block, ascii_keys=True) == expected
        assert jcs.canonical(block) == expected


@pytest.mark.parametrize("char", ["\x7f", "\u2028", "\u2029", "\ufeff", "\U0001f600"])
def test_characters_json_libraries_disagree_on_are_written_raw(char: str) -> None:
    assert jcs.canonical_parsed(char, ascii_keys=True) == f'"{char}"'.encode()


def test_lone_surrogates_are_refused_by_the_c_encoder_path() -> None:
    for code in (0xD800, 0xDBFF, 0xDC00, 0xDFFF):
        with pytest.raises(jcs.NotCanonicalisable):
            jcs.canonical_parsed(["x", chr(code)], ascii_keys=True)
        with pytest.raises(jcs.NotCanonicalisable):
            jcs.LineCanon(True).of({"a": chr(code)})


def test_values_the_reader_never_makes_are_refused_not_serialised() -> None:
    with pytest.raises(jcs.NotCanonicalisable):
        jcs.canonical_parsed({"a": b"bytes"}, ascii_keys=True)


SAFE_INT = st.integers(min_value=-(2**53 - 1), max_value=2**53 - 1)
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)
SCALARS = st.one_of(st.none(), st.booleans(), SAFE_INT, TEXT)
ASCII_KEY = st.text(alphabet=st.characters(max_codepoint=127), max_size=10)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(ASCII_KEY, inner, max_size=5)
    ),
    max_leaves=25,
)
ENVELOPES = st.fixed_dictionaries(
    {
        "manifest": st.dictionaries(ASCII_KEY, VALUES, max_size=6),
        "publicKey": TEXT,
        "signature": TEXT,
    }
)
RECORDS = st.dictionaries(
    st.sampled_from(["approval", "outputIntegrity", "release", "type", "seq", "body", "vars"])
    | ASCII_KEY,
    st.one_of(ENVELOPES, VALUES),
    max_size=8,
)


@settings(deadline=None)
@given(VALUES)
def test_line_canon_equals_the_reference_and_remembers_by_identity(value: Any) -> None:
    canon = jcs.LineCanon(ascii_keys=True)
    first = canon.of(value)
    assert first == jcs.canonical(value)
    assert canon.of(value) is first
    # An equal but distinct object is serialised on its own (never confused by identity).
    copy = json.loads(json.dumps(value))
    assert canon.of(copy) == first


@settings(deadline=None)
@given(RECORDS, st.one_of(st.none(), st.dictionaries(ASCII_KEY, TEXT, max_size=2)))
def test_record_hash_is_sha256_of_the_reference_jcs_without_attachments(
    record: dict[str, Any], attachments: dict[str, str] | None
) -> None:
    if attachments is not None:
        record = {**record, "attachments": attachments}
    without = {k: v for k, v in record.items() if k != "attachments"}
    expected = hashlib.sha256(jcs.canonical(without)).hexdigest()
    assert lines.record_hash(record, ascii_keys=True) == expected
    assert lines.record_hash(record, ascii_keys=False) == expected


@settings(deadline=None)
@given(ENVELOPES)
def test_manifest_bytes_reused_for_a_signature_are_the_reference_bytes(
    envelope: dict[str, Any],
) -> None:
    line = json.dumps({"type": "command", "approval": envelope}, ensure_ascii=False)
    record = loads_strict(line)
    canon = jcs.LineCanon(ascii_keys=line.isascii())
    lines.record_hash(record, ascii_keys=line.isascii())
    assert canon.of(record["approval"]["manifest"]) == jcs.canonical(envelope["manifest"])


def _reference_ms(text: str) -> int | None:
    try:
        moment = datetime.datetime.strptime(text[:19], "%Y-%m-%dT%H:%M:%S")
    except ValueError:
        return None
    millis = int(text[20:23]) if len(text) == 24 else 0
    epoch = datetime.datetime(1970, 1, 1)
    return (moment - epoch) // datetime.timedelta(milliseconds=1) + millis


def _two(low: int, high: int) -> st.SearchStrategy[str]:
    return st.integers(low, high).map(lambda n: f"{n:02d}")


STAMPS = st.builds(
    lambda y, mo, d, h, mi, s, ms: f"{y:04d}-{mo}-{d}T{h}:{mi}:{s}{ms}Z",
    st.integers(1, 9999),
    _two(0, 13),
    _two(0, 32),
    _two(0, 25),
    _two(0, 60),
    _two(0, 61),
    st.one_of(st.just(""), st.integers(0, 999).map(lambda n: f".{n:03d}")),
)


@settings(deadline=None, max_examples=500)
@given(STAMPS)
def test_timestamp_parsing_agrees_with_datetime(text: str) -> None:
    timefmt.clear_caches()
    assert timefmt.parse_ms(text) == _reference_ms(text)
    assert timefmt.parse_ms(text) == _reference_ms(text)  # and again from the caches


@pytest.mark.parametrize(
    "text",
    [
        "2024-02-29T00:00:00Z",
        "2000-02-29T23:59:59.999Z",
        "1970-01-01T00:00:00.000Z",
        "1969-12-31T23:59:59Z",
        "9999-12-31T23:59:59.999Z",
    ],
)
def test_valid_edge_timestamps(text: str) -> None:
    assert timefmt.parse_ms(text) == _reference_ms(text)
    assert timefmt.parse_ms(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "2023-02-29T00:00:00Z",
        "1900-02-29T00:00:00Z",
        "2026-04-31T00:00:00Z",
        "2026-00-10T00:00:00Z",
        "2026-01-00T00:00:00Z",
        "2026-01-01T24:00:00Z",
        "2026-01-01T00:60:00Z",
        "2026-01-01T00:00:60Z",
        "2026-01-01T00:00:00.1Z",
        "2026-01-01T00:00:00.0000Z",
        "2026-01-01T00:00:00+00:00",
        "2026-01-01t00:00:00Z",
        "2026-01-01T00:00:00z",
        "2026-01-01T00:00:00Z\n",
        "\uff12026-01-01T00:00:00Z",
        "2026-01-01T00:00:0\u0661Z",
    ],
)
def test_invalid_timestamps_are_refused_also_when_their_date_is_cached(text: str) -> None:
    timefmt.parse_ms("2026-01-01T00:00:00Z")  # the date part of most cases is now cached
    assert timefmt.parse_ms(text) is None


def _reference_encoding_problem(signature: bytes) -> str | None:
    """The plain big-integer statement of the checks."""
    r_bytes = signature[:32]
    if (int.from_bytes(r_bytes, "little") & ((1 << 255) - 1)) >= ed25519.P:
        return "R is not canonical"
    if r_bytes in ed25519.SMALL_ORDER_ENCODINGS:
        return "R has small order"
    if int.from_bytes(signature[32:], "little") >= ed25519.L:
        return "S >= L"
    return None


def _encoding_problem(signature: bytes) -> str | None:
    try:
        ed25519.check_signature_encoding(signature)
    except ed25519.StrictVerifyError as exc:
        return exc.message
    return None


def _le(number: int) -> bytes:
    return number.to_bytes(32, "little")


EDGE_R = [
    _le(ed25519.P - 1),
    _le(ed25519.P),
    _le(ed25519.P + 1),
    _le(2**255 - 1),
    _le(ed25519.P - 1 + 2**255),
    _le(ed25519.P + 2**255),
    _le((0x7E << 248) | (2**248 - 1)),
    _le(0x7F << 248),
    *sorted(ed25519.SMALL_ORDER_ENCODINGS),
]
EDGE_S = [
    _le(ed25519.L - 1),
    _le(ed25519.L),
    _le(ed25519.L + 1),
    _le(2**252 - 1),
    _le(2**252),
    _le(2**256 - 1),
    _le(0),
]


@pytest.mark.parametrize("r_part", EDGE_R)
@pytest.mark.parametrize("s_part", EDGE_S)
def test_signature_byte_tests_agree_with_big_integers_at_the_edges(
    r_part: bytes, s_part: bytes
) -> None:
    signature = r_part + s_part
    assert _encoding_problem(signature) == _reference_encoding_problem(signature)


@settings(deadline=None, max_examples=500)
@given(
    st.binary(min_size=31, max_size=31),
    st.integers(0, 255),
    st.binary(min_size=31, max_size=31),
    st.integers(0, 255),
)
def test_signature_byte_tests_agree_with_big_integers(
    r_low: bytes, r_top: int, s_low: bytes, s_top: int
) -> None:
    signature = r_low + bytes([r_top]) + s_low + bytes([s_top])
    assert _encoding_problem(signature) == _reference_encoding_problem(signature)


@pytest.mark.parametrize(
    "escape", ["\\ud800", "\\uD800", "\\uDbFf", "\\uDC00", "\\udfff", "\\uDFFF", "\\uDAbC"]
)
def test_every_spelling_of_a_lone_surrogate_escape_is_malformed(escape: str) -> None:
    with pytest.raises(StrictJsonError) as info:
        loads_strict('{"a": "x' + escape + 'y"}')
    assert info.value.code == Reason.LINE_MALFORMED


@pytest.mark.parametrize(
    "text", ['{"a": "\\ud83d\\ude00"}', '{"a": "\\\\ud800"}', '{"a": "\\u00e9\\u7fff\\ue000"}']
)
def test_pairs_literal_backslashes_and_other_escapes_are_read(text: str) -> None:
    assert loads_strict(text) == json.loads(text)


@settings(deadline=None)
@given(
    st.text(alphabet=st.one_of(st.characters(), st.integers(0xD800, 0xDFFF).map(chr)), max_size=6)
)
def test_a_line_is_refused_exactly_when_it_decodes_to_a_lone_surrogate(value: str) -> None:
    # json.dumps writes every non-ASCII character as a \\u escape (surrogates included);
    # an escaped high-low pair decodes to one character, which is not a lone surrogate.
    line = json.dumps({"k": value})
    decoded = json.loads(line)["k"]
    try:
        decoded.encode("utf-8")
        has_surrogate = False
    except UnicodeEncodeError:
        has_surrogate = True
    if has_surrogate:
        with pytest.raises(StrictJsonError):
            loads_strict(line)
    else:
        assert loads_strict(line) == {"k": decoded}
