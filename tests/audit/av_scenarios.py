"""The valid exports (mixed history, legacy, firstSeq > 1, key rotation) and trust files.

Each scenario is a function returning a fresh ``Export`` so that tamper cases can
edit one without touching another. Times are offsets in seconds from ``av_build.BASE``.
"""

from __future__ import annotations

from av_build import (
    CommandSpec,
    Export,
    Obj,
    PreApprovalSpec,
    at,
    command,
    legacy_command,
    preapproval,
    revocation,
    template,
)
from av_jcs import sha256_hex
from av_keys import APPLIANCE_A, APPLIANCE_B, BUYER_ALICE, BUYER_BOB

HOUR = 3600
DAY = 24 * HOUR
KEYS_FROM = "2025-06-01T00:00:00Z"
SIGNATURE_REQUIRED_FROM = "2026-01-05T00:00:00Z"
# The moment appliance key A hands over to key B in the rotation scenario.
ROTATION_AT = 6 * HOUR

TF_APPLY = template("tf-rotate-db-credentials", "1.4.0")
TF_PLAN = template("tf-plan-network", "2.0.1")
SCRIPT_DIAG = template("script-collect-diagnostics", "0.9.2")
SCRIPT_LOGS = template("script-tail-logs", "1.1.0")
KUBECTL_RESTART = template("kubectl-rollout-restart", "3.2.0")

PA_RESTART = "pa-restart-0001"
PA_LOGS = "pa-logs-0002"
PA_SIDE = "pa-side-0003"


def restart_preapproval(**changes: object) -> PreApprovalSpec:
    fields: dict[str, object] = {
        "pre_id": PA_RESTART,
        "template": KUBECTL_RESTART,
        "level": "CommandsOnly",
        "max_runs": 3,
        "not_before": -HOUR,
        "not_after": 30 * DAY,
        "constraints": {
            "NAMESPACE": ["regex:^[a-z][a-z0-9-]*$"],
            "DEPLOYMENT": ["exact:billing-api"],
        },
        "signed_at": -DAY,
    }
    fields.update(changes)
    return PreApprovalSpec(**fields)  # type: ignore[arg-type]


def logs_preapproval(**changes: object) -> PreApprovalSpec:
    # The constraint is deliberately unanchored: "must match the whole value" is the
    # verifier's job, not the pattern author's.
    fields: dict[str, object] = {
        "pre_id": PA_LOGS,
        "template": SCRIPT_LOGS,
        "level": "FullyPreApprove",
        "max_runs": 2,
        "not_before": -HOUR,
        "not_after": 30 * DAY,
        "constraints": {"LINES": ["regex:[0-9]{1,4}"]},
        "signed_at": -DAY,
        "approver": BUYER_BOB,
    }
    fields.update(changes)
    return PreApprovalSpec(**fields)  # type: ignore[arg-type]


def _spec(index: int, command_id: str, **fields: object) -> CommandSpec:
    defaults: dict[str, object] = {
        "command_id": command_id,
        "name": command_id.removeprefix("cmd-"),
        "submitted": index * HOUR,
    }
    defaults.update(fields)
    return CommandSpec(**defaults)  # type: ignore[arg-type]


def mixed_specs() -> list[CommandSpec]:
    """Every commandType and lifecycle of the mixed history, in record order."""
    tf = {"command_type": "TfFromTmpl", "template": TF_APPLY, "body": 'resource "x" "y" {}\n'}
    plan = {"command_type": "TfFromTmpl", "template": TF_PLAN, "body": "terraform plan\n"}
    script = {"command_type": "ScriptFromTmpl", "template": SCRIPT_DIAG, "body": "uptime\n"}
    kube = {
        "command_type": "KubectlFromTmpl",
        "template": KUBECTL_RESTART,
        "body": "kubectl rollout restart deployment/${DEPLOYMENT} -n ${NAMESPACE}",
    }
    adhoc = {"command_type": "Kubectl", "template": None, "body": "kubectl get pods -n billing"}
    restart_vars = {"NAMESPACE": "billing", "DEPLOYMENT": "billing-api"}
    return [
        _spec(
            0,
            "cmd-tf-apply",
            lifecycle="Completed",
            **tf,
            permissions="ReadWrite",
            vars={"DB": "orders"},
            attachments=True,
            stdout=b"Apply complete!\n",
            stderr=b"warning: deprecated\n",
        ),
        _spec(
            1,
            "cmd-script-diag",
            lifecycle="Completed",
            **script,
            approver=BUYER_BOB,
            releaser=BUYER_ALICE,
            # U+2028 and U+0085 stay raw in JCS: a reader splitting lines on them breaks.
            reason="collect diagnostics\u2028second line\u0085third",
        ),
        _spec(
            2,
            "cmd-kubectl-template",
            lifecycle="Completed",
            **kube,
            vars=restart_vars,
            permissions="ReadWrite",
            attachments=True,
            stdout=b"restarted\n",
        ),
        _spec(3, "cmd-kubectl-adhoc", lifecycle="Completed", **adhoc, stdout=b"pod/a Running\n"),
        _spec(
            4,
            "cmd-output-rejected",
            lifecycle="OutputRejected",
            **plan,
            attachments=True,
            stdout=b"Plan: 3 to destroy\n",
        ),
        _spec(
            5,
            "cmd-exec-failed",
            lifecycle="ExecutionFailed",
            **script,
            exit_code=2,
            attachments=True,
            stdout=b"",
            stderr=b"disk full\n",
        ),
        _spec(
            6,
            "cmd-exec-internal-error",
            lifecycle="ExecutionFailed",
            **adhoc,
            exit_code=None,
            stdout=b"",
            stderr=b"",
        ),
        _spec(
            7,
            "cmd-cmd-rejected",
            lifecycle="CmdRejected",
            **tf,
            permissions="Admin",
            reason="drop the orders table",
        ),
        # Cancelled while running: its output is kept, and any exit code goes (rule 9).
        _spec(
            8,
            "cmd-cancelled",
            lifecycle="Cancelled",
            **script,
            cancelled_with_output=True,
            exit_code=137,
            stdout=b"partial\n",
            attachments=True,
        ),
        _spec(9, "cmd-timeout", lifecycle="Timeout", **plan),
        _spec(10, "cmd-pending-submitted", lifecycle="Submitted", **script),
        _spec(11, "cmd-pending-approved", lifecycle="CmdApproved", **tf, vars={"DB": "users"}),
        _spec(12, "cmd-pending-executed", lifecycle="Executed", **adhoc),
        _spec(13, "cmd-pending-cancelling", lifecycle="Cancelling", **kube, vars=restart_vars),
        _spec(
            14,
            "cmd-preapproved-restart",
            lifecycle="Completed",
            **kube,
            vars=restart_vars,
            permissions="ReadWrite",
            preapproval=(PA_RESTART, 1),
            attachments=True,
        ),
        _spec(
            15,
            "cmd-fully-preapproved-logs",
            lifecycle="Completed",
            command_type="ScriptFromTmpl",
            template=SCRIPT_LOGS,
            body="tail -n ${LINES} app.log",
            vars={"LINES": "200"},
            preapproval=(PA_LOGS, 1),
            preapproved_release=True,
        ),
    ]


def mixed() -> Export:
    records: list[Obj] = [
        preapproval(restart_preapproval()),
        preapproval(logs_preapproval()),
        *(command(spec) for spec in mixed_specs()),
        revocation(PA_RESTART, 16 * HOUR),
    ]
    return Export(
        "exp-mixed-0001",
        records,
        exported_at=17 * HOUR,
        appliance_keys=[_key_entry(APPLIANCE_A.public_b64, KEYS_FROM, None)],
    )


def legacy() -> Export:
    legacy_specs = [
        _spec(
            -40 * 24,
            "cmd-legacy-one",
            lifecycle="Completed",
            command_type="Kubectl",
            template=None,
            body="kubectl get nodes",
        ),
        _spec(
            -39 * 24,
            "cmd-legacy-two",
            lifecycle="CmdRejected",
            command_type="ScriptFromTmpl",
            template=SCRIPT_DIAG,
            body="uptime\n",
        ),
    ]
    signed = [s for s in mixed_specs() if s.command_id in ("cmd-tf-apply", "cmd-script-diag")]
    records = [legacy_command(s) for s in legacy_specs] + [command(s) for s in signed]
    return Export(
        "exp-legacy-0001",
        records,
        exported_at=3 * HOUR,
        appliance_keys=[_key_entry(APPLIANCE_A.public_b64, KEYS_FROM, None)],
    )


def side_preapproval() -> PreApprovalSpec:
    return restart_preapproval(pre_id=PA_SIDE, max_runs=5, signed_at=-2 * DAY)


def side_preapprovals_lines() -> list[Obj]:
    """The ``--preapprovals`` file: the same objects without seq and prev."""
    return [preapproval(side_preapproval())]


def from_seq_41() -> Export:
    kube = {
        "command_type": "KubectlFromTmpl",
        "template": KUBECTL_RESTART,
        "body": "kubectl rollout restart deployment/${DEPLOYMENT} -n ${NAMESPACE}",
        "vars": {"NAMESPACE": "billing", "DEPLOYMENT": "billing-api"},
    }
    specs = [
        _spec(0, "cmd-side-preapproved", lifecycle="Completed", **kube, preapproval=(PA_SIDE, 4)),
        _spec(
            1,
            "cmd-side-manual",
            lifecycle="Completed",
            command_type="Kubectl",
            template=None,
            body="kubectl get deployments -A",
            attachments=True,
        ),
    ]
    prev_head = sha256_hex(b"the record hash of seq 40, outside this export")
    return Export(
        "exp-from-41-0001",
        [command(s) for s in specs],
        exported_at=2 * HOUR,
        first_seq=41,
        prev_head=prev_head,
        appliance_keys=[_key_entry(APPLIANCE_A.public_b64, KEYS_FROM, None)],
    )


def rotation_specs() -> list[CommandSpec]:
    adhoc = {"command_type": "Kubectl", "template": None, "body": "kubectl get pods -A"}
    finished_at_rotation = ROTATION_AT - 180  # CommandSpec.finished is submitted + 180
    return [
        _spec(0, "cmd-rot-before", lifecycle="Completed", **adhoc, releaser=BUYER_ALICE),
        _spec(
            0,
            "cmd-rot-at-handover-key-a",
            lifecycle="Completed",
            **adhoc,
            submitted=finished_at_rotation,
            releaser=BUYER_ALICE,
        ),
        _spec(
            0,
            "cmd-rot-at-handover-key-b",
            lifecycle="Completed",
            **adhoc,
            submitted=finished_at_rotation,
            appliance=APPLIANCE_B,
            releaser=BUYER_ALICE,
        ),
        _spec(
            8,
            "cmd-rot-after",
            lifecycle="Completed",
            **adhoc,
            appliance=APPLIANCE_B,
            releaser=BUYER_ALICE,
        ),
    ]


def rotation() -> Export:
    return Export(
        "exp-rotation-0001",
        [command(s) for s in rotation_specs()],
        exported_at=10 * HOUR,
        checkpoint_key=APPLIANCE_B,
        appliance_keys=[
            _key_entry(APPLIANCE_A.public_b64, KEYS_FROM, at(ROTATION_AT)),
            _key_entry(APPLIANCE_B.public_b64, at(ROTATION_AT), None),
        ],
    )


def _key_entry(public_key: str, valid_from: str, valid_until: str | None) -> Obj:
    return {"publicKey": public_key, "validFrom": valid_from, "validUntil": valid_until}


def _buyer_entry(fingerprint: str, valid_from: str, valid_until: str | None) -> Obj:
    return {"fingerprint": fingerprint, "validFrom": valid_from, "validUntil": valid_until}


def trust_main() -> Obj:
    return {
        "appliance": [_key_entry(APPLIANCE_A.public_b64, KEYS_FROM, None)],
        "buyer": [
            _buyer_entry(BUYER_ALICE.fingerprint, KEYS_FROM, None),
            _buyer_entry(BUYER_BOB.fingerprint, KEYS_FROM, None),
        ],
        "signatureRequiredFrom": SIGNATURE_REQUIRED_FROM,
    }


def trust_rotation() -> Obj:
    trust = trust_main()
    trust["appliance"] = rotation().appliance_keys
    # Bob's key was retired at the rotation too: his signatures after it are not his.
    trust["buyer"][1]["validUntil"] = at(ROTATION_AT)
    return trust


def trust_appliance_only() -> Obj:
    """Buyer list empty: every buyer signature FAILs (spec rule 6)."""
    trust = trust_main()
    trust["buyer"] = []
    return trust


def trust_buyer_only() -> Obj:
    """Appliance list empty: every appliance signature FAILs (spec rule 6)."""
    trust = trust_main()
    trust["appliance"] = []
    return trust
