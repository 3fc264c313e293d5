"""Benchmark of ``t9verify audit verify`` against the bare cost of its Ed25519 checks.

Generates an export (deterministic keys and clock) into a temporary directory, then prints:
the floor (a bare loop doing the same Ed25519 verifications with the same library on one
core), the verifier with ``--jobs 1`` and ``--jobs 2``, their ratios to the floor, and the
peak RSS of a ``t9verify`` process verifying a larger export.

    .venv/bin/python benchmarks/verify_bench.py [--records 20000] [--rss-records 100000]
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from nacl.bindings import crypto_sign_open
from nacl.signing import SigningKey

APPLIANCE = SigningKey(bytes([1]) * 32)
BUYER = SigningKey(bytes([2]) * 32)


def _canon(value: object) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def _ts(seconds: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(1_767_225_600 + seconds))


def _sign(manifest: dict[str, object], key: SigningKey) -> dict[str, object]:
    signature = key.sign(_canon(manifest)).signature
    return {
        "manifest": manifest,
        "publicKey": _b64(bytes(key.verify_key)),
        "signature": _b64(signature),
    }


def _command(index: int) -> dict[str, object]:
    t = index * 60
    body = f"df -h /opt/myapp/{index}\n"
    command_id = f"cmd-{index}"
    stdout = f"output of {index}\n".encode()
    approval = {
        "kind": "t9.ops.commandApproval/v1",
        "mode": "manual",
        "commandId": command_id,
        "applianceId": "appl-1",
        "commandType": "ScriptFromTmpl",
        "templateId": "disk-usage",
        "templateVersion": "1.0.0",
        "templateContentSha256": "c" * 64,
        "bodySha256": hashlib.sha256(body.encode()).hexdigest(),
        "vars": {"DIR": "/opt/myapp"},
        "permissions": "ReadOnly",
        "reason": "ticket",
        "decision": "approve",
        "approver": "alice@acme",
        "decidedAt": _ts(t + 5),
    }
    integrity = {
        "kind": "t9.ops.outputIntegrity/v1",
        "commandId": command_id,
        "stdoutSha256": hashlib.sha256(stdout).hexdigest(),
        "stdoutSize": len(stdout),
        "stderrSha256": hashlib.sha256(b"").hexdigest(),
        "stderrSize": 0,
        "exitCode": 0,
        "startedAt": _ts(t + 10),
        "finishedAt": _ts(t + 20),
    }
    release = {
        "kind": "t9.ops.outputApproval/v1",
        "mode": "manual",
        "commandId": command_id,
        "outputIntegritySha256": hashlib.sha256(_canon(integrity)).hexdigest(),
        "decision": "release",
        "approver": "bob@acme",
        "decidedAt": _ts(t + 30),
    }
    return {
        "type": "command",
        "commandId": command_id,
        "commandName": f"disk-usage-{index}",
        "appName": "myapp",
        "customerName": "acme",
        "applianceId": "appl-1",
        "commandType": "ScriptFromTmpl",
        "template": {"id": "disk-usage", "version": "1.0.0", "contentSha256": "c" * 64},
        "body": body,
        "vars": {"DIR": "/opt/myapp"},
        "permissions": "ReadOnly",
        "reason": "ticket",
        "submittedAt": _ts(t),
        "timeoutSeconds": 3600,
        "lifecycle": "Completed",
        "transitions": [
            {"state": "Submitted", "at": _ts(t)},
            {"state": "Completed", "at": _ts(t + 30)},
        ],
        "approval": _sign(approval, BUYER),
        "outputIntegrity": _sign(integrity, APPLIANCE),
        "release": _sign(release, BUYER),
        "attachments": {"stdout": _b64(stdout), "stderr": ""},
    }


def generate(path: Path, records: int) -> list[tuple[bytes, bytes, bytes]]:
    """Write an export; return the (key, signature, message) triples it holds."""
    triples: list[tuple[bytes, bytes, bytes]] = []
    header = {
        "type": "header",
        "format": "t9-audit-export",
        "version": 1,
        "exportId": "bench",
        "applianceId": "appl-1",
        "exportedAt": _ts(10**8),
        "firstSeq": 1,
        "prevHead": "0" * 64,
        "applianceKeys": [
            {
                "publicKey": _b64(bytes(APPLIANCE.verify_key)),
                "validFrom": _ts(0),
                "validUntil": None,
            }
        ],
    }
    prev = "0" * 64
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps(header) + "\n")
        for index in range(records):
            record = {"seq": index + 1, "prev": prev, **_command(index)}
            prev = hashlib.sha256(
                _canon({k: v for k, v in record.items() if k != "attachments"})
            ).hexdigest()
            if len(triples) < 3 * 20_000:
                for slot in ("approval", "outputIntegrity", "release"):
                    env = record[slot]
                    assert isinstance(env, dict)
                    triples.append(
                        (
                            base64.b64decode(env["publicKey"]),
                            base64.b64decode(env["signature"]),
                            _canon(env["manifest"]),
                        )
                    )
            out.write(json.dumps(record) + "\n")
        manifest = {
            "kind": "t9.ops.checkpoint/v1",
            "applianceId": "appl-1",
            "lastSeq": records,
            "head": prev,
            "count": records,
            "at": _ts(10**8),
        }
        checkpoint = {
            "type": "checkpoint",
            "seq": records + 1,
            "prev": prev,
            **_sign(manifest, APPLIANCE),
        }
        out.write(json.dumps(checkpoint) + "\n")
    return triples


def floor_seconds(triples: list[tuple[bytes, bytes, bytes]]) -> float:
    """The bare loop: the same verifications with the same library (PyNaCl), one core."""
    start = time.perf_counter()
    for public_key, signature, message in triples:
        crypto_sign_open(signature + message, public_key)
    return time.perf_counter() - start


def verifier_seconds(path: Path, trust: Path, jobs: int) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) of one verification."""
    from t9verify.engine import VerifyOptions, evaluate
    from t9verify.pins import load_trust_file

    options = VerifyOptions(export=path, pins=load_trust_file(trust), jobs=jobs, backend="pynacl")
    start, cpu = time.perf_counter(), time.process_time()
    report = evaluate(options, sink=lambda _result: None)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    if not report.ok:
        raise SystemExit("benchmark export did not verify: the benchmark is broken")
    return elapsed, cpu


_RSS_PROBE = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def peak_rss_mib(path: Path, trust: Path, jobs: int) -> float:
    """Peak RSS of t9verify (main process or worker) in a fresh process tree."""
    command = [sys.executable, "-m", "t9verify", "audit", "verify", str(path), "--trust",
               str(trust), "--jobs", str(jobs), "--output", "json"]  # fmt: skip
    probe = subprocess.run(
        [sys.executable, "-c", _RSS_PROBE, *command], check=True, capture_output=True, text=True
    )
    return int(probe.stdout.strip()) / 1024


def _timed_against_floor(
    export: Path, trust: Path, jobs: int, triples: list[tuple[bytes, bytes, bytes]]
) -> None:
    # The machine may be shared: the floor is measured right before and after each run.
    before = floor_seconds(triples)
    elapsed, cpu = verifier_seconds(export, trust, jobs)
    floor = (before + floor_seconds(triples)) / 2
    target = {1: 1.3, 2: 0.75}.get(jobs)
    line = f"--jobs {jobs}: {elapsed:.2f} s wall, floor {floor:.2f} s, ratio {elapsed / floor:.2f}x"
    if jobs == 1:
        line += f" (CPU {cpu:.2f} s, CPU ratio {cpu / floor:.2f}x)"
    print(line + (f" (target <= {target}x)" if target else ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--rss-records", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        trust = directory / "trust.json"
        fingerprint = "SHA256:" + _b64(hashlib.sha256(bytes(BUYER.verify_key)).digest()).rstrip("=")
        trust.write_text(
            json.dumps(
                {
                    "appliance": [
                        {
                            "publicKey": _b64(bytes(APPLIANCE.verify_key)),
                            "validFrom": None,
                            "validUntil": None,
                        }
                    ],
                    "buyer": [{"fingerprint": fingerprint, "validFrom": None, "validUntil": None}],
                }
            )
        )
        export = directory / "export.jsonl"
        triples = generate(export, args.records)
        size = export.stat().st_size / 2**20
        signatures = len(triples) + 1
        print(f"export: {args.records} records, {size:.1f} MiB, {signatures} signatures")
        print(f"cores: {os.cpu_count()}, load average: {os.getloadavg()[0]:.2f}")
        print(f"floor (bare PyNaCl verify loop, 1 core): {floor_seconds(triples):.2f} s")
        for jobs in (1, 2):
            _timed_against_floor(export, trust, jobs, triples)
        for records in (args.records, args.rss_records):
            path = export if records == args.records else directory / "big.jsonl"
            if records != args.records:
                generate(path, records)
            rss = peak_rss_mib(path, trust, 2)
            print(f"peak RSS verifying {records} records (--jobs 2, --output json): {rss:.0f} MiB")


if __name__ == "__main__":
    main()
