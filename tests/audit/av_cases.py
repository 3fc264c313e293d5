"""What a tamper case is, and the small editing helpers every family of cases shares.

A ``Case`` is the text of one export file, the trust file and arguments to verify it
with, and the failures (seq, check, reason code) the verifier must report for it.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from av_build import CommandSpec, Export, Obj, command
from av_jcs import canonical_hash
from av_keys import NamedKey, resign

TRUST_MAIN = "trust/main.json"
TRUST_ROTATION = "trust/rotation.json"
TRUST_APPLIANCE_ONLY = "trust/appliance-only.json"
TRUST_IDENTITY_KEY = "trust/identity-point-buyer.json"
TRUST_BUYER_ONLY = "trust/buyer-only.json"


@dataclass(frozen=True)
class Failure:
    """A failure the verifier must report; ``also`` lists codes that are equally right.

    ``also`` exists for edits that make a manifest ill-formed as well as unsigned (a
    changed ``kind`` or ``mode``): a verifier may reject the shape before the signature.
    """

    seq: int | None
    check: str
    code: str
    also: tuple[str, ...] = ()

    def as_json(self) -> Obj:
        out: Obj = {"seq": self.seq, "check": self.check, "code": self.code}
        if self.also:
            out["alsoAccepted"] = list(self.also)
        return out


@dataclass(frozen=True)
class Case:
    name: str
    text: str
    failures: tuple[Failure, ...]
    trust: str | None = TRUST_MAIN
    args: tuple[str, ...] = ()

    @property
    def file(self) -> str:
        return f"tamper/{self.name}.jsonl"

    def expectation(self) -> Obj:
        return {
            "file": self.file,
            "trust": self.trust,
            "args": list(self.args),
            "exit": 1,
            "failures": [failure.as_json() for failure in self.failures],
        }


def fail(seq: int | None, check: str, code: str, also: tuple[str, ...] = ()) -> Failure:
    return Failure(seq, check, code, also)


def record_key(record: Obj) -> str:
    """What a record is called in the helpers: commandId, preApprovalId, or "revocation"."""
    if "commandId" in record:
        return str(record["commandId"])
    if record.get("type") == "revocation":
        return "revocation:" + str(record["manifest"]["preApprovalId"])
    return str(record["manifest"]["preApprovalId"])


def index_of(export: Export, key: str) -> int:
    for index, record in enumerate(export.records):
        if record_key(record) == key:
            return index
    raise KeyError(key)


def seq_of(export: Export, key: str) -> int:
    return export.first_seq + index_of(export, key)


def checkpoint_seq(export: Export) -> int:
    return export.first_seq + len(export.records)


def find(export: Export, key: str) -> Obj:
    return export.records[index_of(export, key)]


def replace_command(export: Export, spec: CommandSpec) -> Obj:
    """Put the record built from ``spec`` where the record with its commandId is."""
    record = command(spec)
    export.records[index_of(export, spec.command_id)] = record
    return record


def edit_spec(specs: list[CommandSpec], key: str, **changes: Any) -> CommandSpec:
    spec = next(s for s in specs if s.command_id == key)
    return dataclasses.replace(spec, **changes)


def edit_manifest(
    export: Export, key: str, slot: str | None, key_to_sign: NamedKey | None = None, **fields: Any
) -> Obj:
    """Set manifest fields of an envelope and sign it again (``slot`` None: the record)."""
    record = find(export, key)
    env = record if slot is None else record[slot]
    env["manifest"].update(fields)
    if key_to_sign is not None:
        resign(env, key_to_sign)
    else:
        resign(env)
    return record


def rebind_release(record: Obj) -> None:
    """After an outputIntegrity edit, make the release name it again (and re-sign it)."""
    if record.get("release") is not None:
        integrity_hash = canonical_hash(record["outputIntegrity"]["manifest"])
        record["release"]["manifest"]["outputIntegritySha256"] = integrity_hash
        resign(record["release"])


_TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_SWAPS = {
    "approve": "reject",
    "reject": "approve",
    "release": "reject",
    "manual": "preapproved",
    "preapproved": "manual",
    "ReadOnly": "ReadWrite",
    "ReadWrite": "Admin",
    "Admin": "ReadOnly",
    "TfFromTmpl": "ScriptFromTmpl",
    "ScriptFromTmpl": "TfFromTmpl",
    "KubectlFromTmpl": "Kubectl",
    "Kubectl": "KubectlFromTmpl",
    "CommandsOnly": "FullyPreApprove",
    "FullyPreApprove": "CommandsOnly",
}


def altered(name: str, value: Any) -> Any:
    """A different value of the same shape, so that only the signature can notice."""
    if name == "kind" and isinstance(value, str):
        return value.replace("/v1", "/v2")
    if isinstance(value, bool) or value is None:
        raise ValueError(f"no alteration for {name}={value!r}")
    if isinstance(value, int):
        return value + 1
    if isinstance(value, dict):
        extra: Any = ["exact:1"] if name == "varConstraints" else "1"
        return {**copy.deepcopy(value), "EXTRA": extra}
    if value in _SWAPS:
        return _SWAPS[value]
    if _TIMESTAMP.match(value):
        moment = datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ") + timedelta(seconds=1)
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    if _HEX64.match(value):
        return value[:-1] + ("0" if value[-1] != "0" else "1")
    return value + "-x"


def kebab(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


CaseFactory = Callable[[], list[Case]]
