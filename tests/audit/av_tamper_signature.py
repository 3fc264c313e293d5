"""Tamper cases aimed at the signature checks: every signed field changed without
re-signing, broken encodings of keys and signatures, small-order and non-canonical
values, wrong kinds in each slot and keys of the wrong role or outside their pins."""

from __future__ import annotations

import base64
from collections.abc import Callable

from av_build import Export, Obj, render, seal
from av_cases import (
    TRUST_APPLIANCE_ONLY,
    TRUST_IDENTITY_KEY,
    TRUST_MAIN,
    Case,
    altered,
    checkpoint_seq,
    edit_manifest,
    fail,
    find,
    kebab,
    seq_of,
)
from av_keys import (
    ANY_MESSAGE_SIGNATURE,
    APPLIANCE_A,
    BUYER_ALICE,
    GROUP_ORDER_L,
    IDENTITY_POINT,
    MALLORY,
    NamedKey,
    b64,
    padding_bits_set,
    resign,
)
from av_scenarios import PA_LOGS, PA_RESTART, mixed

# (case prefix, record key, envelope slot or None for the record itself, check name)
SIGNED_SLOTS = (
    ("approval-manual", "cmd-tf-apply", "approval", "commandApproval"),
    ("approval-preapproved", "cmd-preapproved-restart", "approval", "commandApproval"),
    ("integrity", "cmd-tf-apply", "outputIntegrity", "outputIntegrity"),
    ("release-manual", "cmd-tf-apply", "release", "outputApproval"),
    ("release-preapproved", "cmd-fully-preapproved-logs", "release", "outputApproval"),
    ("preapproval", PA_RESTART, None, "preApproval"),
    ("revocation", f"revocation:{PA_RESTART}", None, "preApproval"),
)


# Fields whose change also makes the manifest ill-formed for its slot (spec "Precise
# rules" 1 and "Signed envelopes"): reporting that shape error instead is also right.
SHAPE_CODES = {
    "kind": ("WRONG_KIND",),
    "mode": ("FIELD_MISSING", "FIELD_VALUE", "UNKNOWN_MODE"),
    "decision": ("FIELD_VALUE", "DECISION_MISMATCH"),
}


def _envelope_of(export: Export, key: str, slot: str | None) -> Obj:
    record = find(export, key)
    return record if slot is None else record[slot]


def unsigned_field_cases() -> list[Case]:
    """Each field of each manifest kind changed, the old signature kept."""
    cases = []
    for prefix, key, slot, check in SIGNED_SLOTS:
        for field in sorted(_envelope_of(mixed(), key, slot)["manifest"]):
            export = mixed()
            also = SHAPE_CODES.get(field, ())
            failure = fail(seq_of(export, key), check, "SIGNATURE_INVALID", also)
            manifest = _envelope_of(export, key, slot)["manifest"]
            manifest[field] = altered(field, manifest[field])
            name = f"{prefix}-{kebab(field)}-changed-not-resigned"
            cases.append(Case(name, render(seal(export)), (failure,)))
    sealed = seal(mixed())
    for field in sorted(sealed[-1]["manifest"]):
        lines = seal(mixed())
        lines[-1]["manifest"][field] = altered(field, lines[-1]["manifest"][field])
        also = SHAPE_CODES.get(field, ())
        failure = fail(checkpoint_seq(mixed()), "chain", "SIGNATURE_INVALID", also)
        name = f"checkpoint-{kebab(field)}-changed-not-resigned"
        cases.append(Case(name, render(lines), (failure,)))
    return cases


def _approval_case(
    name: str, code: str, change: Callable[[Obj], None], trust: str = TRUST_MAIN
) -> Case:
    export = mixed()
    change(find(export, "cmd-tf-apply")["approval"])
    failure = fail(seq_of(export, "cmd-tf-apply"), "commandApproval", code)
    return Case(name, render(seal(export)), (failure,), trust=trust)


def _set(field: str, value: str) -> Callable[[Obj], None]:
    def change(env: Obj) -> None:
        env[field] = value

    return change


def _s_plus_l(env: Obj) -> None:
    raw = base64.b64decode(env["signature"])
    s = int.from_bytes(raw[32:], "little") + GROUP_ORDER_L
    env["signature"] = b64(raw[:32] + s.to_bytes(32, "little"))


def _small_order_r(env: Obj) -> None:
    raw = base64.b64decode(env["signature"])
    env["signature"] = b64(IDENTITY_POINT + raw[32:])


def _identity_key(env: Obj) -> None:
    env["publicKey"] = b64(IDENTITY_POINT)
    env["signature"] = b64(ANY_MESSAGE_SIGNATURE)


def _signature_padding_bits(env: Obj) -> None:
    env["signature"] = padding_bits_set(env["signature"])


def _key_padding_bits(env: Obj) -> None:
    env["publicKey"] = padding_bits_set(env["publicKey"])


def _signature_unpadded(env: Obj) -> None:
    env["signature"] = env["signature"].rstrip("=")


def _drop_signature(env: Obj) -> None:
    del env["signature"]


def encoding_cases() -> list[Case]:
    """Keys and signatures that are not what Ed25519 strictly accepts."""
    ok_sig = find(mixed(), "cmd-tf-apply")["approval"]["signature"]
    return [
        _approval_case(
            "signature-not-base64", "SIGNATURE_MALFORMED", _set("signature", "!!not*base64!!")
        ),
        _approval_case(
            "signature-63-bytes",
            "SIGNATURE_MALFORMED",
            _set("signature", b64(base64.b64decode(ok_sig)[:63])),
        ),
        _approval_case("signature-small-order-r", "SIGNATURE_MALFORMED", _small_order_r),
        _approval_case("signature-s-plus-group-order", "SIGNATURE_NONCANONICAL", _s_plus_l),
        _approval_case("public-key-not-base64", "KEY_MALFORMED", _set("publicKey", "@@@@")),
        _approval_case(
            "public-key-31-bytes",
            "KEY_MALFORMED",
            _set("publicKey", b64(BUYER_ALICE.public_raw[:31])),
        ),
        _approval_case(
            "public-key-identity-point-any-message-signature",
            "KEY_SMALL_ORDER",
            _identity_key,
            trust=TRUST_IDENTITY_KEY,
        ),
        _approval_case("envelope-without-signature", "ENVELOPE_INVALID", _drop_signature),
        _approval_case(
            "signature-base64-padding-bits-set", "SIGNATURE_MALFORMED", _signature_padding_bits
        ),
        _approval_case(
            "signature-base64-without-padding", "SIGNATURE_MALFORMED", _signature_unpadded
        ),
        _approval_case("public-key-base64-padding-bits-set", "KEY_MALFORMED", _key_padding_bits),
        _checkpoint_signature_padding_bits(),
    ]


def _checkpoint_signature_padding_bits() -> Case:
    # Nothing hashes the checkpoint line: only a strict decoder notices this change.
    lines = seal(mixed())
    _signature_padding_bits(lines[-1])
    failure = fail(checkpoint_seq(mixed()), "chain", "SIGNATURE_MALFORMED")
    return Case("checkpoint-signature-base64-padding-bits-set", render(lines), (failure,))


def wrong_kind_cases() -> list[Case]:
    """A well-signed manifest of the wrong kind in each slot."""
    cases = []
    for prefix, key, slot, check in SIGNED_SLOTS[:1] + SIGNED_SLOTS[2:4] + SIGNED_SLOTS[5:]:
        export = mixed()
        wrong = "t9.ops.checkpoint/v1"
        edit_manifest(export, key, slot, kind=wrong)
        failure = fail(seq_of(export, key), check, "WRONG_KIND")
        cases.append(Case(f"{prefix}-slot-holds-checkpoint-kind", render(seal(export)), (failure,)))
    lines = seal(mixed())
    lines[-1]["manifest"]["kind"] = "t9.ops.outputIntegrity/v1"
    resign(lines[-1])
    failure = fail(checkpoint_seq(mixed()), "chain", "WRONG_KIND")
    cases.append(Case("checkpoint-holds-output-integrity-kind", render(lines), (failure,)))
    # The two appliance envelopes of one command swapped: each slot gets the other kind.
    export = mixed()
    record = find(export, "cmd-tf-apply")
    record["approval"], record["outputIntegrity"] = record["outputIntegrity"], record["approval"]
    seq = seq_of(export, "cmd-tf-apply")
    failures = (
        fail(seq, "commandApproval", "WRONG_KIND"),
        fail(seq, "outputIntegrity", "WRONG_KIND"),
    )
    cases.append(Case("approval-and-integrity-envelopes-swapped", render(seal(export)), failures))
    return cases


# (case name, record key, slot or None, check, the key that signs instead, reason code)
KEY_SWAPS: tuple[tuple[str, str, str | None, str, NamedKey, str], ...] = (
    (
        "approval-manual-signed-by-appliance-key",
        "cmd-tf-apply",
        "approval",
        "commandApproval",
        APPLIANCE_A,
        "KEY_WRONG_ROLE",
    ),
    (
        "approval-preapproved-signed-by-buyer-key",
        "cmd-preapproved-restart",
        "approval",
        "commandApproval",
        BUYER_ALICE,
        "KEY_WRONG_ROLE",
    ),
    (
        "integrity-signed-by-buyer-key",
        "cmd-tf-apply",
        "outputIntegrity",
        "outputIntegrity",
        BUYER_ALICE,
        "KEY_WRONG_ROLE",
    ),
    (
        "release-manual-signed-by-appliance-key",
        "cmd-tf-apply",
        "release",
        "outputApproval",
        APPLIANCE_A,
        "KEY_WRONG_ROLE",
    ),
    (
        "release-preapproved-signed-by-buyer-key",
        "cmd-fully-preapproved-logs",
        "release",
        "outputApproval",
        BUYER_ALICE,
        "KEY_WRONG_ROLE",
    ),
    (
        "preapproval-signed-by-appliance-key",
        PA_LOGS,
        None,
        "preApproval",
        APPLIANCE_A,
        "KEY_WRONG_ROLE",
    ),
    (
        "approval-manual-signed-by-unpinned-key",
        "cmd-tf-apply",
        "approval",
        "commandApproval",
        MALLORY,
        "KEY_NOT_TRUSTED",
    ),
    (
        "integrity-signed-by-unpinned-key",
        "cmd-tf-apply",
        "outputIntegrity",
        "outputIntegrity",
        MALLORY,
        "KEY_NOT_TRUSTED",
    ),
    (
        "release-manual-signed-by-unpinned-key",
        "cmd-tf-apply",
        "release",
        "outputApproval",
        MALLORY,
        "KEY_NOT_TRUSTED",
    ),
    (
        "revocation-signed-by-unpinned-key",
        f"revocation:{PA_RESTART}",
        None,
        "preApproval",
        MALLORY,
        "KEY_NOT_TRUSTED",
    ),
)


def key_role_cases() -> list[Case]:
    """Keys of the wrong role, keys nobody pinned, and a trust file with no buyer keys."""
    cases = []
    for name, key, slot, check, signer, code in KEY_SWAPS:
        export = mixed()
        edit_manifest(export, key, slot, key_to_sign=signer)
        cases.append(Case(name, render(seal(export)), (fail(seq_of(export, key), check, code),)))
    lines = seal(mixed())
    resign(lines[-1], BUYER_ALICE)
    failure = fail(checkpoint_seq(mixed()), "chain", "KEY_WRONG_ROLE")
    cases.append(Case("checkpoint-signed-by-buyer-key", render(lines), (failure,)))
    export = mixed()
    seq = seq_of(export, "cmd-tf-apply")
    cases.append(
        Case(
            "buyer-signatures-with-empty-buyer-pins",
            render(seal(export)),
            (
                fail(seq, "commandApproval", "KEY_NOT_TRUSTED"),
                fail(seq, "outputApproval", "KEY_NOT_TRUSTED"),
            ),
            trust=TRUST_APPLIANCE_ONLY,
        )
    )
    return cases


def all_cases() -> list[Case]:
    return unsigned_field_cases() + encoding_cases() + wrong_kind_cases() + key_role_cases()
