"""Pre-approvals and revocations (spec "Pre-approvals", precise rules 12-14, 16).

``read_preapproval``/``read_revocation`` check one signed record (both passes use them);
``check_preapproved_use`` and ``check_preapproved_release`` check a command against the
table the first pass built. Run-index reuse needs order and is decided by the chain pass.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from t9verify import fields, timefmt
from t9verify.checks import manifests as m
from t9verify.checks.envelopes import Envelope, check_kind, read_envelope, verify_signed
from t9verify.context import PreApprovalEntry, VerifyContext
from t9verify.pins import BUYER
from t9verify.reasons import Reason
from t9verify.results import FAIL, PASS, Check, differs, fail

NAME = "preApproval"
# Constructs Python's re has and RE2 lacks: refused rather than given a second meaning.
_NOT_RE2 = re.compile(r"\(\?[=!<]|\(\?P=|\\[1-9]|\(\?\(|\\[ZG]", re.ASCII)


# A quantified group holding a quantifier or an alternation, e.g. (a+)+ or (a|aa)*: RE2 runs
# it in linear time, Python's backtracking engine may take exponential time on a hostile
# value. Refused, so that verification always ends.
_NESTED_QUANTIFIER = re.compile(r"\([^()]*[+*}?|][^()]*\)\s*[+*{]", re.ASCII)


@functools.lru_cache(maxsize=1024)
def compile_constraint(pattern: str) -> re.Pattern[str] | None:
    """The pattern of a ``regex:`` constraint, or None when it is not usable RE2 syntax."""
    if _NOT_RE2.search(pattern) or _NESTED_QUANTIFIER.search(pattern):
        return None
    try:
        return re.compile(pattern, re.ASCII)
    except (re.error, RecursionError, OverflowError):
        return None


def _constraint_problem(constraint: str) -> str | None:
    if constraint.startswith("exact:"):
        return None
    if constraint.startswith("regex:"):
        if compile_constraint(constraint[len("regex:") :]) is None:
            return f"constraint {constraint!r} is not a usable RE2 pattern"
        return None
    return f"constraint {constraint!r} is neither regex: nor exact:"


def _signed_record(
    record: dict[str, Any], kind: str, manifest_spec: dict[str, fields.Validator], chained: bool
) -> tuple[list[Check], Envelope | None]:
    """The shape of a pre-approval or revocation record, its envelope, its manifest's kind
    and fields: the envelope when all hold, else None and the failures."""
    spec = m.SIGNED_RECORD if chained else m.UNCHAINED_SIGNED_RECORD
    checks = fields.validate(record, spec, NAME, "record")
    if checks:
        return checks, None
    envelope, checks = read_envelope(
        {k: record[k] for k in ("manifest", "publicKey", "signature")}, NAME
    )
    if envelope is None:
        return checks, None
    wrong = check_kind(envelope.manifest, kind, NAME)
    problems = (
        [wrong] if wrong else fields.validate(envelope.manifest, manifest_spec, NAME, "manifest")
    )
    if problems:
        return problems, None
    return checks, envelope


def read_preapproval(
    ctx: VerifyContext, record: dict[str, Any], ascii_keys: bool, where: str, *, chained: bool
) -> tuple[list[Check], PreApprovalEntry | None]:
    """Checks of one pre-approval record and its table entry (None when unusable)."""
    checks, envelope = _signed_record(record, m.PREAPPROVAL_KIND, m.PREAPPROVAL, chained)
    if envelope is None:
        return checks, None
    manifest = envelope.manifest
    signature = verify_signed(
        ctx,
        envelope,
        check_name=NAME,
        role=BUYER,
        signed_at=manifest["signedAt"],
        signed_by=manifest["approver"],
        ascii_keys=ascii_keys,
    )
    checks.append(signature)
    checks.extend(_meaning_checks(ctx, manifest))
    failures = [c for c in checks if c.status == FAIL]
    problem = "; ".join(c.reason or "" for c in failures) or None
    return checks, _entry(manifest, signature, where, problem)


def _meaning_checks(ctx: VerifyContext, manifest: dict[str, Any]) -> list[Check]:
    """Usable constraints, the header's appliance, a window that is not empty."""
    checks = []
    for items in manifest["varConstraints"].values():
        for constraint in items:
            problem = _constraint_problem(constraint)
            if problem is not None:
                checks.append(fail(NAME, Reason.PREAPPROVAL_INVALID, problem))
    expected = ctx.header.appliance_id
    if expected is not None and manifest["applianceId"] != expected:
        reason = differs("applianceId", expected, manifest["applianceId"])
        checks.append(fail(NAME, Reason.APPLIANCE_MISMATCH, reason))
    not_before = timefmt.parse_ms(manifest["notBefore"]) or 0
    if (timefmt.parse_ms(manifest["notAfter"]) or 0) < not_before:
        checks.append(fail(NAME, Reason.PREAPPROVAL_INVALID, "notAfter is before notBefore"))
    return checks


def _entry(
    manifest: dict[str, Any], signature: Check, where: str, problem: str | None
) -> PreApprovalEntry:
    return PreApprovalEntry(
        pre_approval_id=manifest["preApprovalId"],
        where=where,
        problem=problem,
        appliance_id=manifest["applianceId"],
        template_id=manifest["templateId"],
        template_sha=manifest["templateContentSha256"],
        level=manifest["level"],
        max_runs=manifest["maxRuns"],
        not_before=timefmt.parse_ms(manifest["notBefore"]) or 0,
        not_after=timefmt.parse_ms(manifest["notAfter"]) or 0,
        signed_at=timefmt.parse_ms(manifest["signedAt"]) or 0,
        signer=(
            signature.trust_anchor,
            signature.fingerprint,
            manifest["approver"],
            manifest["signedAt"],
        ),
        constraints=tuple(
            (name, tuple(items)) for name, items in sorted(manifest["varConstraints"].items())
        ),
    )


def read_revocation(
    ctx: VerifyContext, record: dict[str, Any], ascii_keys: bool, *, chained: bool
) -> tuple[list[Check], tuple[str, int] | None]:
    """Checks of one revocation and, when valid, ``(preApprovalId, revokedAt)`` (rule 13)."""
    checks, envelope = _signed_record(record, m.REVOCATION_KIND, m.REVOCATION, chained)
    if envelope is None:
        return checks, None
    manifest = envelope.manifest
    check = verify_signed(
        ctx,
        envelope,
        check_name=NAME,
        role=BUYER,
        signed_at=manifest["revokedAt"],
        signed_by=manifest["approver"],
        ascii_keys=ascii_keys,
    )
    if check.status == FAIL:
        return [check], None
    return [check], (manifest["preApprovalId"], timefmt.parse_ms(manifest["revokedAt"]) or 0)


def _usable_entry(ctx: VerifyContext, pre_id: str) -> tuple[PreApprovalEntry | None, list[Check]]:
    entries = ctx.preapprovals.entries.get(pre_id, ())
    if not entries:
        return None, [
            fail(
                NAME,
                Reason.PREAPPROVAL_NOT_FOUND,
                f"pre-approval {pre_id!r} is not in the export nor in --preapprovals",
            )
        ]
    if len(entries) > 1:
        places = ", ".join(entry.where for entry in entries)
        return None, [
            fail(
                NAME,
                Reason.PREAPPROVAL_DUPLICATE_ID,
                f"pre-approval id {pre_id!r} is used by {len(entries)} pre-approvals ({places})",
            )
        ]
    entry = entries[0]
    if entry.problem is not None:
        return None, [
            fail(
                NAME,
                Reason.PREAPPROVAL_INVALID,
                f"pre-approval {pre_id!r} ({entry.where}) is not valid: {entry.problem}",
            )
        ]
    return entry, []


def _window_checks(
    ctx: VerifyContext, entry: PreApprovalEntry, instant: int, shown: str
) -> list[Check]:
    checks = []
    if not entry.not_before <= instant <= entry.not_after:
        window = f"[{timefmt.show(entry.not_before)} .. {timefmt.show(entry.not_after)}]"
        reason = f"decidedAt {shown} is outside the pre-approval window {window}"
        checks.append(fail(NAME, Reason.PREAPPROVAL_OUT_OF_WINDOW, reason))
    revoked = ctx.preapprovals.revoked_by(entry.pre_approval_id, instant)
    if revoked is not None:
        reason = (
            f"pre-approval {entry.pre_approval_id!r} was revoked at {timefmt.show(revoked)}, "
            f"not after decidedAt {shown}"
        )
        checks.append(fail(NAME, Reason.PREAPPROVAL_REVOKED, reason))
    return checks


def check_preapproved_use(
    ctx: VerifyContext, record: dict[str, Any], approval: dict[str, Any], decided_at: int
) -> list[Check]:
    """A pre-approved command is valid only when all of these hold (spec, rule 12)."""
    entry, checks = _usable_entry(ctx, approval["preApprovalId"])
    if entry is None:
        return checks
    expected = ctx.header.appliance_id
    if expected is not None and entry.appliance_id != expected:
        reason = differs("pre-approval applianceId", expected, entry.appliance_id)
        checks.append(fail(NAME, Reason.APPLIANCE_MISMATCH, reason))
    checks.extend(_template_checks(entry, record["template"]))
    checks.extend(_window_checks(ctx, entry, decided_at, approval["decidedAt"]))
    if entry.signed_at > decided_at:
        reason = f"pre-approval signed after the command's decidedAt {approval['decidedAt']}"
        checks.append(fail(NAME, Reason.PREAPPROVAL_SIGNED_LATE, reason))
    run_index = approval["runIndex"]
    if not 1 <= run_index <= entry.max_runs:
        reason = f"runIndex {run_index} is not within 1..{entry.max_runs}"
        checks.append(fail(NAME, Reason.RUN_INDEX_OUT_OF_RANGE, reason))
    checks.extend(_constraint_checks(entry, record["vars"]))
    if not checks:
        anchor, fingerprint, approver, signed_at = entry.signer
        checks.append(Check(NAME, PASS, None, None, anchor, fingerprint, approver, signed_at))
    return checks


def _template_checks(entry: PreApprovalEntry, template: dict[str, Any] | None) -> list[Check]:
    """Template id and content hash: a changed template falls back to manual approval."""
    code = Reason.PREAPPROVAL_TEMPLATE_MISMATCH
    if template is None:
        return [fail(NAME, code, "a pre-approved command needs a template")]
    checks = []
    if template["id"] != entry.template_id:
        checks.append(fail(NAME, code, differs("templateId", entry.template_id, template["id"])))
    if template["contentSha256"] != entry.template_sha:
        reason = differs("templateContentSha256", entry.template_sha, template["contentSha256"])
        checks.append(fail(NAME, code, reason))
    return checks


def _constraint_checks(entry: PreApprovalEntry, variables: dict[str, str]) -> list[Check]:
    checks = []
    for name, constraints in entry.constraints:
        if name not in variables:
            checks.append(
                fail(
                    NAME,
                    Reason.CONSTRAINT_VIOLATED,
                    f"constrained variable {name!r} is missing from vars",
                )
            )
            continue
        value = variables[name]
        for constraint in constraints:
            if constraint.startswith("exact:"):
                ok = value == constraint[len("exact:") :]
            else:
                pattern = compile_constraint(constraint[len("regex:") :])
                ok = pattern is not None and pattern.fullmatch(value) is not None
            if not ok:
                checks.append(
                    fail(
                        NAME,
                        Reason.CONSTRAINT_VIOLATED,
                        f"vars[{name!r}] = {value[:80]!r} does not satisfy {constraint!r}",
                    )
                )
    return checks


def check_preapproved_release(
    ctx: VerifyContext, approval: dict[str, Any] | None, release: dict[str, Any], decided_at: int
) -> list[Check]:
    """Rule 14: an appliance-signed release needs a FullyPreApprove pre-approval, in force."""
    if approval is None or approval.get("mode") != "preapproved":
        return [
            fail(
                "outputApproval",
                Reason.PREAPPROVAL_LEVEL,
                "a pre-approved release needs a pre-approved approval",
            )
        ]
    if release["preApprovalId"] != approval["preApprovalId"]:
        return [
            fail(
                "outputApproval",
                Reason.BINDING_MISMATCH,
                differs("preApprovalId", approval["preApprovalId"], release["preApprovalId"]),
            )
        ]
    entry, checks = _usable_entry(ctx, release["preApprovalId"])
    if entry is None:
        return checks
    if entry.level != "FullyPreApprove":
        checks.append(
            fail(
                "outputApproval",
                Reason.PREAPPROVAL_LEVEL,
                f"pre-approval level {entry.level} does not allow an appliance-signed release",
            )
        )
    checks.extend(_window_checks(ctx, entry, decided_at, release["decidedAt"]))
    return checks
