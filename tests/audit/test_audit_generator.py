"""The audit vectors themselves: reproducible byte for byte, self-consistent (checked
here with pynacl and this directory's own JCS, never with t9verify), and described
completely by ``expected.json`` and ``valid.json``."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import generate
import pytest
from av_build import record_hash
from av_jcs import NotCanonicalisable, canonical_bytes, canonical_text
from av_keys import IDENTITY_POINT, fingerprint_of_raw, padding_bits_set
from nacl.exceptions import BadSignatureError
from nacl.signing import VerifyKey

from t9verify.reasons import Reason

DATA = Path(__file__).resolve().parents[1] / "data" / "audit"
CHECK_NAMES = {
    "commandApproval",
    "outputIntegrity",
    "outputApproval",
    "preApproval",
    "chain",
    "record",
}
GENERATED_DIRS = ("valid", "tamper", "trust")


def _tree(root: Path) -> dict[str, bytes]:
    files = {}
    for directory in GENERATED_DIRS:
        for path in sorted((root / directory).rglob("*")):
            if path.is_file():
                files[str(path.relative_to(root))] = path.read_bytes()
    for name in ("expected.json", "valid.json"):
        files[name] = (root / name).read_bytes()
    return files


def test_vectors_are_reproducible(tmp_path: Path) -> None:
    generate.main(["--out", str(tmp_path)])
    committed, fresh = _tree(DATA), _tree(tmp_path)
    assert sorted(fresh) == sorted(committed), "files added or removed: regenerate the vectors"
    changed = [name for name in fresh if fresh[name] != committed[name]]
    assert changed == [], f"regenerate with tests/audit/generate.py; differing: {changed[:5]}"


def _lines(relative: str) -> list[dict[str, Any]]:
    text = (DATA / relative).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.split("\n") if line]


def _envelopes(line: dict[str, Any]) -> list[dict[str, Any]]:
    if line.get("type") in ("preapproval", "revocation", "checkpoint"):
        return [line]
    slots = ("approval", "outputIntegrity", "release")
    return [line[slot] for slot in slots if isinstance(line.get(slot), dict)]


def _signature_holds(env: dict[str, Any]) -> bool:
    try:
        key = VerifyKey(base64.b64decode(env["publicKey"]))
        key.verify(canonical_bytes(env["manifest"]), base64.b64decode(env["signature"]))
    except (BadSignatureError, ValueError, KeyError, TypeError):
        return False
    return True


def _chain_breaks(lines: list[dict[str, Any]]) -> list[int]:
    """Positions where prev, seq or the checkpoint do not match what came before."""
    header, records, end = lines[0], lines[1:-1], lines[-1]
    breaks, head = [], header["prevHead"]
    for offset, record in enumerate(records):
        if record["prev"] != head or record["seq"] != header["firstSeq"] + offset:
            breaks.append(offset + 1)
        head = record_hash(record)
    expected_end = {
        "head": head,
        "count": len(records),
        "lastSeq": header["firstSeq"] + len(records) - 1,
    }
    if any(end["manifest"][k] != v for k, v in expected_end.items()) or end["prev"] != head:
        breaks.append(len(lines) - 1)
    return breaks


VALID = json.loads((DATA / "valid.json").read_text(encoding="utf-8"))
EXPECTED = json.loads((DATA / "expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("entry", VALID, ids=lambda e: e["file"])
def test_valid_export_signatures_and_chain_hold(entry: dict[str, Any]) -> None:
    lines = _lines(entry["file"])
    assert _chain_breaks(lines) == []
    envelopes = [env for line in lines[1:] for env in _envelopes(line)]
    assert envelopes, "a valid export without a single signature proves nothing"
    assert [env["manifest"]["kind"] for env in envelopes if not _signature_holds(env)] == []
    assert lines[-1]["manifest"]["head"] == entry["head"]
    assert lines[-1]["manifest"]["count"] == entry["count"]


UNSIGNED = [e for e in EXPECTED if e["file"].endswith("-changed-not-resigned.jsonl")]


@pytest.mark.parametrize("entry", UNSIGNED, ids=lambda e: e["file"])
def test_unsigned_mutation_breaks_exactly_one_signature_and_no_link(entry: dict[str, Any]) -> None:
    lines = _lines(entry["file"])
    broken = [env for line in lines[1:] for env in _envelopes(line) if not _signature_holds(env)]
    assert len(broken) == 1
    if not entry["file"].startswith("tamper/checkpoint-"):
        assert _chain_breaks(lines) == []


def test_every_signed_field_of_every_manifest_kind_has_an_unsigned_mutation() -> None:
    mixed = _lines("valid/mixed.jsonl")
    covered = {e["file"].removeprefix("tamper/") for e in UNSIGNED}
    kinds_seen = set()
    for line in mixed[1:]:
        for env in _envelopes(line):
            kinds_seen.add((env["manifest"]["kind"], env["manifest"].get("mode")))
    assert (
        len(kinds_seen) == 8
    )  # approval x2, integrity, release x2, pre-approval, revocation, checkpoint
    assert len(covered) == 15 + 17 + 9 + 7 + 8 + 12 + 4 + 6


def test_expected_json_lists_every_tamper_file_once_with_known_codes() -> None:
    files = sorted(f"tamper/{p.name}" for p in (DATA / "tamper").iterdir())
    assert sorted(e["file"] for e in EXPECTED) == files
    assert len(files) >= 60
    codes = {reason.value for reason in Reason}
    for entry in EXPECTED:
        assert entry["exit"] == 1 and entry["failures"], entry["file"]
        for failure in entry["failures"]:
            assert {failure["code"], *failure.get("alsoAccepted", [])} <= codes, failure
            assert failure["check"] in CHECK_NAMES, (entry["file"], failure)


def test_every_trust_file_named_by_an_expectation_exists() -> None:
    named = {e["trust"] for e in [*EXPECTED, *VALID] if e["trust"] is not None}
    assert named == {f"trust/{p.name}" for p in (DATA / "trust").iterdir()}


def test_jcs_sorts_keys_by_utf16_and_escapes_only_what_rfc8785_escapes() -> None:
    assert (
        canonical_text({"b": 1, "a": [True, None], "\u00e9": "x"})
        == '{"a":[true,null],"b":1,"é":"x"}'
    )
    assert canonical_text({"\ue000": 1, "\U0001f600": 2}) == '{"\U0001f600":2,"\ue000":1}'
    assert canonical_text('\u0001\n"\\/\u2028') == '"\\u0001\\n\\"\\\\/\u2028"'


@pytest.mark.parametrize("value", [1.0, 2**53, -(2**53), "\ud800", {"k": float("nan")}])
def test_jcs_refuses_values_outside_the_signed_value_space(value: object) -> None:
    with pytest.raises(NotCanonicalisable):
        canonical_text(value)


def test_padding_bits_change_the_text_but_not_the_bytes() -> None:
    for text in ("QXBwbHkgY29tcGxldGUhCg==", base64.b64encode(bytes(32)).decode()):
        assert padding_bits_set(text) != text
        assert base64.b64decode(padding_bits_set(text)) == base64.b64decode(text)
    with pytest.raises(ValueError, match="no padding bits"):
        padding_bits_set("QUJD")


def test_identity_point_fingerprint_is_pinned_only_in_its_own_trust_file() -> None:
    fingerprint = fingerprint_of_raw(IDENTITY_POINT)
    pinned_in = [
        path.name
        for path in sorted((DATA / "trust").iterdir())
        if fingerprint in path.read_text(encoding="utf-8")
    ]
    assert pinned_in == ["identity-point-buyer.json"]
