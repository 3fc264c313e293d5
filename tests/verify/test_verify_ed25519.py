"""Strict Ed25519: RFC 8032 7.1 vectors, all Wycheproof vectors and small-order attacks,
through both backends (PyNaCl and cryptography)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from nacl.signing import SigningKey

from t9verify import ed25519
from t9verify.reasons import Reason

WYCHEPROOF = Path(__file__).parent.parent / "data" / "ed25519" / "wycheproof-ed25519_test.json"
BACKENDS = ed25519.BACKENDS

# RFC 8032 section 7.1: (secret key, public key, message, signature), hex.
RFC8032_VECTORS = [
    (
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
        "",
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bac"
        "c61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
    ),
    (
        "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
        "72",
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e"
        "458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
    ),
    (
        "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
        "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
        "af82",
        "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290"
        "ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a",
    ),
    (
        "833fe62409237b9d62ec77587520911e9a759cec1d19755b7da901b96dca3d42",
        "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
        "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
        "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f",
        "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b58909351fc9ac90b3ec"
        "fdfbc7c66431e0303dca179c138ac17ad9bef1177331a704",
    ),
]

IDENTITY_KEY = bytes([1]) + bytes(31)
# With the identity as A, [S]B = R + [k]A = R holds for R = [S]B whatever the message:
# S = 0 gives R = the identity itself, a "signature" valid for every message.
IDENTITY_FORGERY = bytes([1]) + bytes(31) + bytes(32)


def _wycheproof_cases() -> list[tuple[str, int, str, str, str, str]]:
    data = json.loads(WYCHEPROOF.read_text(encoding="utf-8"))
    cases = []
    for group in data["testGroups"]:
        for test in group["tests"]:
            cases.append(
                (
                    group["publicKey"]["pk"],
                    test["tcId"],
                    test["msg"],
                    test["sig"],
                    test["result"],
                    test["comment"],
                )
            )
    return cases


WYCHEPROOF_CASES = _wycheproof_cases()


def test_wycheproof_file_holds_all_151_vectors() -> None:
    assert len(WYCHEPROOF_CASES) == 151


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(("secret", "public", "message", "signature"), RFC8032_VECTORS)
def test_rfc8032_vectors_verify_and_sign(
    backend: str, secret: str, public: str, message: str, signature: str
) -> None:
    signing = SigningKey(bytes.fromhex(secret))
    assert bytes(signing.verify_key) == bytes.fromhex(public)
    assert signing.sign(bytes.fromhex(message)).signature == bytes.fromhex(signature)
    ed25519.verify_strict(
        bytes.fromhex(public),
        bytes.fromhex(signature),
        bytes.fromhex(message),
        backend_name=backend,
    )


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(("secret", "public", "message", "signature"), RFC8032_VECTORS)
def test_rfc8032_vectors_fail_on_a_changed_message(
    backend: str, secret: str, public: str, message: str, signature: str
) -> None:
    del secret
    with pytest.raises(ed25519.StrictVerifyError) as info:
        ed25519.verify_strict(
            bytes.fromhex(public),
            bytes.fromhex(signature),
            bytes.fromhex(message) + b"x",
            backend_name=backend,
        )
    assert info.value.code == Reason.SIGNATURE_INVALID


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("case", WYCHEPROOF_CASES, ids=[f"tc{c[1]}" for c in WYCHEPROOF_CASES])
def test_wycheproof_vector_gets_expected_verdict(
    backend: str, case: tuple[str, int, str, str, str, str]
) -> None:
    pk, _tc_id, msg, sig, result, _comment = case
    try:
        ed25519.verify_strict(
            bytes.fromhex(pk), bytes.fromhex(sig), bytes.fromhex(msg), backend_name=backend
        )
        verdict = "valid"
    except ed25519.StrictVerifyError:
        verdict = "invalid"
    assert verdict == result


def test_identity_key_is_rejected_even_by_a_backend_that_accepts_everything(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # cryptography 50 over OpenSSL was measured accepting IDENTITY_FORGERY for any message;
    # the strict checks must hold whatever the backend says.
    monkeypatch.setattr(ed25519, "backend", lambda name=None: lambda pk, sig, msg: True)
    with pytest.raises(ed25519.StrictVerifyError) as info:
        ed25519.verify_strict(IDENTITY_KEY, IDENTITY_FORGERY, b"any message")
    assert info.value.code == Reason.KEY_SMALL_ORDER


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("message", [b"", b"pay 1000000", b"\x00" * 64])
def test_identity_point_key_forgery_is_rejected(backend: str, message: bytes) -> None:
    with pytest.raises(ed25519.StrictVerifyError) as info:
        ed25519.verify_strict(IDENTITY_KEY, IDENTITY_FORGERY, message, backend_name=backend)
    assert info.value.code == Reason.KEY_SMALL_ORDER


@pytest.mark.parametrize("encoded", sorted(ed25519.SMALL_ORDER_ENCODINGS))
@pytest.mark.parametrize("backend", BACKENDS)
def test_every_small_order_public_key_is_rejected(backend: str, encoded: bytes) -> None:
    with pytest.raises(ed25519.StrictVerifyError) as info:
        ed25519.verify_strict(encoded, IDENTITY_FORGERY, b"m", backend_name=backend)
    assert info.value.code in {Reason.KEY_SMALL_ORDER, Reason.KEY_MALFORMED}


@pytest.mark.parametrize("encoded", sorted(ed25519.SMALL_ORDER_ENCODINGS))
def test_every_small_order_r_is_rejected(encoded: bytes) -> None:
    signing = SigningKey(bytes(range(32)))
    signature = encoded + bytes(32)
    with pytest.raises(ed25519.StrictVerifyError) as info:
        ed25519.verify_strict(bytes(signing.verify_key), signature, b"m")
    assert info.value.code == Reason.SIGNATURE_MALFORMED


def test_s_equal_to_l_is_rejected_even_when_s_minus_l_verifies() -> None:
    signing = SigningKey(bytes(range(32)))
    signature = signing.sign(b"m").signature
    s = int.from_bytes(signature[32:], "little") + ed25519.L
    malleated = signature[:32] + s.to_bytes(32, "little")
    with pytest.raises(ed25519.StrictVerifyError) as info:
        ed25519.verify_strict(bytes(signing.verify_key), malleated, b"m")
    assert info.value.code == Reason.SIGNATURE_NONCANONICAL


def test_non_canonical_public_key_is_rejected() -> None:
    y_too_big = (ed25519.P + 2).to_bytes(32, "little")
    with pytest.raises(ed25519.StrictVerifyError) as info:
        ed25519.check_public_key(y_too_big)
    assert info.value.code == Reason.KEY_MALFORMED


@pytest.mark.parametrize("length", [0, 31, 33])
def test_public_key_of_wrong_length_is_rejected(length: int) -> None:
    with pytest.raises(ed25519.StrictVerifyError):
        ed25519.check_public_key(bytes(length))


@pytest.mark.parametrize("length", [0, 63, 65])
def test_signature_of_wrong_length_is_rejected(length: int) -> None:
    with pytest.raises(ed25519.StrictVerifyError) as info:
        ed25519.check_signature_encoding(bytes(length))
    assert info.value.code == Reason.SIGNATURE_MALFORMED


def test_unknown_backend_name_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown Ed25519 backend"):
        ed25519.backend("openssl-raw")
