"""Field specifications of every manifest kind and of the records (spec, precise rule 1)."""

from __future__ import annotations

from typing import Any

from t9verify import fields as f

APPROVAL_KIND = "t9.ops.commandApproval/v1"
INTEGRITY_KIND = "t9.ops.outputIntegrity/v1"
RELEASE_KIND = "t9.ops.outputApproval/v1"
PREAPPROVAL_KIND = "t9.ops.preApproval/v1"
REVOCATION_KIND = "t9.ops.preApprovalRevocation/v1"
CHECKPOINT_KIND = "t9.ops.checkpoint/v1"
KINDS = (
    APPROVAL_KIND,
    INTEGRITY_KIND,
    RELEASE_KIND,
    PREAPPROVAL_KIND,
    REVOCATION_KIND,
    CHECKPOINT_KIND,
)

COMMAND_TYPES = ("TfFromTmpl", "ScriptFromTmpl", "KubectlFromTmpl", "Kubectl")
# The commandApproval fields that must equal the record's (spec "commandApproval").
APPROVAL_BOUND = ("commandId", "applianceId", "commandType", "vars", "permissions", "reason")
PERMISSIONS = ("ReadOnly", "ReadWrite", "Admin")


def version_value(value: Any) -> str | None:
    """templateVersion: a string or an integer (the spec does not fix one)."""
    if value is None or f.text(value) is None or f.integer(value) is None:
        return None
    return "must be a string, an integer or null"


def template_value(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) != {"id", "version", "contentSha256"}:
        return "must be null or exactly {id, version, contentSha256}"
    if f.text(value["id"]) is not None:
        return "id must be a string"
    if value["version"] is None or version_value(value["version"]) is not None:
        return "version must be a string or an integer"
    if f.sha256_hex(value["contentSha256"]) is not None:
        return "contentSha256 must be 64 lower-case hex digits"
    return None


def transitions_value(value: Any) -> str | None:
    if not isinstance(value, list):
        return "must be a list"
    for index, step in enumerate(value):
        if not isinstance(step, dict) or set(step) != {"state", "at"}:
            return f"[{index}] must be exactly {{state, at}}"
        if not isinstance(step["state"], str) or f.timestamp(step["at"]) is not None:
            return f"[{index}] needs a state name and a timestamp"
    return None


def envelope_or_null(value: Any) -> str | None:
    return None if value is None or isinstance(value, dict) else "must be an envelope or null"


def attachments_value(value: Any) -> str | None:
    if not isinstance(value, dict) or not set(value) <= {"stdout", "stderr"}:
        return "must be an object with stdout and/or stderr"
    if not all(isinstance(item, str) for item in value.values()):
        return "values must be base64 strings"
    return None


def constraints_value(value: Any) -> str | None:
    if not isinstance(value, dict):
        return "must be an object"
    for name, items in value.items():
        if not name.isascii():
            return f"has a non-ASCII key {name!r}"
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            return f"{name!r} must be a list of strings"
    return None


def _with(base: dict[str, f.Validator], **more: f.Validator) -> dict[str, f.Validator]:
    return {**base, **more}


APPROVAL_MANUAL: dict[str, f.Validator] = {
    "kind": f.text,
    "mode": f.one_of("manual"),
    "commandId": f.text,
    "applianceId": f.text,
    "commandType": f.one_of(*COMMAND_TYPES),
    "templateId": f.text_or_null,
    "templateVersion": version_value,
    "templateContentSha256": f.sha256_or_null,
    "bodySha256": f.sha256_hex,
    "vars": f.string_map,
    "permissions": f.one_of(*PERMISSIONS),
    "reason": f.text,
    "decision": f.one_of("approve", "reject"),
    "approver": f.text,
    "decidedAt": f.timestamp,
}
APPROVAL_PREAPPROVED = _with(
    APPROVAL_MANUAL,
    mode=f.one_of("preapproved"),
    preApprovalId=f.text,
    runIndex=f.integer,
    decision=f.one_of("approve"),
)
INTEGRITY: dict[str, f.Validator] = {
    "kind": f.text,
    "commandId": f.text,
    "stdoutSha256": f.sha256_hex,
    "stdoutSize": f.non_negative,
    "stderrSha256": f.sha256_hex,
    "stderrSize": f.non_negative,
    "exitCode": f.integer_or_null,
    "startedAt": f.timestamp,
    "finishedAt": f.timestamp,
}
RELEASE_MANUAL: dict[str, f.Validator] = {
    "kind": f.text,
    "mode": f.one_of("manual"),
    "commandId": f.text,
    "outputIntegritySha256": f.sha256_hex,
    "decision": f.one_of("release", "reject"),
    "approver": f.text,
    "decidedAt": f.timestamp,
}
RELEASE_PREAPPROVED = _with(RELEASE_MANUAL, mode=f.one_of("preapproved"), preApprovalId=f.text)
PREAPPROVAL: dict[str, f.Validator] = {
    "kind": f.text,
    "preApprovalId": f.text,
    "applianceId": f.text,
    "templateId": f.text,
    "templateContentSha256": f.sha256_hex,
    "level": f.one_of("CommandsOnly", "FullyPreApprove"),
    "maxRuns": f.positive,
    "notBefore": f.timestamp,
    "notAfter": f.timestamp,
    "varConstraints": constraints_value,
    "approver": f.text,
    "signedAt": f.timestamp,
}
REVOCATION: dict[str, f.Validator] = {
    "kind": f.text,
    "preApprovalId": f.text,
    "revokedAt": f.timestamp,
    "approver": f.text,
}
CHECKPOINT: dict[str, f.Validator] = {
    "kind": f.text,
    "applianceId": f.text,
    "lastSeq": f.integer,
    "head": f.sha256_hex,
    "count": f.non_negative,
    "at": f.timestamp,
}

COMMAND: dict[str, f.Validator] = {
    "type": f.one_of("command"),
    "seq": f.integer,
    "prev": f.sha256_hex,
    "commandId": f.text,
    "commandName": f.text,
    "appName": f.text,
    "customerName": f.text,
    "applianceId": f.text,
    "commandType": f.one_of(*COMMAND_TYPES),
    "template": template_value,
    "body": f.body_text,
    "vars": f.string_map,
    "permissions": f.one_of(*PERMISSIONS),
    "reason": f.text,
    "submittedAt": f.timestamp,
    "timeoutSeconds": f.non_negative,
    "lifecycle": f.text,
    "transitions": transitions_value,
    "approval": envelope_or_null,
    "outputIntegrity": envelope_or_null,
    "release": envelope_or_null,
}
COMMAND_OPTIONAL: dict[str, f.Validator] = {
    "legacy": f.one_of(True),
    "attachments": attachments_value,
}
# A legacy record has no envelopes: the three slots may be absent (or null).
LEGACY_COMMAND = {
    name: check
    for name, check in COMMAND.items()
    if name not in {"approval", "outputIntegrity", "release"}
}
LEGACY_OPTIONAL = {
    **COMMAND_OPTIONAL,
    "approval": envelope_or_null,
    "outputIntegrity": envelope_or_null,
    "release": envelope_or_null,
}
SIGNED_RECORD: dict[str, f.Validator] = {
    "type": f.text,
    "seq": f.integer,
    "prev": f.sha256_hex,
    "manifest": f.any_value,
    "publicKey": f.any_value,
    "signature": f.any_value,
}
UNCHAINED_SIGNED_RECORD = {k: v for k, v in SIGNED_RECORD.items() if k not in ("seq", "prev")}
