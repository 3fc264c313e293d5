"""The acceptance path for ``command`` lines: a verdict of PASS or PENDING, or no verdict.

Almost every line of a real export is a command record whose every check passes. For such
a line this module reaches the same outcome as the reference path (``lines``, ``checks``)
at a fraction of its cost: the line is read by orjson, canonical bytes come from orjson,
and every rule is checked inline without building a failure it would throw away.

The contract, which ``tests/verify/test_verify_accept.py`` checks on every vector:
``accept_command`` returns either None or, provided the signatures it hands back verify,
exactly what the reference path returns for that line. (The caller checks the signatures
of many lines in one tight loop, which keeps both the Ed25519 code and this module warm in
the processor's caches.) It returns None at the first doubt: a line that is not a bare
JSON object, a ``\\u003a`` escape (it would blind the duplicate-key test below), any field,
type, bound, binding, time, lifecycle, encoding or trust rule that does not hold, or a
shape it does not take (legacy records, pre-approvals, revocations, checkpoints). The reference path
then decides that line and explains what is wrong, so this module never needs to.

Strict reading without the stdlib reader: orjson refuses NaN, Infinity, lone surrogates,
invalid UTF-8 and trailing data; floats and integers of |n| >= 2**53 can only sit in
fields whose type and bounds are checked here. Duplicate keys are the one thing orjson
lets through (the last one wins), so they are counted: every key/value pair of the line
holds exactly one colon outside its strings, so when the line's colons outnumber those
of the canonical bytes re-made from what was parsed, a pair was lost to a duplicate.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from types import ModuleType
from typing import Any

import orjson

from t9verify import b64, ed25519
from t9verify.checks import manifests as m
from t9verify.checks.lifecycle import (
    ABSENT,
    IN_FLIGHT,
    OPTIONAL,
    REQUIRED,
    REQUIREMENTS,
    STATES,
    exit_code_problem,
)
from t9verify.checks.preapprovals import check_preapproved_release, check_preapproved_use
from t9verify.context import VerifyContext
from t9verify.fields import HEX64, MAX_BODY, MAX_TEXT
from t9verify.jsonstrict import MAX_SAFE_INT
from t9verify.pins import APPLIANCE, BUYER, UNPINNED, trusted_anchor
from t9verify.results import PASS, PENDING, Check
from t9verify.timefmt import parse_ms

APPROVAL, INTEGRITY, RELEASE, PREAPPROVAL = (
    "commandApproval",
    "outputIntegrity",
    "outputApproval",
    "preApproval",
)
_SORTED = orjson.OPT_SORT_KEYS
_ESCAPED_COLON = re.compile(rb"\\u003[aA]")
_KEYS = frozenset(m.COMMAND)
_KEYS_WITH_ATTACHMENTS = _KEYS | {"attachments"}
_ENVELOPE_KEYS = frozenset({"manifest", "publicKey", "signature"})
_APPROVAL_KEYS = {
    "manual": frozenset(m.APPROVAL_MANUAL),
    "preapproved": frozenset(m.APPROVAL_PREAPPROVED),
}
_INTEGRITY_KEYS = frozenset(m.INTEGRITY)
_RELEASE_KEYS = {
    "manual": frozenset(m.RELEASE_MANUAL),
    "preapproved": frozenset(m.RELEASE_PREAPPROVED),
}
_APPROVAL_DECISIONS: dict[str, tuple[str, ...]] = {
    "manual": ("approve", "reject"),
    "preapproved": ("approve",),
}
_STATES = frozenset(STATES)
_IN_FLIGHT = frozenset(IN_FLIGHT)
_COMMAND_TYPES = frozenset(m.COMMAND_TYPES)
_PERMISSIONS = frozenset(m.PERMISSIONS)
_ATTACHMENT_KEYS = frozenset({"stdout", "stderr"})

Signed = tuple[bytes, bytes, bytes]
"""(public key, signature, message) whose encodings are strictly valid: only the backend's
equation is left to check, which the caller does for many lines at once."""
Accepted = tuple[
    dict[str, Any], str, tuple[Check, ...], str, "tuple[str, int] | None", list[Signed]
]
"""(record, record hash, checks, result, run use, signatures still to verify) of a command
line whose every check passes, provided every one of its signatures verifies."""
AcceptPath = Callable[[VerifyContext, "bytes | None"], "Accepted | None"]

_TEXT_FIELDS = ("commandId", "commandName", "appName", "customerName", "applianceId", "reason")
_STEP_KEYS = frozenset({"state", "at"})
_TEMPLATE_KEYS = frozenset({"id", "version", "contentSha256"})


def accept_command_python(ctx: VerifyContext, raw: bytes | None) -> Accepted | None:
    """The outcome of a command line whose every check passes, else None (see above)."""
    if raw is None or raw[:1] != b"{" or raw[-1:] != b"}":
        return None
    if _ESCAPED_COLON.search(raw) is not None:
        return None
    try:
        record = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    if type(record) is not dict:
        return None
    keys = record.keys()
    if keys == _KEYS:
        outputs: dict[str, bytes] | None = None
    elif keys == _KEYS_WITH_ATTACHMENTS:
        outputs = _attachments(record.pop("attachments"))
        if outputs is None:
            return None
    else:
        return None
    if record["type"] != "command" or not _record_fields(ctx, record):
        return None
    submitted = _lifecycle(record)
    if submitted is None:
        return None
    digest = _record_digest(raw, record, outputs)
    if digest is None:
        return None
    signatures: list[Signed] = []
    found = _envelopes(ctx, record, outputs, submitted, signatures)
    if found is None:
        return None
    checks, run_use = found
    result = PENDING if record["lifecycle"] in _IN_FLIGHT else PASS
    return record, digest, checks, result, run_use, signatures


def _record_digest(
    raw: bytes, record: dict[str, Any], outputs: dict[str, bytes] | None
) -> str | None:
    """``R(r)`` of the record (its attachments already taken out), once the line is shown
    to hold no duplicate key (module docstring)."""
    canonical = orjson.dumps(record, option=_SORTED)
    # The attachments member adds one pair, and one per stream (base64 holds no colon).
    colons = canonical.count(b":") + (1 + len(outputs) if outputs is not None else 0)
    if raw.count(b":") != colons:
        return None
    return hashlib.sha256(canonical).hexdigest()


def _attachments(value: Any) -> dict[str, bytes] | None:
    """The decoded streams of ``attachments``, or None when it is not well formed."""
    if type(value) is not dict or not value.keys() <= _ATTACHMENT_KEYS:
        return None
    decoded = {}
    for stream, text in value.items():
        data = b64.decode_strict(text)
        if data is None:
            return None
        decoded[stream] = data
    return decoded


def _int(value: Any) -> bool:
    return type(value) is int and -MAX_SAFE_INT <= value <= MAX_SAFE_INT


def _hex(value: Any) -> bool:
    return type(value) is str and HEX64.fullmatch(value) is not None


def _record_fields(ctx: VerifyContext, record: dict[str, Any]) -> bool:
    """Types and bounds of the record's own fields (rule 1), and rules 7 and 8."""
    for name in _TEXT_FIELDS:
        value = record[name]
        if type(value) is not str or len(value) > MAX_TEXT:
            return False
    body, timeout = record["body"], record["timeoutSeconds"]
    if type(body) is not str or len(body) > MAX_BODY or not _int(record["seq"]):
        return False
    if type(timeout) is not int or not 0 <= timeout <= MAX_SAFE_INT or not _hex(record["prev"]):
        return False
    command_type, permissions = record["commandType"], record["permissions"]
    if type(command_type) is not str or command_type not in _COMMAND_TYPES:
        return False
    if type(permissions) is not str or permissions not in _PERMISSIONS:
        return False
    appliance = ctx.header.appliance_id
    if appliance is not None and record["applianceId"] != appliance:
        return False
    template = record["template"]
    if template is None:
        if command_type == "Kubectl":
            return _string_map(record["vars"])
        return False
    if command_type == "Kubectl" or type(template) is not dict or template.keys() != _TEMPLATE_KEYS:
        return False
    version, text = template["version"], template["id"]
    if not (_int(version) or (type(version) is str and len(version) <= MAX_TEXT)):
        return False
    if type(text) is not str or len(text) > MAX_TEXT or not _hex(template["contentSha256"]):
        return False
    return _string_map(record["vars"])


def _string_map(value: Any) -> bool:
    if type(value) is not dict:
        return False
    for key, item in value.items():
        if not key.isascii() or type(item) is not str or len(item) > MAX_TEXT:
            return False
    return True


def _lifecycle(record: dict[str, Any]) -> int | None:
    """Rule 3 and the slots the lifecycle requires; ``submittedAt`` as an instant."""
    lifecycle, transitions = record["lifecycle"], record["transitions"]
    if type(lifecycle) is not str or lifecycle not in _STATES:
        return None
    if type(transitions) is not list or not transitions:
        return None
    submitted = parse_ms(record["submittedAt"])
    if submitted is None:
        return None
    previous = submitted
    for step in transitions:
        if type(step) is not dict or step.keys() != _STEP_KEYS:
            return None
        state, instant = step["state"], parse_ms(step["at"])
        if type(state) is not str or state not in _STATES or instant is None or instant < previous:
            return None
        previous = instant
    first = transitions[0]
    if first["state"] != "Submitted" or first["at"] != record["submittedAt"]:
        return None
    if transitions[-1]["state"] != lifecycle:
        return None
    requirement = REQUIREMENTS[lifecycle]
    for rule, slot in (
        (requirement.approval, "approval"),
        (requirement.integrity, "outputIntegrity"),
        (requirement.release, "release"),
    ):
        value = record[slot]
        if value is None:
            if rule == REQUIRED:
                return None
        elif rule == ABSENT or type(value) is not dict:
            return None
    return submitted


def _envelopes(
    ctx: VerifyContext,
    record: dict[str, Any],
    outputs: dict[str, bytes] | None,
    submitted: int,
    signatures: list[Signed],
) -> tuple[tuple[Check, ...], tuple[str, int] | None] | None:
    """The passing checks of the three slots, in the reference's order, or None."""
    checks: list[Check] = []
    approval, output, run_use, decided = None, None, None, 0
    if outputs is not None and record["outputIntegrity"] is None:
        return None
    if record["approval"] is not None:
        found = _approval(ctx, record, submitted, signatures)
        if found is None:
            return None
        approval, decided, approval_checks = found
        checks.extend(approval_checks)
        if approval["mode"] == "preapproved":
            run_use = (approval["preApprovalId"], approval["runIndex"])
    if record["outputIntegrity"] is not None:
        if approval is None or approval["decision"] != "approve":
            return None
        made = _integrity(ctx, record, outputs, decided, signatures)
        if made is None:
            return None
        check, output = made
        checks.append(check)
    if record["release"] is not None:
        if output is None:
            return None
        released = _release(ctx, record, approval, output, signatures)
        if released is None:
            return None
        checks.append(released)
    return tuple(checks), run_use


def _manifest(envelope: dict[str, Any], kind: str) -> dict[str, Any] | None:
    """The manifest of an envelope of exactly {manifest, publicKey, signature}, of ``kind``."""
    if envelope.keys() != _ENVELOPE_KEYS:
        return None
    manifest = envelope["manifest"]
    if type(manifest) is not dict or manifest.get("kind") != kind:
        return None
    return manifest


def _signed(
    ctx: VerifyContext,
    envelope: dict[str, Any],
    signing: tuple[bytes, int, list[Signed]],
    names: tuple[str, str, str, str],
) -> Check | None:
    """Strictly valid encodings, and a signer trusted at the signing time; the signature
    itself joins ``signatures``, to be verified with those of other lines.

    ``signing``: (``C(manifest)``, signing instant, the list to add to);
    ``names``: (check name, role, signed by, signing time as written).
    """
    public_key = b64.decode_strict(envelope["publicKey"], length=32)
    signature = b64.decode_strict(envelope["signature"], length=64)
    if public_key is None or signature is None:
        return None
    message, instant, signatures = signing
    return _trusted(ctx, (public_key, signature, message, instant), names, signatures)


def _trusted(
    ctx: VerifyContext,
    decoded: tuple[bytes, bytes, bytes, int],
    names: tuple[str, str, str, str],
    signatures: list[Signed],
) -> Check | None:
    """The passing check of a decoded signature (key, signature, message, signing instant)
    whose encodings are strictly valid and whose signer is trusted then, else None."""
    public_key, signature, message, instant = decoded
    try:
        ed25519.check_encodings(public_key, signature)
    except ed25519.StrictVerifyError:
        return None
    check_name, role, signed_by, signed_at = names
    anchor = trusted_anchor(ctx.pins, ctx.header.appliance_keys, role, public_key, instant)
    if anchor is None or (anchor == UNPINNED and ctx.strict):
        return None
    signatures.append((public_key, signature, message))
    fingerprint = b64.fingerprint(public_key)
    return Check(check_name, PASS, None, None, anchor, fingerprint, signed_by, signed_at)


def _same(expected: Any, actual: Any) -> bool:
    return type(expected) is type(actual) and expected == actual


def _approval(
    ctx: VerifyContext, record: dict[str, Any], submitted: int, signatures: list[Signed]
) -> tuple[dict[str, Any], int, list[Check]] | None:
    """commandApproval: fields, bindings, times, decision, and a pre-approval in force."""
    manifest = _manifest(record["approval"], m.APPROVAL_KIND)
    if manifest is None:
        return None
    mode = manifest.get("mode")
    if type(mode) is not str or mode not in _APPROVAL_KEYS:
        return None
    if manifest.keys() != _APPROVAL_KEYS[mode] or not _approval_bindings(record, manifest):
        return None
    decision, approver, decided_at = (
        manifest["decision"],
        manifest["approver"],
        manifest["decidedAt"],
    )
    wanted = REQUIREMENTS[record["lifecycle"]].approval_decision
    if decision not in _APPROVAL_DECISIONS[mode] or (wanted is not None and decision != wanted):
        return None
    decided = parse_ms(decided_at)
    if decided is None or not submitted <= decided <= submitted + record["timeoutSeconds"] * 1000:
        return None
    if type(approver) is not str or len(approver) > MAX_TEXT:
        return None
    preapproved = mode == "preapproved"
    if preapproved and not _preapproved_fields(manifest):
        return None
    names = (APPROVAL, APPLIANCE if preapproved else BUYER, approver, decided_at)
    message = orjson.dumps(manifest, option=_SORTED)
    check = _signed(ctx, record["approval"], (message, decided, signatures), names)
    if check is None:
        return None
    if not preapproved:
        return manifest, decided, [check]
    uses = check_preapproved_use(ctx, record, manifest, decided)
    if len(uses) != 1 or uses[0].status != PASS:
        return None
    return manifest, decided, [check, uses[0]]


def _preapproved_fields(manifest: dict[str, Any]) -> bool:
    pre_id = manifest["preApprovalId"]
    return (
        type(pre_id) is str
        and len(pre_id) <= MAX_TEXT
        and _int(manifest["runIndex"])
        and manifest["approver"] == f"preapproval:{pre_id}"
    )


def _approval_bindings(record: dict[str, Any], manifest: dict[str, Any]) -> bool:
    """Each bound field equal to the record's, of the same type (the record's are checked)."""
    for name in m.APPROVAL_BOUND:
        if not _same(record[name], manifest[name]):
            return False
    template = record["template"]
    if template is None:
        bound: tuple[Any, Any, Any] = (None, None, None)
    else:
        bound = (template["id"], template["version"], template["contentSha256"])
    if not (
        _same(bound[0], manifest["templateId"])
        and _same(bound[1], manifest["templateVersion"])
        and _same(bound[2], manifest["templateContentSha256"])
    ):
        return False
    body_sha = hashlib.sha256(record["body"].encode("utf-8")).hexdigest()
    return _same(body_sha, manifest["bodySha256"])


def _integrity(
    ctx: VerifyContext,
    record: dict[str, Any],
    outputs: dict[str, bytes] | None,
    approved_at: int,
    signatures: list[Signed],
) -> tuple[Check, tuple[bytes, int]] | None:
    """outputIntegrity after an approve approval decided at ``approved_at``: fields, binding,
    attachments, exit code.
    With its check: (its canonical bytes, finishedAt as an instant), for the release."""
    manifest = _manifest(record["outputIntegrity"], m.INTEGRITY_KIND)
    if manifest is None or manifest.keys() != _INTEGRITY_KEYS:
        return None
    started_at, finished_at = manifest["startedAt"], manifest["finishedAt"]
    started, finished = parse_ms(started_at), parse_ms(finished_at)
    if started is None or finished is None or finished < started:
        return None
    if started < approved_at:
        return None
    exit_code = manifest["exitCode"]
    if not (
        _same(record["commandId"], manifest["commandId"])
        and (exit_code is None or _int(exit_code))
        and _output_streams(outputs, manifest)
    ):
        return None
    if exit_code_problem(REQUIREMENTS[record["lifecycle"]], record["lifecycle"], exit_code):
        return None
    message = orjson.dumps(manifest, option=_SORTED)
    names = (INTEGRITY, APPLIANCE, f"appliance:{record['applianceId']}", finished_at)
    check = _signed(ctx, record["outputIntegrity"], (message, finished, signatures), names)
    return None if check is None else (check, (message, finished))


def _output_streams(outputs: dict[str, bytes] | None, manifest: dict[str, Any]) -> bool:
    """Hashes and sizes well formed, and equal to the attachments that are present."""
    for stream in ("stdout", "stderr"):
        digest, size = manifest[f"{stream}Sha256"], manifest[f"{stream}Size"]
        if not (_hex(digest) and _int(size) and size >= 0):
            return False
        if outputs is not None and stream in outputs:
            data = outputs[stream]
            if len(data) != size or hashlib.sha256(data).hexdigest() != digest:
                return False
    return True


def _release(
    ctx: VerifyContext,
    record: dict[str, Any],
    approval: dict[str, Any] | None,
    output: tuple[bytes, int],
    signatures: list[Signed],
) -> Check | None:
    """outputApproval: names the exact output, after it finished, by the right signer."""
    manifest = _manifest(record["release"], m.RELEASE_KIND)
    if manifest is None:
        return None
    mode = manifest.get("mode")
    if type(mode) is not str or mode not in _RELEASE_KEYS or manifest.keys() != _RELEASE_KEYS[mode]:
        return None
    decision, approver, decided_at = (
        manifest["decision"],
        manifest["approver"],
        manifest["decidedAt"],
    )
    wanted = REQUIREMENTS[record["lifecycle"]].release_decision
    decided = parse_ms(decided_at)
    output_message, finished = output
    if (
        decided is None
        or decided < finished
        or decision not in ("release", "reject")
        or (wanted is not None and decision != wanted)
        or not _same(record["commandId"], manifest["commandId"])
        or type(approver) is not str
        or len(approver) > MAX_TEXT
        or manifest["outputIntegritySha256"] != hashlib.sha256(output_message).hexdigest()
    ):
        return None
    preapproved = mode == "preapproved"
    if preapproved and not _preapproved_release(ctx, approval, manifest, decided):
        return None
    names = (RELEASE, APPLIANCE if preapproved else BUYER, approver, decided_at)
    message = orjson.dumps(manifest, option=_SORTED)
    return _signed(ctx, record["release"], (message, decided, signatures), names)


def _preapproved_release(
    ctx: VerifyContext, approval: dict[str, Any] | None, manifest: dict[str, Any], decided: int
) -> bool:
    pre_id = manifest["preApprovalId"]
    if type(pre_id) is not str or len(pre_id) > MAX_TEXT:
        return False
    if manifest["approver"] != f"preapproval:{pre_id}":
        return False
    return not check_preapproved_release(ctx, approval, manifest, decided)


# ---- the compiled half -------------------------------------------------------------------
# ``_accept_native`` checks every rule of ``accept_command_python`` that needs only the
# line, in C; the rules that need the verification context (the header's appliance, pins,
# the pre-approval table, the Ed25519 encodings) stay here, shared with the Python path.
# Without a compiler at install time the module is absent and the Python path serves.

_EXIT_RULES = {"any": 0, "zero": 1, "nonzero-or-null": 2}
_SLOT_RULES = {ABSENT: 0, REQUIRED: 1, OPTIONAL: 2}


def _native_tables() -> dict[str, Any]:
    requirements = {
        state: (
            _SLOT_RULES[rule.approval],
            rule.approval_decision,
            _SLOT_RULES[rule.integrity],
            _SLOT_RULES[rule.release],
            rule.release_decision,
            _EXIT_RULES[rule.exit_code],
        )
        for state, rule in REQUIREMENTS.items()
    }
    if set(requirements) != _STATES:  # the C half takes a state name to be a key here
        raise RuntimeError("every lifecycle state needs a requirement")
    return {
        "loads": orjson.loads,
        "dumps": orjson.dumps,
        "sort_keys": _SORTED,
        "sha256": hashlib.sha256,
        "command_keys": tuple(m.COMMAND),
        "approval_keys_manual": tuple(m.APPROVAL_MANUAL),
        "approval_keys_preapproved": tuple(m.APPROVAL_PREAPPROVED),
        "integrity_keys": tuple(m.INTEGRITY),
        "release_keys_manual": tuple(m.RELEASE_MANUAL),
        "release_keys_preapproved": tuple(m.RELEASE_PREAPPROVED),
        "approval_bound": tuple(m.APPROVAL_BOUND),
        "command_types": tuple(m.COMMAND_TYPES),
        "permissions": tuple(m.PERMISSIONS),
        "requirements": requirements,
        "approval_kind": m.APPROVAL_KIND,
        "integrity_kind": m.INTEGRITY_KIND,
        "release_kind": m.RELEASE_KIND,
        "preapproval_prefix": "preapproval:",
        "limits": (MAX_TEXT, MAX_BODY),
    }


def _load_native() -> ModuleType | None:
    try:
        from t9verify import _accept_native
    except ImportError:
        return None
    _accept_native.configure(_native_tables())
    return _accept_native


native = _load_native()
"""The compiled module, or None when it was not built (the Python path then serves)."""


def accept_command_native(ctx: VerifyContext, raw: bytes | None) -> Accepted | None:
    """``accept_command_python``'s outcome, its line-local rules checked by the C half."""
    if native is None:  # not built (PATHS then never names this function)
        return accept_command_python(ctx, raw)
    scanned = native.scan_command(raw)
    if scanned is None:
        return None
    record, digest, approval, integrity, release = scanned
    appliance = ctx.header.appliance_id
    if appliance is not None and record["applianceId"] != appliance:
        return None
    checks: list[Check] = []
    signatures: list[Signed] = []
    run_use, approved = None, None
    if approval is not None:
        approved = record["approval"]["manifest"]
        if not _signer_trusted(ctx, APPROVAL, approval, approved, (checks, signatures)):
            return None
        if approved["mode"] == "preapproved":
            uses = check_preapproved_use(ctx, record, approved, approval[3])
            if len(uses) != 1 or uses[0].status != PASS:
                return None
            checks.append(uses[0])
            run_use = (approved["preApprovalId"], approved["runIndex"])
    if integrity is not None:
        written = record["outputIntegrity"]["manifest"]["finishedAt"]
        names = (INTEGRITY, APPLIANCE, f"appliance:{record['applianceId']}", written)
        check = _trusted(ctx, integrity, names, signatures)
        if check is None:
            return None
        checks.append(check)
    if release is not None:
        released = record["release"]["manifest"]
        preapproved = released["mode"] == "preapproved"
        if preapproved and check_preapproved_release(ctx, approved, released, release[3]):
            return None
        if not _signer_trusted(ctx, RELEASE, release, released, (checks, signatures)):
            return None
    result = PENDING if record["lifecycle"] in _IN_FLIGHT else PASS
    return record, digest, tuple(checks), result, run_use, signatures


def _signer_trusted(
    ctx: VerifyContext,
    name: str,
    decoded: tuple[bytes, bytes, bytes, int],
    manifest: dict[str, Any],
    found: tuple[list[Check], list[Signed]],
) -> bool:
    """The check of an approval or release (by the buyer, or the appliance when
    pre-approved) joins ``found``'s checks when its signer is trusted; else False."""
    checks, signatures = found
    role = APPLIANCE if manifest["mode"] == "preapproved" else BUYER
    names = (name, role, manifest["approver"], manifest["decidedAt"])
    check = _trusted(ctx, decoded, names, signatures)
    if check is not None:
        checks.append(check)
    return check is not None


def _no_verdict(ctx: VerifyContext, raw: bytes | None) -> Accepted | None:
    return None


ACCEPT_ENV = "T9VERIFY_ACCEPT"
PATHS: dict[str, AcceptPath] = {
    "native": accept_command_native if native is not None else accept_command_python,
    "python": accept_command_python,
    "off": _no_verdict,
}
"""What ``T9VERIFY_ACCEPT`` may choose: the compiled path (the Python one where it was not
built), the Python path, or none (every line on the reference path). Same verdicts."""


def chosen_path() -> str:
    """The name in ``T9VERIFY_ACCEPT`` ("native" when unset); ``engine`` refuses others."""
    return os.environ.get(ACCEPT_ENV) or "native"


# An unknown name (which ``engine.evaluate`` refuses) leaves every line to the reference path.
accept_command = PATHS.get(chosen_path(), _no_verdict)
"""The acceptance path ``lines`` uses."""
