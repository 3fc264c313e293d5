"""Tamper cases on single lines and records: malformed JSON and numbers, fields of the
wrong type or missing, legacy tricks, pins outside their window (key rotation), and
lenient modes refused by ``--strict``."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from av_build import Obj, legacy_command, render, seal
from av_cases import (
    TRUST_BUYER_ONLY,
    TRUST_ROTATION,
    Case,
    checkpoint_seq,
    edit_spec,
    fail,
    find,
    replace_command,
    seq_of,
)
from av_jcs import canonical_text
from av_keys import APPLIANCE_A, APPLIANCE_B, BUYER_BOB, resign
from av_scenarios import (
    HOUR,
    PA_RESTART,
    legacy,
    mixed,
    mixed_specs,
    rotation,
    rotation_specs,
)

TF = "cmd-tf-apply"


def _raw(name: str, key: str, edit: Callable[[str], str], check: str, code: str) -> Case:
    """Edit the text of one line of the sealed mixed export; later prevs may break too."""
    export = mixed()
    lines: list[Obj | str] = list(seal(export))
    seq = seq_of(export, key)
    text = canonical_text(lines[seq])
    edited = edit(text)
    if edited == text:
        raise ValueError(f"{name}: the edit changed nothing")
    lines[seq] = edited
    return Case(name, render(lines), (fail(seq, check, code),))


def _sub(old: str, new: str) -> Callable[[str], str]:
    return lambda text: text.replace(old, new, 1)


def malformed_line_cases() -> list[Case]:
    record = "record"
    return [
        _raw(
            "float-in-signed-manifest",
            TF,
            _sub('"stdoutSize":16', '"stdoutSize":16.0'),
            record,
            "NUMBER_NOT_ALLOWED",
        ),
        _raw(
            "float-with-exponent-in-record",
            TF,
            _sub('"timeoutSeconds":3600', '"timeoutSeconds":3.6e3'),
            record,
            "NUMBER_NOT_ALLOWED",
        ),
        _raw(
            "huge-integer-in-record",
            TF,
            _sub('"timeoutSeconds":3600', '"timeoutSeconds":9007199254740993'),
            record,
            "NUMBER_NOT_ALLOWED",
        ),
        _raw(
            "huge-negative-integer-in-signed-manifest",
            TF,
            _sub('"exitCode":0', '"exitCode":-9007199254740992'),
            record,
            "NUMBER_NOT_ALLOWED",
        ),
        _raw(
            "nan-in-record",
            TF,
            _sub('"timeoutSeconds":3600', '"timeoutSeconds":NaN'),
            record,
            "LINE_MALFORMED",
        ),
        _raw(
            "infinity-in-signed-manifest",
            TF,
            _sub('"exitCode":0', '"exitCode":Infinity'),
            record,
            "LINE_MALFORMED",
        ),
        _raw(
            "duplicate-key-in-record",
            TF,
            _sub('"reason":"routine maintenance"', '"reason":"routine maintenance","reason":"x"'),
            record,
            "LINE_MALFORMED",
        ),
        _raw(
            "duplicate-key-in-signed-manifest",
            TF,
            _sub('"decision":"approve"', '"decision":"approve","decision":"reject"'),
            record,
            "LINE_MALFORMED",
        ),
        _raw(
            "lone-surrogate-in-record",
            TF,
            _sub('"reason":"routine maintenance"', '"reason":"routine \\ud800maintenance"'),
            record,
            "LINE_MALFORMED",
        ),
        _raw("line-not-json", TF, lambda text: text[: len(text) // 2], record, "LINE_MALFORMED"),
    ]


def _record(name: str, key: str, check: str, code: str, edit: Callable[[Obj], None]) -> Case:
    export = mixed()
    seq = seq_of(export, key)
    edit(find(export, key))
    return Case(name, render(seal(export)), (fail(seq, check, code),))


def _non_ascii_manifest_key(record: Obj) -> None:
    # Only the signed manifest carries the key: the record itself stays well-formed.
    record["approval"]["manifest"]["apprové"] = "yes"
    resign(record["approval"])


def field_cases() -> list[Case]:
    return [
        _record(
            "record-type-unknown",
            TF,
            "record",
            "UNKNOWN_RECORD_TYPE",
            lambda r: r.update(type="annotation"),
        ),
        _record(
            "record-field-missing", TF, "record", "FIELD_MISSING", lambda r: r.pop("customerName")
        ),
        _record(
            "record-timeout-seconds-is-a-string",
            TF,
            "record",
            "FIELD_TYPE",
            lambda r: r.update(timeoutSeconds="3600"),
        ),
        _record(
            "record-var-value-not-a-string",
            "cmd-kubectl-template",
            "record",
            "FIELD_TYPE",
            lambda r: r["vars"].update(NAMESPACE=7),
        ),
        _record(
            "signed-manifest-with-non-ascii-key",
            TF,
            "commandApproval",
            "NON_ASCII_KEY",
            _non_ascii_manifest_key,
        ),
        _record(
            "record-appliance-id-differs-from-header",
            "cmd-kubectl-adhoc",
            "record",
            "APPLIANCE_MISMATCH",
            _appliance_other,
        ),
    ]


def _appliance_other(record: Obj) -> None:
    record["applianceId"] = "appl-other"
    record["approval"]["manifest"]["applianceId"] = "appl-other"
    resign(record["approval"])


def legacy_cases() -> list[Case]:
    export = legacy()
    export.records[1], export.records[2] = export.records[2], export.records[1]
    after_signed = Case(
        "legacy-after-signed-record",
        render(seal(export)),
        (fail(3, "record", "LEGACY_AFTER_SIGNED"),),
    )
    export = legacy()
    late = edit_spec(mixed_specs(), "cmd-script-diag", command_id="cmd-legacy-late", name="late")
    export.records.insert(0, legacy_command(dataclasses.replace(late, submitted=-4 * 24 * HOUR)))
    after_required = Case(
        "legacy-after-signature-required-from",
        render(seal(export)),
        (fail(1, "record", "LEGACY_AFTER_REQUIRED"),),
    )
    export = legacy()
    export.records.insert(0, find(mixed(), PA_RESTART))
    after_preapproval = Case(
        "legacy-after-preapproval-record",
        render(seal(export)),
        (fail(2, "record", "LEGACY_AFTER_SIGNED"),),
    )
    export = legacy()
    export.records[0]["approval"] = find(mixed(), "cmd-kubectl-adhoc")["approval"]
    with_envelope = Case(
        "legacy-carrying-an-envelope",
        render(seal(export)),
        (fail(1, "record", "LEGACY_WITH_ENVELOPE"),),
    )
    export = mixed()
    stripped = find(export, TF)
    stripped.update(legacy=True, approval=None, outputIntegrity=None, release=None)
    seq = seq_of(export, TF)
    stripped_case = Case(
        "legacy-flag-on-stripped-signed-record",
        render(seal(export)),
        (fail(seq, "record", "LEGACY_AFTER_SIGNED"), fail(seq, "record", "LEGACY_AFTER_REQUIRED")),
    )
    strict = Case(
        "legacy-export-under-strict",
        render(seal(legacy())),
        (fail(1, "record", "LEGACY_STRICT"), fail(2, "record", "LEGACY_STRICT")),
        args=("--strict",),
    )
    no_appliance_pins = Case(
        "appliance-signatures-with-empty-appliance-pins",
        render(seal(mixed())),
        (
            fail(seq_of(mixed(), TF), "outputIntegrity", "KEY_NOT_TRUSTED"),
            fail(checkpoint_seq(mixed()), "chain", "KEY_NOT_TRUSTED"),
        ),
        trust=TRUST_BUYER_ONLY,
    )
    unpinned = Case(
        "mixed-export-unpinned-under-strict",
        render(seal(mixed())),
        (fail(seq_of(mixed(), TF), "commandApproval", "UNPINNED"),),
        trust=None,
        args=("--strict",),
    )
    return [
        no_appliance_pins,
        after_signed,
        after_preapproval,
        after_required,
        with_envelope,
        stripped_case,
        strict,
        unpinned,
    ]


def rotation_cases() -> list[Case]:
    def respec(name: str, key: str, check: str, **changes: object) -> Case:
        export = rotation()
        replace_command(export, edit_spec(rotation_specs(), key, **changes))
        failure = fail(seq_of(export, key), check, "KEY_NOT_TRUSTED")
        return Case(name, render(seal(export)), (failure,), trust=TRUST_ROTATION)

    export = rotation()
    export.checkpoint_key = APPLIANCE_A
    retired = Case(
        "rotation-checkpoint-by-retired-key",
        render(seal(export)),
        (fail(len(export.records) + 1, "chain", "KEY_NOT_TRUSTED"),),
        trust=TRUST_ROTATION,
    )
    return [
        respec(
            "rotation-retired-key-signs-after-handover",
            "cmd-rot-after",
            "outputIntegrity",
            appliance=APPLIANCE_A,
        ),
        respec(
            "rotation-new-key-signs-before-handover",
            "cmd-rot-before",
            "outputIntegrity",
            appliance=APPLIANCE_B,
        ),
        respec(
            "rotation-buyer-key-used-after-its-window",
            "cmd-rot-after",
            "outputApproval",
            releaser=BUYER_BOB,
        ),
        retired,
    ]


def all_cases() -> list[Case]:
    return malformed_line_cases() + field_cases() + legacy_cases() + rotation_cases()
