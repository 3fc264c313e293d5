"""The acceptance path decides exactly as the reference path, or leaves the line to it.

Every test here runs twice: on the compiled acceptance path and on the Python one.

``t9verify.accept`` may only ever return what the reference path would: every audit
vector (valid and tampered, pinned, unpinned and strict) is verified twice through the
real CLI, once as shipped and once with the acceptance path switched off, and the two
JSON reports must be byte-identical. Mutated command lines (single bytes, JSON-level
edits that keep the line parseable) must never be accepted with an outcome the reference
path would not give.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from t9verify import accept, lines
from t9verify.checks import manifests as m
from t9verify.checks.lifecycle import STATES
from t9verify.context import VerifyContext
from t9verify.engine import VerifyOptions, _read_header
from t9verify.fields import MAX_BODY, MAX_TEXT
from t9verify.jsonstrict import DEFAULT_MAX_LINE_BYTES
from t9verify.pins import Pins, load_trust_file

# The vectors' own signing (independent of t9verify) re-signs edited manifests.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "audit"))
import av_jcs
import av_keys

DATA = Path(__file__).resolve().parents[1] / "data" / "audit"
VALID = json.loads((DATA / "valid.json").read_text(encoding="utf-8"))
EXPECTED = json.loads((DATA / "expected.json").read_text(encoding="utf-8"))
MIXED = DATA / "valid" / "mixed.jsonl"
TRUST = DATA / "trust" / "main.json"


@pytest.fixture(autouse=True, params=["native", "python"])
def acceptance_path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both acceptance paths, each standing where ``lines`` and the tests look for it."""
    if request.param == "native" and accept.native is None:
        pytest.fail("t9verify._accept_native was not built (a C compiler is needed)")
    chosen = accept.PATHS[request.param]
    monkeypatch.setattr(accept, "accept_command", chosen)
    monkeypatch.setattr(lines, "accept_command", chosen)
    return str(request.param)


def _run(entry: dict[str, Any], extra: list[str]) -> tuple[int, str]:
    from t9verify.cli import main

    argv = ["audit", "verify", str(DATA / entry["file"]), "--output", "json", "--jobs", "1"]
    if entry.get("trust"):
        argv += ["--trust", str(DATA / entry["trust"])]
    argv += [str(DATA / arg) if (DATA / arg).is_file() else arg for arg in entry["args"]]
    result = CliRunner().invoke(main, argv + extra)
    return result.exit_code, result.stdout


def _both_ways(
    monkeypatch: pytest.MonkeyPatch, entry: dict[str, Any], extra: list[str]
) -> tuple[tuple[int, str], tuple[int, str], int]:
    accepted = 0
    real = lines.accept_command

    def counting(ctx: VerifyContext, raw: bytes | None) -> accept.Accepted | None:
        nonlocal accepted
        found = real(ctx, raw)
        accepted += found is not None
        return found

    monkeypatch.setattr(lines, "accept_command", counting)
    shipped = _run(entry, extra)
    monkeypatch.setattr(lines, "accept_command", lambda ctx, raw: None)
    reference = _run(entry, extra)
    return shipped, reference, accepted


VARIANTS = [([], "pinned"), (["--strict"], "strict")]
UNPINNED = [{**entry, "trust": None} for entry in VALID]


@pytest.mark.parametrize("extra", [v[0] for v in VARIANTS], ids=[v[1] for v in VARIANTS])
@pytest.mark.parametrize(
    "entry", VALID + UNPINNED, ids=lambda e: f"{e['file']}-{'pinned' if e['trust'] else 'none'}"
)
def test_valid_exports_report_the_same_with_and_without_the_acceptance_path(
    monkeypatch: pytest.MonkeyPatch, entry: dict[str, Any], extra: list[str]
) -> None:
    shipped, reference, accepted = _both_ways(monkeypatch, entry, extra)
    assert shipped == reference
    # Not vacuous: passing command records of signed exports are taken by the fast path.
    passing = sum(
        1
        for record in json.loads(shipped[1])["records"]
        if record.get("type") == "command" and record["result"] in ("PASS", "PENDING")
    )
    if entry["trust"] and not extra:
        assert accepted == passing


@pytest.mark.parametrize("entry", EXPECTED, ids=lambda e: e["file"].removeprefix("tamper/"))
def test_tamper_vectors_report_the_same_with_and_without_the_acceptance_path(
    monkeypatch: pytest.MonkeyPatch, entry: dict[str, Any]
) -> None:
    shipped, reference, _accepted = _both_ways(monkeypatch, entry, [])
    assert shipped == reference
    assert shipped[0] == 1


# ---- single command lines ------------------------------------------------------------------


def _context(trust: Path = TRUST, strict: bool = False) -> VerifyContext:
    options = VerifyOptions(export=MIXED, pins=load_trust_file(trust), strict=strict)
    header, _checks = _read_header(options)
    from t9verify import preapproval_table

    base = VerifyContext(options.pins, header, strict)
    first = preapproval_table.build(base, options)
    return VerifyContext(options.pins, header, strict, preapprovals=first.table)


CTX = _context()
COMMAND_LINES = [
    (number, raw)
    for number, raw in enumerate(MIXED.read_bytes().split(b"\n"), start=1)
    if raw and json.loads(raw).get("type") == "command"
]
ACCEPTED_LINES = [(n, raw) for n, raw in COMMAND_LINES if accept.accept_command(CTX, raw)]


def _agrees(raw: bytes, number: int = 2) -> bool:
    """True when the acceptance path gives no verdict or the reference path's verdict."""
    found = lines.evaluate_line(CTX, number, raw, DEFAULT_MAX_LINE_BYTES)
    reference = lines.evaluate_line_reference(CTX, number, raw, DEFAULT_MAX_LINE_BYTES)
    return found == reference


def test_the_sample_has_accepted_lines_of_every_approval_mode() -> None:
    approvals = [json.loads(raw)["approval"] for _n, raw in ACCEPTED_LINES]
    modes = {approval["manifest"]["mode"] for approval in approvals if approval}
    assert modes == {"manual", "preapproved"}
    assert all(_agrees(raw, number) for number, raw in ACCEPTED_LINES)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_changed_byte_never_gets_a_different_verdict(data: st.DataObject) -> None:
    number, raw = data.draw(st.sampled_from(ACCEPTED_LINES))
    position = data.draw(st.integers(0, len(raw) - 1))
    byte = data.draw(st.integers(0, 255))
    changed = raw[:position] + bytes([byte]) + raw[position + 1 :]
    assert _agrees(changed, number)


def _textual_edits(record: dict[str, Any]) -> list[bytes]:
    """JSON-level edits that keep the line parseable: each must be refused or agreed on."""
    text = orjson.dumps(record).decode()
    key = '"commandName":'
    edits = [
        text.replace(key, f'"commandName":"dup",{key}', 1),  # a duplicate key
        text.replace('"seq":', '"seq":1.0,"x":', 1),
        text + " ",
        " " + text,
        text.replace('"reason":"', '"reason":"\\u003a', 1),
        text.replace('"reason":"', '"reason":"\\u0041', 1),
        text.replace(',"seq":', ',"seq":9007199254740993,"seqx":', 1),
    ]
    for name in ("seq", "timeoutSeconds"):
        for value in (2**53, -(2**53), 1.5, True, "1", None, [1]):
            edits.append(orjson.dumps({**record, name: value}).decode())
    for slot in ("approval", "outputIntegrity", "release"):
        envelope = record.get(slot)
        if isinstance(envelope, dict):
            manifest = envelope["manifest"]
            for field in manifest:
                for value in (None, 0, 2**53, "x", [], {}):
                    changed = {**envelope, "manifest": {**manifest, field: value}}
                    edits.append(orjson.dumps({**record, slot: changed}).decode())
            signature = base64.b64decode(envelope["signature"])
            flipped = base64.b64encode(signature[:-1] + bytes([signature[-1] ^ 1])).decode()
            forged = {**envelope, "signature": flipped}
            edits.append(orjson.dumps({**record, slot: forged}).decode())
    return [edit.encode() for edit in edits]


@pytest.mark.parametrize("index", range(len(ACCEPTED_LINES)))
def test_json_level_edits_are_refused_or_agreed_on(index: int) -> None:
    number, raw = ACCEPTED_LINES[index]
    record = json.loads(raw)
    for edit in _textual_edits(record):
        assert _agrees(edit, number), edit[:200]


BAD_VALUES: list[Any] = [
    None,
    True,
    0,
    -1,
    2**53,
    "Bogus",
    "z" * 64,
    "2026-01-01T00:00:00.000Z",
    "x" * (MAX_TEXT + 1),
    [],
    {},
    {"k": "v"},
]
_DROP = object()


def _set(record: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    changed = copy.deepcopy(record)
    target = changed
    for step in path[:-1]:
        target = target[step]
    if value is _DROP:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return changed


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every member and list element under ``value``, envelopes' contents included."""
    found = []
    items = value.items() if isinstance(value, dict) else enumerate(value)
    for key, item in items:
        found.append((*prefix, key))
        if isinstance(item, dict | list):
            found.extend(_paths(item, (*prefix, key)))
    return found


def _resign(record: dict[str, Any]) -> dict[str, Any]:
    """Every envelope signed again by its own key, the release naming the output again."""
    integrity = record.get("outputIntegrity")
    for slot in ("approval", "outputIntegrity", "release"):
        envelope = record.get(slot)
        if not isinstance(envelope, dict) or not isinstance(envelope.get("manifest"), dict):
            continue
        try:
            if slot == "release" and isinstance(integrity, dict):
                output = integrity.get("manifest")
                named = hashlib.sha256(av_jcs.canonical_bytes(output)).hexdigest()
                envelope["manifest"]["outputIntegritySha256"] = named
            av_keys.resign(envelope)
        except (KeyError, TypeError, ValueError, av_jcs.NotCanonicalisable):
            continue  # nothing the vectors can sign: the signature check refuses it anyway
    return record


def _member_edits(record: dict[str, Any]) -> list[bytes]:
    """Every member set to every bad value or dropped, as is and signed again (so that the
    rules behind the signatures are reached)."""
    edits = []
    for path in _paths(record):
        for value in [*BAD_VALUES, _DROP]:
            changed = _set(record, path, value)
            edits.append(orjson.dumps(changed))
            edits.append(orjson.dumps(_resign(changed)))
    return edits


@pytest.mark.parametrize("index", range(len(ACCEPTED_LINES)))
def test_every_member_edited_is_refused_or_agreed_on(index: int) -> None:
    number, raw = ACCEPTED_LINES[index]
    for edit in _member_edits(json.loads(raw)):
        assert _agrees(edit, number), edit[:300]


@pytest.mark.parametrize("index", range(len(ACCEPTED_LINES)))
def test_every_lifecycle_is_refused_or_agreed_on(index: int) -> None:
    """What each lifecycle requires of the slots, the decisions and the exit code."""
    number, raw = ACCEPTED_LINES[index]
    record = json.loads(raw)
    for state in STATES:
        for emptied in (None, "approval", "outputIntegrity", "release"):
            changed = copy.deepcopy(record)
            changed["lifecycle"] = changed["transitions"][-1]["state"] = state
            if emptied is not None:
                changed[emptied] = None
            assert _agrees(orjson.dumps(_resign(changed)), number), (state, emptied)


def test_transitions_and_attachments_edits_are_refused_or_agreed_on() -> None:
    with_output = [json.loads(raw) for _n, raw in ACCEPTED_LINES if b"attachments" in raw]
    assert with_output
    record = with_output[0]
    first_at = record["transitions"][0]["at"]
    other_text = first_at[:-1] + ".000Z" if "." not in first_at else first_at[:-5] + "Z"
    stdout = base64.b64decode(record["attachments"]["stdout"])
    flipped = base64.b64encode(bytes([stdout[0] ^ 1]) + stdout[1:]).decode()
    edits = [
        _set(record, ("transitions", 0, "at"), other_text),  # the same instant, other text
        _set(record, ("transitions", 0, "extra"), 1),
        _set(record, ("transitions",), [*record["transitions"], []]),
        _set(record, ("transitions",), list(reversed(record["transitions"]))),
        _set(record, ("attachments", "extra"), ""),
        _set(record, ("attachments", "stdout"), flipped),
        _set(record, ("attachments", "stdout"), _DROP),
        _set(record, ("attachments", "stdout"), "not base64!"),
        _set(record, ("attachments",), []),
        _set(record, ("body",), "x" * (MAX_BODY + 1)),
    ]
    for edit in edits:
        assert _agrees(orjson.dumps(edit)), str(edit)[:200]
        assert _agrees(orjson.dumps(_resign(edit))), str(edit)[:200]


def test_a_duplicate_key_beside_an_escaped_colon_is_refused() -> None:
    _number, raw = ACCEPTED_LINES[0]
    name = orjson.dumps(json.loads(raw)["commandName"])
    forged = b'"commandName":"forged","commandName":' + name[:-1] + b'\\u003a"'
    changed = raw.replace(b'"commandName":' + name, forged, 1)
    assert changed != raw
    assert accept.accept_command(CTX, changed) is None
    assert _agrees(changed)


def _dict_paths(record: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [()] + [path for path in _paths(record) if isinstance(_get(record, path), dict)]


def _get(record: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        record = record[step]
    return record


@pytest.mark.parametrize("index", range(len(ACCEPTED_LINES)))
def test_an_extra_member_anywhere_is_refused_or_agreed_on(index: int) -> None:
    number, raw = ACCEPTED_LINES[index]
    record = json.loads(raw)
    for path in _dict_paths(record):
        changed = _set(record, (*path, "extra"), "x")
        assert _agrees(orjson.dumps(changed), number), path
        assert _agrees(orjson.dumps(_resign(changed)), number), path


BOUND_PAIRS = [
    *(((name,), ("approval", "manifest", name)) for name in m.APPROVAL_BOUND),
    (("template", "id"), ("approval", "manifest", "templateId")),
    (("template", "version"), ("approval", "manifest", "templateVersion")),
    (("template", "contentSha256"), ("approval", "manifest", "templateContentSha256")),
    (("commandId",), ("outputIntegrity", "manifest", "commandId")),
    (("commandId",), ("release", "manifest", "commandId")),
]


@pytest.mark.parametrize("index", range(len(ACCEPTED_LINES)))
def test_a_record_field_and_its_bound_field_changed_together_are_refused_or_agreed_on(
    index: int,
) -> None:
    """Both sides of a binding changed alike, signed again: the field's own rules decide."""
    number, raw = ACCEPTED_LINES[index]
    record = json.loads(raw)
    for ours, theirs in BOUND_PAIRS:
        try:
            _get(record, ours[:-1])[ours[-1]]
            _get(record, theirs[:-1])[theirs[-1]]
        except (KeyError, TypeError):
            continue  # this line has no such pair
        # Alike, and equal in Python but of another JSON type (1 == True).
        pairs = [(value, value) for value in [*BAD_VALUES, 1, "", {"\u00e9": "x"}, {"k": []}]]
        pairs += [(1, True), (True, 1), (0, False), (False, 0)]
        for value, bound in pairs:
            changed = _set(_set(record, ours, value), theirs, bound)
            assert _agrees(orjson.dumps(_resign(changed)), number), (ours, value, bound)


@pytest.mark.parametrize("index", range(len(ACCEPTED_LINES)))
def test_every_lifecycle_with_every_decision_is_refused_or_agreed_on(index: int) -> None:
    number, raw = ACCEPTED_LINES[index]
    record = json.loads(raw)
    for state in STATES:
        for slot in ("approval", "release"):
            if not isinstance(record.get(slot), dict):
                continue
            for decision in ("approve", "reject", "release", None):
                for outputs_kept in (True, False):
                    changed = copy.deepcopy(record)
                    changed["lifecycle"] = changed["transitions"][-1]["state"] = state
                    changed[slot]["manifest"]["decision"] = decision
                    if not outputs_kept and slot == "approval":
                        changed["outputIntegrity"] = changed["release"] = None
                    edit = orjson.dumps(_resign(changed))
                    assert _agrees(edit, number), (state, slot, decision, outputs_kept)


def test_the_fields_of_an_unsigned_accepted_record_are_refused_or_agreed_on() -> None:
    """A record no signature covers (Submitted): its own field rules alone decide."""
    unsigned = [
        (number, json.loads(raw))
        for number, raw in ACCEPTED_LINES
        if json.loads(raw)["approval"] is None and json.loads(raw)["template"] is not None
    ]
    assert unsigned
    number, record = unsigned[0]
    edits = [
        _set(record, ("vars",), {"\u00e9": "x"}),
        _set(record, ("vars",), {"k": []}),
        _set(record, ("vars",), {"k": "v" * (MAX_TEXT + 1)}),
        _set(record, ("vars",), {"k": "v"}),
        _set(record, ("body",), "x" * (MAX_BODY + 1)),
        _set(record, ("commandType",), "Kubectl"),
        _set(_set(record, ("commandType",), "Kubectl"), ("template",), None),
        _set(record, ("template", "version"), 1),
        _set(record, ("template", "version"), 2**53),
    ]
    for edit in edits:
        assert _agrees(orjson.dumps(edit), number), str(edit)[:200]


def test_a_duplicate_key_is_left_to_the_reference_path_which_refuses_it() -> None:
    _number, raw = ACCEPTED_LINES[0]
    record = json.loads(raw)
    duplicated = raw.replace(b'"commandName":', b'"commandName":"forged","commandName":', 1)
    assert accept.accept_command(CTX, duplicated) is None
    outcome = lines.evaluate_line(CTX, 2, duplicated, DEFAULT_MAX_LINE_BYTES)
    assert outcome.result == "FAIL"
    assert outcome.checks[0].code == "LINE_MALFORMED"
    assert record["commandName"] != "forged"


def test_an_escaped_colon_is_left_to_the_reference_path() -> None:
    _number, raw = ACCEPTED_LINES[0]
    escaped = raw.replace(b'"reason":"', b'"reason":"\\u003a', 1)
    assert accept.accept_command(CTX, escaped) is None
    assert _agrees(escaped)


def test_strict_mode_without_pins_is_left_to_the_reference_path() -> None:
    strict_unpinned = VerifyContext(Pins(), CTX.header, True, None, CTX.preapprovals)
    _number, raw = ACCEPTED_LINES[0]
    assert accept.accept_command(strict_unpinned, raw) is None


def test_lines_that_are_not_command_records_are_left_to_the_reference_path() -> None:
    for raw in MIXED.read_bytes().split(b"\n"):
        if raw and json.loads(raw).get("type") != "command":
            assert accept.accept_command(CTX, raw) is None
    for raw in (None, b"", b"[]", b"{}", b"null", b'{"type":"command"}', b"\xff{}"):
        assert accept.accept_command(CTX, raw) is None


@pytest.mark.parametrize(
    "entry",
    [VALID[0], *VALID, *EXPECTED[::12]],
    ids=lambda e: e["file"],
)
def test_workers_reading_chunks_report_what_one_process_reports(
    monkeypatch: pytest.MonkeyPatch, entry: dict[str, Any]
) -> None:
    from t9verify import preapproval_table

    monkeypatch.setattr(preapproval_table, "CHUNK_LINES", 3)
    serial = _run(entry, [])
    parallel = _run({**entry, "args": [*entry["args"], "--jobs", "2"]}, [])
    assert serial == parallel


def test_an_export_changed_between_the_two_passes_is_unreadable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from t9verify import engine

    real = engine._identity
    calls: list[int] = []

    def changing(path: Path) -> tuple[int, int, int, int]:
        calls.append(1)
        found = real(path)
        return found if len(calls) == 1 else (found[0], found[1] + 1, found[2], found[3])

    monkeypatch.setattr(engine, "_identity", changing)
    code, output = _run({"file": "valid/mixed.jsonl", "trust": "trust/main.json", "args": []}, [])
    assert code == 2
    assert output == ""
