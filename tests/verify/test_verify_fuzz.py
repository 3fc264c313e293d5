"""Random damage to a valid export never crashes the verifier and never passes."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from verify_export_builder import ExportBuilder
from verify_helpers import PINS

from t9verify.engine import VerifyOptions, evaluate


def _export_bytes() -> bytes:
    builder = ExportBuilder()
    builder.preapproval("pa-1", level="FullyPreApprove")
    builder.command()
    builder.command("CmdRejected")
    builder.command(preapproval="pa-1", fully=True)
    builder.revocation("pa-1", at=10**5)
    return ("\n".join(builder.lines()) + "\n").encode()


VALID = _export_bytes()
# The header is not signed (exportId, exportedAt...): damage is looked for after it.
AFTER_HEADER = VALID.index(b"\n") + 1
# Bytes an attacker could use without breaking UTF-8 (which is exit 2, tested elsewhere).
PRINTABLE = st.integers(min_value=0x20, max_value=0x7E)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(position=st.integers(min_value=AFTER_HEADER, max_value=len(VALID) - 2), byte=PRINTABLE)
def test_one_changed_byte_never_passes_and_never_crashes(
    tmp_path: Path, position: int, byte: int
) -> None:
    if VALID[position] == byte or VALID[position] == 0x0A:
        return
    changed = VALID[:position] + bytes([byte]) + VALID[position + 1 :]
    path = tmp_path / "fuzz.jsonl"
    path.write_bytes(changed)
    report = evaluate(VerifyOptions(export=path, pins=PINS, jobs=1))
    assert not report.ok, f"byte {position} -> {chr(byte)!r} passed"


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cut=st.integers(min_value=1, max_value=len(VALID) - 2))
def test_truncated_export_never_passes(tmp_path: Path, cut: int) -> None:
    path = tmp_path / "cut.jsonl"
    path.write_bytes(VALID[:cut])
    assert not evaluate(VerifyOptions(export=path, pins=PINS, jobs=1)).ok
