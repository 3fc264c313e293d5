"""The compiled acceptance path (``t9verify/_accept_native.c``) against the Python one.

For every command line of every audit vector, and for mutated lines, the two must return
the very same thing: nothing, or the same record, hash, checks, result, run use and
signatures. The C readers of timestamps and base64 must agree with ``timefmt`` and ``b64``
on any input. ``T9VERIFY_ACCEPT`` chooses a path and refuses names it does not know.
"""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from t9verify import accept, b64, preapproval_table, timefmt
from t9verify.context import VerifyContext
from t9verify.engine import VerifyOptions, _read_header
from t9verify.pins import Pins, load_trust_file

DATA = Path(__file__).resolve().parents[1] / "data" / "audit"
EXPECTED = json.loads((DATA / "expected.json").read_text(encoding="utf-8"))
VALID = json.loads((DATA / "valid.json").read_text(encoding="utf-8"))
native = accept.native
BASE64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def test_the_compiled_path_is_built_and_chosen_by_default() -> None:
    assert native is not None, "t9verify._accept_native was not built (a C compiler is needed)"
    assert accept.PATHS["native"] is accept.accept_command_native


def _context(export: Path, trust: Path | None, strict: bool = False) -> VerifyContext:
    pins = load_trust_file(trust) if trust else Pins()
    options = VerifyOptions(export=export, pins=pins, strict=strict)
    header, _checks = _read_header(options)
    base = VerifyContext(pins, header, strict)
    return VerifyContext(
        pins, header, strict, preapprovals=preapproval_table.build(base, options).table
    )


def _command_lines(export: Path) -> list[bytes]:
    found = []
    for raw in export.read_bytes().split(b"\n"):
        try:
            value = json.loads(raw)
        except ValueError:
            continue
        if isinstance(value, dict) and value.get("type") == "command":
            found.append(raw)
    return found


def _same_outcome(ctx: VerifyContext, raw: bytes) -> bool:
    return accept.accept_command_native(ctx, raw) == accept.accept_command_python(ctx, raw)


ENTRIES = [*VALID, *EXPECTED]


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e["file"])
def test_both_paths_return_the_same_for_every_command_line_of_every_vector(
    entry: dict[str, Any],
) -> None:
    export = DATA / entry["file"]
    trust = DATA / entry["trust"] if entry.get("trust") else None
    for strict in (False, True):
        ctx = _context(export, trust, strict)
        for raw in _command_lines(export):
            assert _same_outcome(ctx, raw), raw[:200]


MIXED = DATA / "valid" / "mixed.jsonl"
CTX = _context(MIXED, DATA / "trust" / "main.json")
ACCEPTED = [raw for raw in _command_lines(MIXED) if accept.accept_command_python(CTX, raw)]


def test_the_sample_has_lines_both_paths_accept() -> None:
    assert len(ACCEPTED) >= 10
    assert all(accept.accept_command_native(CTX, raw) is not None for raw in ACCEPTED)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_changed_byte_gets_the_same_answer_from_both_paths(data: st.DataObject) -> None:
    raw = data.draw(st.sampled_from(ACCEPTED))
    position = data.draw(st.integers(0, len(raw) - 1))
    byte = data.draw(st.integers(0, 255))
    assert _same_outcome(CTX, raw[:position] + bytes([byte]) + raw[position + 1 :])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_removed_or_doubled_span_gets_the_same_answer_from_both_paths(
    data: st.DataObject,
) -> None:
    raw = data.draw(st.sampled_from(ACCEPTED))
    start = data.draw(st.integers(0, len(raw) - 1))
    end = data.draw(st.integers(start, min(len(raw), start + 80)))
    assert _same_outcome(CTX, raw[:start] + raw[end:])
    assert _same_outcome(CTX, raw[:end] + raw[start:end] + raw[end:])


# ---- every value of a kind, edited wherever it stands -----------------------------------------

Path_ = tuple[str | int, ...]


def _leaves(value: Any, path: Path_ = ()) -> list[tuple[Path_, Any]]:
    if isinstance(value, dict):
        return [leaf for key, item in value.items() for leaf in _leaves(item, (*path, key))]
    if isinstance(value, list):
        return [leaf for index, item in enumerate(value) for leaf in _leaves(item, (*path, index))]
    return [(path, value)]


def _replaced(raw: bytes, path: Path_, new: Any) -> bytes:
    record = orjson.loads(raw)
    target = record
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = new
    return orjson.dumps(record)


def _edits(kind: str, value: Any) -> list[Any]:
    """Values next to the edge of what ``kind`` allows."""
    if kind == "int":
        return [2**53 - 1, 2**53, -(2**53), 2**63 - 1, 2**63, 2**64 - 1, -(2**63), -1, 0, True]
    if kind == "hex":
        return [value.upper(), value[:-1] + "g", value[:-1], value + "0", " " + value[1:]]
    return [  # a timestamp
        value[:19] + "X123Z",
        value[:19] + ".12Z",
        value[:19] + ".1234Z",
        value[:8] + "31" + value[10:],
        value[:5] + "04-31" + value[10:],
        value[:5] + "02-29" + value[10:],
        value[:5] + "02-30" + value[10:],
        value[:11] + "24" + value[13:],
        value[:17] + "60" + value[19:],
        value[:-1] + "+00:00",
        value.replace("T", "t"),
    ]


def _kind(value: Any) -> str | None:
    if type(value) is int:
        return "int"
    if isinstance(value, str) and len(value) == 64 and set(value) <= set("0123456789abcdef"):
        return "hex"
    if isinstance(value, str) and timefmt.parse_ms(value) is not None:
        return "time"
    return None


@pytest.mark.parametrize("index", range(len(ACCEPTED)))
def test_every_number_hash_and_time_edited_gets_the_same_answer_from_both_paths(
    index: int,
) -> None:
    raw = ACCEPTED[index]
    edited = 0
    for path, value in _leaves(orjson.loads(raw)):
        kind = _kind(value)
        if kind is None:
            continue
        for new in _edits(kind, value):
            changed = _replaced(raw, path, new)
            assert _same_outcome(CTX, changed), (path, new)
            edited += 1
    assert edited > 20


# appName and commandName are bound to no signature, so only the colon count stands
# between a hidden pair and an accepted line.
DUPLICATED = ACCEPTED[0].replace(b'"commandName":', b'"commandName":"x","commandName":', 1)


def _with_app_name_prefix(text: bytes, line: bytes = DUPLICATED) -> bytes:
    changed = line.replace(b'"appName":"', b'"appName":"' + text, 1)
    assert changed != line
    return changed


def test_a_duplicate_key_is_found_next_to_any_escaped_character() -> None:
    """A hidden pair must show in the colon count whatever bytes the line holds."""
    assert ACCEPTED[0] != DUPLICATED
    assert accept.accept_command_native(CTX, DUPLICATED) is None
    for code in [*range(0x20, 0x800), 0xFFFD, 0x1F600]:
        written = json.dumps(chr(code))[1:-1]  # \\uXXXX (a surrogate pair past U+FFFF)
        for text in (written, chr(code)):
            if text in ('"', "\\"):
                continue
            escaped = _with_app_name_prefix(text.encode())
            assert accept.accept_command_native(CTX, escaped) is None, code
            assert _same_outcome(CTX, escaped), code


def test_an_escaped_colon_in_either_case_is_left_to_the_reference_path() -> None:
    for escape in (b"\\u003a", b"\\u003A"):
        for line in (ACCEPTED[0], DUPLICATED):
            escaped = _with_app_name_prefix(escape, line)
            assert accept.accept_command_native(CTX, escaped) is None
            assert accept.accept_command_python(CTX, escaped) is None


def test_empty_attachments_with_no_output_integrity_are_left_to_the_reference_path() -> None:
    unbound = [raw for raw in ACCEPTED if orjson.loads(raw)["outputIntegrity"] is None]
    assert unbound
    for raw in unbound:
        for attachments in ({}, {"stdout": ""}, {"stderr": "QQ=="}):
            changed = _replaced(raw, ("attachments",), attachments)
            assert accept.accept_command_native(CTX, changed) is None
            assert _same_outcome(CTX, changed)


@pytest.mark.parametrize("character", list(BASE64_ALPHABET))
def test_spare_bits_before_the_padding_must_be_zero(character: str) -> None:
    assert native is not None
    for text in (
        f"A{character}==",
        f"AA{character}=",
        f"AAAAA{character}==",
        f"AAAAAA{character}=",
    ):
        assert native.decode_strict(text) == b64.decode_strict(text), text


def test_whitespace_around_the_object_gets_the_same_answer_from_both_paths() -> None:
    for raw in ACCEPTED:
        for changed in (b" " + raw, raw + b" ", raw + b"\r", b"\t" + raw + b"\n"):
            assert _same_outcome(CTX, changed)


def _respelled(text: str) -> str:
    """The same bytes in base64 with a spare bit set before the padding."""
    pads = len(text) - len(text.rstrip("="))
    last = len(text) - pads - 1
    shifted = BASE64_ALPHABET[BASE64_ALPHABET.index(text[last]) + (8 if pads == 2 else 2)]
    return text[:last] + shifted + text[last + 1 :]


def test_another_spelling_of_the_same_key_or_signature_is_refused() -> None:
    for raw in ACCEPTED:
        record = orjson.loads(raw)
        for slot in ("approval", "outputIntegrity", "release"):
            if record[slot] is None:
                continue
            for field in ("publicKey", "signature"):
                written = record[slot][field]
                respelled = _respelled(written)
                assert base64.b64decode(respelled) == base64.b64decode(written)
                changed = _replaced(raw, (slot, field), respelled)
                assert accept.accept_command_native(CTX, changed) is None, (slot, field)
                assert accept.accept_command_python(CTX, changed) is None, (slot, field)


def test_lines_that_are_no_command_record_get_nothing_from_the_compiled_half() -> None:
    assert native is not None
    for raw in (None, b"", b"{", b"}", b"{}", b"[]", b"null", b"{ }", b'{"type":"command"}',
                b"\xff{}", b'{"a":1}{"b":2}', "{}", 17):  # fmt: skip
        assert native.scan_command(raw) is None  # type: ignore[arg-type]


def test_the_compiled_half_refuses_incomplete_tables() -> None:
    assert native is not None
    with pytest.raises(ValueError, match="configure"):
        native.configure({"loads": json.loads})
    with pytest.raises(ValueError, match="configure: limits"):
        native.configure({**accept._native_tables(), "loads": json.loads, "limits": None})
    # Nothing was taken from the refused tables: json.loads would let a lone surrogate in.
    lone = _with_app_name_prefix(b"\\ud800", ACCEPTED[0])
    assert native.scan_command(lone) is None
    assert native.scan_command(_with_app_name_prefix(b"\\u00e9", ACCEPTED[0])) is not None
    with pytest.raises(TypeError):
        native.configure([])  # type: ignore[arg-type]
    # The tables it had are kept: an accepted line is still accepted.
    assert accept.accept_command_native(CTX, ACCEPTED[0]) is not None


# ---- the C readers of timestamps and base64 -------------------------------------------------

TIMESTAMP_PIECES = st.lists(
    st.sampled_from(
        [
            "0",
            "1",
            "2",
            "9",
            "00",
            "12",
            "23",
            "24",
            "29",
            "30",
            "31",
            "59",
            "60",
            "99",
            "-",
            "T",
            ":",
            ".",
            "Z",
            "z",
            " ",
            "+",
            "\u0661",
            "\uff11",
            "2026",
            "0000",
            "1900",
            "2000",
            "02",
            "13",
            ".000",
            ".5",
            "é",
        ]
    ),
    max_size=14,
).map("".join)


@example("2026-01-01T00:00:00Z")
@example("2026-01-01T00:00:00.123Z")
@example("0000-02-29T00:00:00Z")
@example("1900-02-29T00:00:00Z")
@example("2000-02-29T23:59:59.999Z")
@example("0001-01-01T00:00:00Z")
@example("9999-12-31T23:59:59.999Z")
@example("2026-13-01T00:00:00Z")
@example("2026-01-01T00:00:60Z")
@example("2026-01-01T00:00:00.1234Z")
@example("2026-01-01t00:00:00Z")
@example("2026-01-01T00:00:00\u0661Z")
@given(st.one_of(TIMESTAMP_PIECES, st.text(max_size=30)))
def test_the_c_timestamp_reader_agrees_with_timefmt(text: str) -> None:
    assert native is not None
    assert native.parse_ms(text) == timefmt.parse_ms(text)


@given(
    st.builds(
        lambda y, mo, d, h, mi, s, ms: f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}{ms}Z",
        st.integers(0, 9999),
        st.integers(0, 13),
        st.integers(0, 32),
        st.integers(0, 24),
        st.integers(0, 60),
        st.integers(0, 60),
        st.sampled_from(["", ".000", ".999", ".5", ".12"]),
    )
)
def test_the_c_timestamp_reader_agrees_on_every_date(text: str) -> None:
    assert native is not None
    assert native.parse_ms(text) == timefmt.parse_ms(text)


def test_the_c_timestamp_reader_agrees_on_every_one_character_change() -> None:
    assert native is not None
    for text in ("2024-02-29T23:59:59.999Z", "2026-01-10T19:00:00Z"):
        for index in range(len(text)):
            for character in "0159-T:.,Zz /a\u0661":
                changed = text[:index] + character + text[index + 1 :]
                assert native.parse_ms(changed) == timefmt.parse_ms(changed), changed


def test_the_c_timestamp_reader_agrees_on_every_month_end() -> None:
    assert native is not None
    for year in (0, 1, 1900, 2000, 2023, 2024, 9999):
        for month in range(0, 14):
            for day in range(0, 33):
                text = f"{year:04d}-{month:02d}-{day:02d}T00:00:00Z"
                assert native.parse_ms(text) == timefmt.parse_ms(text), text


def test_the_c_timestamp_reader_takes_only_strings() -> None:
    assert native is not None
    for value in (None, 1, b"2026-01-01T00:00:00Z", ["2026-01-01T00:00:00Z"]):
        assert native.parse_ms(value) is None


BASE64_TEXT = st.text(
    alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_ \n\u00e9",
    max_size=96,
)


@example("", None)
@example("AA==", None)
@example("AB==", None)
@example("AAA=", None)
@example("AAB=", None)
@example("A===", None)
@example("====", None)
@example("AA=A", None)
@example("AA==AAAA", None)
@example("QUJD", None)
@example("QUJD\n", None)
@example("AA==", 1)
@example("AAA=", 2)
@example("AAAA", 3)
@given(BASE64_TEXT, st.sampled_from([None, 0, 1, 2, 3, 32, 64]))
def test_the_c_base64_reader_agrees_with_b64(text: str, length: int | None) -> None:
    assert native is not None
    mine = native.decode_strict(text) if length is None else native.decode_strict(text, length)
    assert mine == b64.decode_strict(text, length=length)


@given(st.binary(max_size=80))
def test_the_c_base64_reader_reads_what_python_writes(data: bytes) -> None:
    assert native is not None
    text = base64.b64encode(data).decode()
    assert native.decode_strict(text) == data
    assert native.decode_strict(text, len(data)) == data
    assert native.decode_strict(text, len(data) + 1) is None


# ---- choosing a path ------------------------------------------------------------------------


def _verify_with(path_name: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "t9verify", "audit", "verify", str(MIXED), "--trust",
               str(DATA / "trust" / "main.json"), "--output", "json", "--jobs", "1"]  # fmt: skip
    env = {"T9VERIFY_ACCEPT": path_name, "PATH": "/usr/bin:/bin"}
    return subprocess.run(command, capture_output=True, text=True, env=env, check=False)


def test_every_path_named_in_the_environment_gives_the_same_report() -> None:
    runs = {name: _verify_with(name) for name in accept.PATHS}
    assert {run.returncode for run in runs.values()} == {0}
    assert len({run.stdout for run in runs.values()}) == 1


def test_an_unknown_path_name_is_refused_with_exit_2() -> None:
    run = _verify_with("fast")
    assert run.returncode == 2
    assert "T9VERIFY_ACCEPT='fast'" in run.stderr
    assert "choose from native, python, off" in run.stderr
    assert run.stdout == ""
