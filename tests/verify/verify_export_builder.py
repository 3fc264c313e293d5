"""A small builder of valid audit exports for t9verify's own unit tests.

Deterministic keys and clock. Records are built as dicts; ``lines()`` assigns seq and prev
and appends a signed checkpoint. Tests mutate dicts (without re-signing) or call
``sign()`` again (change and re-sign) to make each defect. Independent of cmdlib.
"""

from __future__ import annotations

import base64
import copy
import datetime
import hashlib
import json
from pathlib import Path
from typing import Any

from nacl.signing import SigningKey

APPLIANCE_SEED = bytes([1]) * 32
BUYER_SEED = bytes([2]) * 32
OTHER_SEED = bytes([3]) * 32
ZERO = "0" * 64
START = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


def canon(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def sha(value: Any) -> str:
    return hashlib.sha256(canon(value)).hexdigest()


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def ts(seconds: float) -> str:
    moment = START + datetime.timedelta(seconds=seconds)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def public_b64(seed: bytes) -> str:
    return b64(bytes(SigningKey(seed).verify_key))


def fingerprint(seed: bytes) -> str:
    digest = hashlib.sha256(bytes(SigningKey(seed).verify_key)).digest()
    return "SHA256:" + b64(digest).rstrip("=")


def sign(manifest: dict[str, Any], seed: bytes) -> dict[str, Any]:
    key = SigningKey(seed)
    return {
        "manifest": manifest,
        "publicKey": b64(bytes(key.verify_key)),
        "signature": b64(key.sign(canon(manifest)).signature),
    }


def record_hash(record: dict[str, Any]) -> str:
    return sha({k: v for k, v in record.items() if k != "attachments"})


class ExportBuilder:
    def __init__(self, *, appliance_id: str = "appl-1", first_seq: int = 1) -> None:
        self.appliance_id = appliance_id
        self.first_seq = first_seq
        self.prev_head = ZERO if first_seq == 1 else "ab" * 32
        self.records: list[dict[str, Any]] = []
        self.appliance_seed = APPLIANCE_SEED
        self.buyer_seed = BUYER_SEED

    # ---- records ---------------------------------------------------------------------
    def command(
        self,
        lifecycle: str = "Completed",
        *,
        name: str | None = None,
        preapproval: str | None = None,
        run_index: int = 1,
        fully: bool = False,
        variables: dict[str, str] | None = None,
        at: float | None = None,
        exit_code: int | None = 0,
    ) -> dict[str, Any]:
        index = len(self.records)
        t = at if at is not None else 1000 + index * 100
        command_id = f"cmd-{index}"
        stdout, stderr = b"hello\n", b""
        record: dict[str, Any] = {
            "type": "command",
            "commandId": command_id,
            "commandName": name or f"disk-usage-{index}",
            "appName": "myapp",
            "customerName": "acme",
            "applianceId": self.appliance_id,
            "commandType": "ScriptFromTmpl",
            "template": {"id": "disk-usage", "version": "1.0.0", "contentSha256": "c" * 64},
            "body": "df -h /opt/myapp\n",
            "vars": variables if variables is not None else {"DIR": "/opt/myapp/data"},
            "permissions": "ReadOnly",
            "reason": "ticket 42",
            "submittedAt": ts(t),
            "timeoutSeconds": 3600,
            "lifecycle": lifecycle,
            "transitions": [{"state": "Submitted", "at": ts(t)}],
            "approval": None,
            "outputIntegrity": None,
            "release": None,
            "attachments": {"stdout": b64(stdout), "stderr": b64(stderr)},
        }
        if lifecycle != "Submitted":
            record["transitions"].append({"state": lifecycle, "at": ts(t + 40)})
        needs = _NEEDS[lifecycle]
        if needs[0]:
            record["approval"] = self._approval(record, t + 5, needs[0], preapproval, run_index)
        if needs[1]:
            code = 1 if lifecycle == "ExecutionFailed" and exit_code == 0 else exit_code
            integrity = {
                "kind": "t9.ops.outputIntegrity/v1",
                "commandId": command_id,
                "stdoutSha256": hashlib.sha256(stdout).hexdigest(),
                "stdoutSize": len(stdout),
                "stderrSha256": hashlib.sha256(stderr).hexdigest(),
                "stderrSize": len(stderr),
                "exitCode": code,
                "startedAt": ts(t + 10),
                "finishedAt": ts(t + 20),
            }
            record["outputIntegrity"] = sign(integrity, self.appliance_seed)
        else:  # output only travels with the outputIntegrity that binds it
            record.pop("attachments")
        if needs[2]:
            record["release"] = self._release(record, t + 30, needs[2], preapproval, fully)
        self.records.append(record)
        return record

    def _approval(
        self, record: dict[str, Any], t: float, decision: str, pre: str | None, run_index: int
    ) -> dict[str, Any]:
        template = record["template"]
        manifest: dict[str, Any] = {
            "kind": "t9.ops.commandApproval/v1",
            "mode": "manual",
            "commandId": record["commandId"],
            "applianceId": record["applianceId"],
            "commandType": record["commandType"],
            "templateId": template["id"] if template else None,
            "templateVersion": template["version"] if template else None,
            "templateContentSha256": template["contentSha256"] if template else None,
            "bodySha256": hashlib.sha256(record["body"].encode()).hexdigest(),
            "vars": record["vars"],
            "permissions": record["permissions"],
            "reason": record["reason"],
            "decision": decision,
            "approver": "alice@acme",
            "decidedAt": ts(t),
        }
        if pre is None:
            return sign(manifest, self.buyer_seed)
        manifest.update(
            mode="preapproved", preApprovalId=pre, runIndex=run_index, approver=f"preapproval:{pre}"
        )
        return sign(manifest, self.appliance_seed)

    def _release(
        self, record: dict[str, Any], t: float, decision: str, pre: str | None, fully: bool
    ) -> dict[str, Any]:
        manifest: dict[str, Any] = {
            "kind": "t9.ops.outputApproval/v1",
            "mode": "manual",
            "commandId": record["commandId"],
            "outputIntegritySha256": sha(record["outputIntegrity"]["manifest"]),
            "decision": decision,
            "approver": "bob@acme",
            "decidedAt": ts(t),
        }
        if fully and pre is not None:
            manifest.update(mode="preapproved", preApprovalId=pre, approver=f"preapproval:{pre}")
            return sign(manifest, self.appliance_seed)
        return sign(manifest, self.buyer_seed)

    def preapproval(
        self,
        pre_id: str = "pa-1",
        *,
        level: str = "CommandsOnly",
        max_runs: int = 5,
        constraints: dict[str, list[str]] | None = None,
        not_before: float = 0,
        not_after: float = 10**6,
        signed_at: float = 0,
        chained: bool = True,
    ) -> dict[str, Any]:
        manifest = {
            "kind": "t9.ops.preApproval/v1",
            "preApprovalId": pre_id,
            "applianceId": self.appliance_id,
            "templateId": "disk-usage",
            "templateContentSha256": "c" * 64,
            "level": level,
            "maxRuns": max_runs,
            "notBefore": ts(not_before),
            "notAfter": ts(not_after),
            "varConstraints": constraints
            if constraints is not None
            else {"DIR": ["regex:^/opt/myapp/.*$"]},
            "approver": "carol@acme",
            "signedAt": ts(signed_at),
        }
        record = {"type": "preapproval", **sign(manifest, self.buyer_seed)}
        if chained:
            self.records.append(record)
        return record

    def revocation(
        self, pre_id: str = "pa-1", *, at: float = 0, chained: bool = True
    ) -> dict[str, Any]:
        manifest = {
            "kind": "t9.ops.preApprovalRevocation/v1",
            "preApprovalId": pre_id,
            "revokedAt": ts(at),
            "approver": "carol@acme",
        }
        record = {"type": "revocation", **sign(manifest, self.buyer_seed)}
        if chained:
            self.records.append(record)
        return record

    def legacy(self, *, at: float | None = None) -> dict[str, Any]:
        record = self.command("Completed", at=at)
        for slot in ("approval", "outputIntegrity", "release"):
            record.pop(slot)
        record.pop("attachments", None)
        record["legacy"] = True
        return record

    # ---- rendering ---------------------------------------------------------------------
    def header(self) -> dict[str, Any]:
        return {
            "type": "header",
            "format": "t9-audit-export",
            "version": 1,
            "exportId": "exp-1",
            "applianceId": self.appliance_id,
            "exportedAt": ts(10**6),
            "firstSeq": self.first_seq,
            "prevHead": self.prev_head,
            "applianceKeys": [
                {
                    "publicKey": public_b64(self.appliance_seed),
                    "validFrom": ts(0),
                    "validUntil": None,
                }
            ],
        }

    def chained(self) -> list[dict[str, Any]]:
        """Copies of the records with seq and prev filled in."""
        out = []
        prev = self.prev_head
        for offset, record in enumerate(self.records):
            item = {"seq": self.first_seq + offset, "prev": prev, **copy.deepcopy(record)}
            prev = record_hash(item)
            out.append(item)
        return out

    def checkpoint(self, records: list[dict[str, Any]]) -> dict[str, Any]:
        last_seq = records[-1]["seq"] if records else self.first_seq - 1
        head = record_hash(records[-1]) if records else self.prev_head
        manifest = {
            "kind": "t9.ops.checkpoint/v1",
            "applianceId": self.appliance_id,
            "lastSeq": last_seq,
            "head": head,
            "count": len(records),
            "at": ts(10**6),
        }
        return {
            "type": "checkpoint",
            "seq": last_seq + 1,
            "prev": head,
            **sign(manifest, self.appliance_seed),
        }

    def lines(self) -> list[str]:
        records = self.chained()
        objects = [self.header(), *records, self.checkpoint(records)]
        return [json.dumps(obj, ensure_ascii=False) for obj in objects]

    def write(self, path: Path, lines: list[str] | None = None) -> Path:
        path.write_text(
            "\n".join(lines if lines is not None else self.lines()) + "\n", encoding="utf-8"
        )
        return path


def relink(objects: list[dict[str, Any]], builder: ExportBuilder) -> list[str]:
    """Recompute prev links and the checkpoint after a record was changed (and re-signed)."""
    header, *records = objects
    if records and records[-1].get("type") == "checkpoint":
        records = records[:-1]
    prev = header["prevHead"]
    for record in records:
        record["prev"] = prev
        prev = record_hash(record)
    return [
        json.dumps(o, ensure_ascii=False) for o in [header, *records, builder.checkpoint(records)]
    ]


def trust_file(
    path: Path, *, appliance: bytes = APPLIANCE_SEED, buyer: bytes = BUYER_SEED, **extra: Any
) -> Path:
    data: dict[str, Any] = {
        "appliance": [{"publicKey": public_b64(appliance), "validFrom": None, "validUntil": None}],
        "buyer": [{"fingerprint": fingerprint(buyer), "validFrom": None, "validUntil": None}],
    }
    data.update(extra)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


# lifecycle -> (approval decision, outputIntegrity?, release decision)
_NEEDS: dict[str, tuple[str | None, bool, str | None]] = {
    "Completed": ("approve", True, "release"),
    "OutputRejected": ("approve", True, "reject"),
    "ExecutionFailed": ("approve", True, None),
    "CmdRejected": ("reject", False, None),
    "Cancelled": (None, False, None),
    "Timeout": (None, False, None),
    "Submitted": (None, False, None),
    "CmdApproving": (None, False, None),
    "CmdApproved": ("approve", False, None),
    "Executing": ("approve", False, None),
    "Executed": ("approve", True, None),
    "OutputApproving": ("approve", True, None),
    "Cancelling": ("approve", False, None),
}
