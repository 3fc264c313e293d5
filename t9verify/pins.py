"""Trust anchors: the auditor's pins (``--trust FILE``, ``--appliance-key``, ``--buyer-key``).

Spec "Trust anchors" and precise rules 5-6. A key is trusted for a role only when pinned
for that role with a window ``validFrom <= t <= validUntil`` (inclusive, null = open) that
holds the signing time. With no pins at all, appliance signatures need a key listed in the
export header and buyer signatures use the envelope's key; every check then says
``unpinned``.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from t9verify import b64, timefmt
from t9verify.errors import BadTrustFile
from t9verify.jsonstrict import StrictJsonError, loads_strict
from t9verify.reasons import Reason

APPLIANCE = "appliance"
BUYER = "buyer"
UNPINNED = "unpinned"


@dataclasses.dataclass(frozen=True, slots=True)
class Window:
    valid_from: int | None
    valid_until: int | None

    def contains(self, instant: int) -> bool:
        if self.valid_from is not None and instant < self.valid_from:
            return False
        return self.valid_until is None or instant <= self.valid_until

    def describe(self) -> str:
        return f"[{_show(self.valid_from)} .. {_show(self.valid_until)}]"


OPEN = Window(None, None)


def _show(instant: int | None) -> str:
    return timefmt.show(instant)


@dataclasses.dataclass(frozen=True, slots=True)
class Pins:
    """Appliance pins are by raw key, buyer pins by fingerprint (both with windows)."""

    appliance: tuple[tuple[bytes, Window], ...] = ()
    buyer: tuple[tuple[str, Window], ...] = ()
    signature_required_from: int | None = None

    @property
    def unpinned(self) -> bool:
        return not self.appliance and not self.buyer

    def merged(self, other: Pins) -> Pins:
        required = self.signature_required_from
        if other.signature_required_from is not None:
            required = (
                other.signature_required_from
                if required is None
                else min(required, other.signature_required_from)
            )
        return Pins(self.appliance + other.appliance, self.buyer + other.buyer, required)


@dataclasses.dataclass(frozen=True, slots=True)
class TrustDecision:
    anchor: str | None  # pinned-buyer, pinned-appliance, unpinned; None when refused
    code: Reason | None  # None when trusted
    message: str | None


def decide(
    pins: Pins,
    header_keys: tuple[tuple[bytes, Window], ...],
    role: str,
    public_key: bytes,
    instant: int,
) -> TrustDecision:
    """Is ``public_key`` trusted for ``role`` at ``instant``? (spec rules 5 and 6)."""
    anchor = trusted_anchor(pins, header_keys, role, public_key, instant)
    if anchor is not None:
        return TrustDecision(anchor, None, None)
    if pins.unpinned:
        return TrustDecision(
            None,
            Reason.KEY_NOT_TRUSTED,
            "no pins given and the key is not an appliance key of the header at the signing time",
        )
    own, other = _lists_for(pins, role, public_key)
    if not own:
        return TrustDecision(None, Reason.KEY_NOT_TRUSTED, f"no {role} keys are pinned")
    windows = _windows(pins, role, public_key)
    if any(window.contains(instant) for window in windows):
        return TrustDecision(f"pinned-{role}", None, None)
    if windows:
        shown = ", ".join(window.describe() for window in windows)
        return TrustDecision(
            None,
            Reason.KEY_NOT_TRUSTED,
            f"key pinned as {role} for {shown}, signed at {_show(instant)}",
        )
    if other:
        return TrustDecision(
            None, Reason.KEY_WRONG_ROLE, f"key is pinned for the other role, {role} key expected"
        )
    return TrustDecision(None, Reason.KEY_NOT_TRUSTED, f"key is not pinned as a {role} key")


def trusted_anchor(
    pins: Pins,
    header_keys: tuple[tuple[bytes, Window], ...],
    role: str,
    public_key: bytes,
    instant: int,
) -> str | None:
    """The trust anchor when ``public_key`` is trusted for ``role`` at ``instant``, else None.

    ``decide`` says why not. The windows of a (role, key) are found once per pins and header.
    """
    cache_key = (role, public_key)
    known = _TRUSTED.get(cache_key)
    if known is None or known[0] is not pins or known[1] is not header_keys:
        known = (pins, header_keys, *_trust_windows(pins, header_keys, role, public_key))
        if len(_TRUSTED) >= 4096:
            _TRUSTED.clear()
        _TRUSTED[cache_key] = known
    for window in known[3]:
        if window.contains(instant):
            return known[2]
    return None


def _trust_windows(
    pins: Pins, header_keys: tuple[tuple[bytes, Window], ...], role: str, public_key: bytes
) -> tuple[str, tuple[Window, ...]]:
    if not pins.unpinned:
        return f"pinned-{role}", _pinned_windows(pins, role, public_key)
    if role == BUYER:
        return UNPINNED, (OPEN,)
    return UNPINNED, tuple(window for key, window in header_keys if key == public_key)


_TRUSTED: dict[
    tuple[str, bytes],
    tuple[Pins, tuple[tuple[bytes, Window], ...], str, tuple[Window, ...]],
] = {}
_INDEX: dict[int, tuple[Pins, dict[tuple[str, bytes], tuple[Window, ...]]]] = {}


def _pinned_windows(pins: Pins, role: str, public_key: bytes) -> tuple[Window, ...]:
    """The windows of a key for a role, indexed once per ``Pins`` (decide runs per signature)."""
    known = _INDEX.get(id(pins))
    if known is None or known[0] is not pins:
        index: dict[tuple[str, bytes], list[Window]] = {}
        for key, window in pins.appliance:
            index.setdefault((APPLIANCE, key), []).append(window)
        for fingerprint, window in pins.buyer:
            index.setdefault((BUYER, fingerprint.encode()), []).append(window)
        known = _INDEX[id(pins)] = (pins, {k: tuple(v) for k, v in index.items()})
    ident = public_key if role == APPLIANCE else b64.fingerprint(public_key).encode()
    return known[1].get((role, ident), ())


def _lists_for(pins: Pins, role: str, public_key: bytes) -> tuple[bool, bool]:
    """(any pins for this role, key pinned in the other role)."""
    fingerprint = b64.fingerprint(public_key)
    if role == APPLIANCE:
        return bool(pins.appliance), any(fp == fingerprint for fp, _ in pins.buyer)
    return bool(pins.buyer), any(key == public_key for key, _ in pins.appliance)


def _windows(pins: Pins, role: str, public_key: bytes) -> list[Window]:
    if role == APPLIANCE:
        return [window for key, window in pins.appliance if key == public_key]
    fingerprint = b64.fingerprint(public_key)
    return [window for fp, window in pins.buyer if fp == fingerprint]


# ---- reading pins -----------------------------------------------------------------------


def parse_appliance_key(text: str) -> bytes:
    raw = b64.decode_strict(text, length=32)
    if raw is None:
        raise BadTrustFile(f"--appliance-key {text!r} is not the base64 of a 32-byte key")
    return raw


def parse_buyer_key(text: str) -> str:
    """A base64 public key or a ``SHA256:`` fingerprint, as a fingerprint."""
    if text.startswith("SHA256:"):
        digest = b64.decode_strict(text[len("SHA256:") :] + "=", length=32)
        if digest is None:
            raise BadTrustFile(f"--buyer-key {text!r} is not a SHA256: fingerprint")
        return text
    raw = b64.decode_strict(text, length=32)
    if raw is None:
        raise BadTrustFile(f"--buyer-key {text!r} is neither a base64 key nor a fingerprint")
    return b64.fingerprint(raw)


def pins_from_options(appliance_keys: list[str], buyer_keys: list[str]) -> Pins:
    return Pins(
        tuple((parse_appliance_key(text), OPEN) for text in appliance_keys),
        tuple((parse_buyer_key(text), OPEN) for text in buyer_keys),
    )


def load_trust_file(path: Path) -> Pins:
    """Read ``--trust FILE``; anything unusable raises ``BadTrustFile`` (exit 2)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadTrustFile(f"cannot read trust file {path}: {exc}") from None
    try:
        data = loads_strict(text)
    except StrictJsonError as exc:
        raise BadTrustFile(f"trust file {path}: {exc.message}") from None
    return trust_from_json(data, str(path))


def trust_from_json(data: Any, where: str) -> Pins:
    if not isinstance(data, dict):
        raise BadTrustFile(f"trust file {where}: expected a JSON object")
    unknown = set(data) - {"appliance", "buyer", "signatureRequiredFrom"}
    if unknown:
        raise BadTrustFile(f"trust file {where}: unknown fields {sorted(unknown)}")
    appliance = tuple(
        (_entry_key(entry, where), _entry_window(entry, where))
        for entry in _entries(data, "appliance", where)
    )
    buyer = tuple(
        (_entry_fingerprint(entry, where), _entry_window(entry, where))
        for entry in _entries(data, "buyer", where)
    )
    required = data.get("signatureRequiredFrom")
    required_ms = None
    if required is not None:
        required_ms = timefmt.parse_ms(required)
        if required_ms is None:
            raise BadTrustFile(f"trust file {where}: signatureRequiredFrom is not a timestamp")
    return Pins(appliance, buyer, required_ms)


def _entries(data: dict[str, Any], role: str, where: str) -> list[dict[str, Any]]:
    entries = data.get(role, [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise BadTrustFile(f"trust file {where}: {role} must be a list of objects")
    return entries


def _entry_key(entry: dict[str, Any], where: str) -> bytes:
    _only(entry, {"publicKey", "validFrom", "validUntil"}, where)
    raw = b64.decode_strict(entry.get("publicKey"), length=32)
    if raw is None:
        raise BadTrustFile(f"trust file {where}: appliance publicKey is not a base64 32-byte key")
    return raw


def _entry_fingerprint(entry: dict[str, Any], where: str) -> str:
    _only(entry, {"fingerprint", "validFrom", "validUntil"}, where)
    value = entry.get("fingerprint")
    if not isinstance(value, str):
        raise BadTrustFile(f"trust file {where}: buyer fingerprint missing")
    try:
        return parse_buyer_key(value)
    except BadTrustFile:
        raise BadTrustFile(f"trust file {where}: bad buyer fingerprint {value!r}") from None


def _only(entry: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = set(entry) - allowed
    if unknown:
        raise BadTrustFile(f"trust file {where}: unknown fields {sorted(unknown)}")


def _entry_window(entry: dict[str, Any], where: str) -> Window:
    bounds: list[int | None] = []
    for name in ("validFrom", "validUntil"):
        value = entry.get(name)
        if value is None:
            bounds.append(None)
            continue
        instant = timefmt.parse_ms(value)
        if instant is None:
            raise BadTrustFile(f"trust file {where}: {name} {value!r} is not a timestamp")
        bounds.append(instant)
    window = Window(bounds[0], bounds[1])
    start, end = window.valid_from, window.valid_until
    if start is not None and end is not None and start > end:
        raise BadTrustFile(f"trust file {where}: validFrom is after validUntil")
    return window
