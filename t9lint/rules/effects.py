"""Effects family (T94xx): what the body does, against what the template declares.

Every rule reads the classification of ``cmdlib.effects.classify_template`` (computed
once per template): the declared ``side_effects`` must cover every step that changes
state and name every destructive one, the declared ``permissions`` must cover the tier,
and the description must say "Read-only" or name the change. A step nobody can classify
(dynamic command word, unparseable shell, command outside the catalog) counts as
mutating. Templates that do not load are left to T9001.
"""

from __future__ import annotations

from collections.abc import Iterator

from cmdlib.effects import Step, TemplateEffects, Tier, classify_template, covers
from cmdlib.effects_model import PERMISSION_RANKS
from cmdlib.model import Flavor, Severity, Template
from t9lint.findings import Finding
from t9lint.rules.base import Rule, RuleContext, register
from t9lint.rules.effects_text import (
    claims_read_only,
    names_change,
    names_step,
    suggested_tag,
)

_cache: list[tuple[Template, TemplateEffects]] = []


def effects_of(template: Template) -> TemplateEffects:
    """The template's classification, computed once however many rules ask."""
    if _cache and _cache[0][0] is template:
        return _cache[0][1]
    effects = classify_template(template)
    _cache[:] = [(template, effects)]
    return effects


def _classified(ctx: RuleContext) -> TemplateEffects | None:
    return effects_of(ctx.template) if ctx.template.ok else None


def _check_undeclared(ctx: RuleContext) -> Iterator[Finding]:
    effects = _classified(ctx)
    if effects is None or ctx.template.metadata.tags("side_effects"):
        return
    step = effects.first_changing()
    if step is None:
        return
    if step.tier is Tier.UNKNOWN:
        what = f"this step cannot be classified ({step.reason}) and counts as a change"
    else:
        what = f"this step changes state: {step.reason}"
    yield UNDECLARED.finding(
        ctx,
        step.span,
        f"{what}, but the template declares no side_effects",
        hint=f'declare the change, e.g. side_effects = ["{suggested_tag(step)}"]',
    )


def _check_read_only_declares(ctx: RuleContext) -> Iterator[Finding]:
    effects = _classified(ctx)
    field = ctx.template.metadata.get("side_effects")
    if effects is None or field is None or not ctx.template.metadata.tags("side_effects"):
        return
    if effects.tier is Tier.READ_ONLY:
        yield SPURIOUS.finding(
            ctx,
            field.value_span,
            "side_effects are declared but every step only reads",
            hint="remove side_effects (or set it to []) for a read-only template",
        )


def _check_destructive_named(ctx: RuleContext) -> Iterator[Finding]:
    effects = _classified(ctx)
    if effects is None:
        return
    tags = ctx.template.metadata.tags("side_effects")
    for step in effects.steps:
        if step.tier is not Tier.DESTRUCTIVE or names_step(tags, step):
            continue
        wanted = ", ".join(step.tag_words[:4])
        yield UNNAMED_DESTRUCTIVE.finding(
            ctx,
            step.span,
            f"{step.reason}; no side_effects tag names it (a tag containing one of: {wanted})",
            hint=f'add a tag such as "{suggested_tag(step)}"',
        )


def _check_unknown(ctx: RuleContext) -> Iterator[Finding]:
    effects = _classified(ctx)
    if effects is None:
        return
    for step in effects.steps:
        if step.tier is Tier.UNKNOWN:
            yield UNCLASSIFIABLE.finding(
                ctx,
                step.span,
                f"cannot classify this step: {step.reason}; it is treated as mutating",
                hint="use literal commands from the catalog (`t9lint rules T9404`)",
            )


def _check_permissions(ctx: RuleContext) -> Iterator[Finding]:
    effects = _classified(ctx)
    field = ctx.template.metadata.get("permissions")
    if effects is None or field is None or not isinstance(field.value, str):
        return
    needed = effects.tier.permission
    if field.value not in PERMISSION_RANKS or covers(field.value, needed):
        return  # a value that is no tier at all is T9109's finding
    step = _deciding_step(effects)
    yield PERMISSIONS_TOO_LOW.finding(
        ctx,
        field.value_span,
        f'permissions = "{field.value}" does not cover the body: {_why(step)} needs {needed}',
        hint=f'declare permissions = "{needed}"',
    )


def _check_inferred(ctx: RuleContext) -> Iterator[Finding]:
    effects = _classified(ctx)
    metadata = ctx.template.metadata
    if effects is None or metadata.get("permissions") is not None or metadata.span is None:
        return
    needed = effects.tier.permission
    step = _deciding_step(effects)
    because = f" from {_why(step)}" if step is not None else ""
    yield PERMISSIONS_INFERRED.finding(
        ctx,
        metadata.span,
        f"permissions not declared: inferred tier {needed}{because}",
        hint=f'declare it: permissions = "{needed}"'
        + (" (as the comment `# t9: permissions = ...` in Terraform)" if _is_tf(ctx) else ""),
    )


def _check_description(ctx: RuleContext) -> Iterator[Finding]:
    effects = _classified(ctx)
    field = ctx.template.metadata.get("description")
    if effects is None or field is None or not isinstance(field.value, str):
        return
    text = field.value
    if effects.tier is Tier.READ_ONLY:
        if not claims_read_only(text):
            yield DESCRIPTION.finding(
                ctx,
                field.value_span,
                'the template only reads but its description does not say "Read-only"',
                hint='end the description with "Read-only."',
            )
        return
    step = effects.first_changing()
    if claims_read_only(text):
        yield DESCRIPTION.finding(
            ctx,
            field.value_span,
            f"the description claims read-only but {_why(step)} "
            + ("may change state" if effects.tier is Tier.UNKNOWN else "changes state"),
            hint="describe the change instead",
        )
    elif effects.tier is not Tier.UNKNOWN and not names_change(
        text, effects, ctx.template.metadata.tags("side_effects")
    ):
        yield DESCRIPTION.finding(
            ctx,
            field.value_span,
            f"the description does not name the change ({_why(step)})",
            hint='say what changes, with the verb of the step (e.g. "Restarts ...")',
        )


def _deciding_step(effects: TemplateEffects) -> Step | None:
    return next((step for step in effects.steps if step.tier is effects.tier), None)


def _why(step: Step | None) -> str:
    if step is None:
        return "the body"
    if step.argv0:
        return f"`{' '.join(step.words[:3]) or step.argv0}` at line {step.span.line}"
    return f"a step at line {step.span.line}"


def _is_tf(ctx: RuleContext) -> bool:
    return ctx.template.flavor is Flavor.TERRAFORM


def _example(fields: str, body: str) -> str:
    """A whole (small) script template for the rule documentation."""
    return (
        "#!/usr/bin/env bash\n: <<'TENSOR9'\n"
        'name        = "restart-nginx"\ndisplay     = "Restart nginx"\n'
        f'{fields}data_access = ["Infrastructure"]\nTENSOR9\nset -euo pipefail\n{body}\n'
    )


_RESTARTS = 'description = "Restarts nginx with systemctl."\n'
_STATUS = 'description = "Shows the status of nginx. Read-only."\n'
_RESTART_BODY = "systemctl restart nginx"
_STATUS_BODY = "systemctl status --no-pager nginx"
_DECLARED = 'side_effects = ["service-restart"]\npermissions = "ReadWrite"\n'

UNDECLARED = register(
    Rule(
        code="T9401",
        name="undeclared-side-effects",
        family="effects",
        severity=Severity.ERROR,
        summary="A body that changes state declares side_effects.",
        rationale=(
            "The customer approves a run from its metadata. A template whose body restarts,"
            " deletes or writes something but declares no side_effects looks read-only in"
            " the review. The classifier walks every command (pipes, `&&`, `$(...)`,"
            " wrappers such as sudo and `kubectl exec --`); the first step that changes"
            " state is reported, with a suggested tag."
        ),
        bad_example=_example(_RESTARTS + 'permissions = "ReadWrite"\n', _RESTART_BODY),
        good_example=_example(_RESTARTS + _DECLARED, _RESTART_BODY),
        check_file=_check_undeclared,
    )
)
SPURIOUS = register(
    Rule(
        code="T9402",
        name="side-effects-on-read-only",
        family="effects",
        severity=Severity.WARNING,
        summary="A read-only body declares no side_effects.",
        rationale=(
            "side_effects tell the reviewer what a run changes. Declaring changes for a"
            " body that only reads trains reviewers to ignore the field."
        ),
        bad_example=_example(_STATUS + _DECLARED, _STATUS_BODY),
        good_example=_example(_STATUS + 'permissions = "ReadOnly"\n', _STATUS_BODY),
        check_file=_check_read_only_declares,
    )
)
UNNAMED_DESTRUCTIVE = register(
    Rule(
        code="T9403",
        name="destructive-step-unnamed",
        family="effects",
        severity=Severity.ERROR,
        summary="Every destructive step has a side_effects tag that names it.",
        rationale=(
            "Deleting files or namespaces, terminating instances, draining nodes or"
            " shutting a host down cannot be undone. Each destructive catalog entry lists"
            " the words one of which a tag must contain (`rm` -> `file-deletion`,"
            " `kubectl delete namespace` -> `namespace-deletion`, `aws ec2"
            " terminate-instances` -> `instance-termination`, `shutdown` ->"
            " `host-shutdown`), so that a vague tag cannot hide it."
        ),
        bad_example=_example(
            'description = "Deletes the nginx cache."\nside_effects = ["cleanup"]\n',
            "rm -rf /var/cache/nginx/*",
        ),
        good_example=_example(
            'description = "Deletes the nginx cache."\nside_effects = ["cache-file-deletion"]\n',
            "rm -rf /var/cache/nginx/*",
        ),
        check_file=_check_destructive_named,
    )
)
UNCLASSIFIABLE = register(
    Rule(
        code="T9404",
        name="unclassifiable-step",
        family="effects",
        severity=Severity.WARNING,
        summary="Every step can be classified; one that cannot counts as mutating.",
        rationale=(
            'A dynamic command word (`eval "$X"`, `$CMD args`, `bash -c "$X"`), a'
            " snippet that does not parse, or a command outside the catalog may do"
            " anything. The toolkit fails closed: it treats such a step as mutating for"
            " the side_effects and permissions checks, and says so."
        ),
        bad_example=_example(_RESTARTS + _DECLARED, 'SYSTEMCTL="$1"\n$SYSTEMCTL restart nginx'),
        good_example=_example(
            _RESTARTS + _DECLARED, 'SYSTEMCTL="systemctl --no-pager"\n$SYSTEMCTL restart nginx'
        ),
        check_file=_check_unknown,
    )
)
PERMISSIONS_TOO_LOW = register(
    Rule(
        code="T9405",
        name="permissions-below-effects",
        family="effects",
        severity=Severity.ERROR,
        summary="The declared permissions cover what the body does.",
        rationale=(
            "A submission's permissions must cover the template's tier. Reads need"
            " ReadOnly; changes (and steps that cannot be classified) need ReadWrite;"
            " destructive steps (deletions, terminations, drains, shutdowns, formatting)"
            " need Admin, so that an account allowed routine changes cannot also destroy."
        ),
        bad_example=_example(
            _RESTARTS + 'side_effects = ["service-restart"]\npermissions = "ReadOnly"\n',
            _RESTART_BODY,
        ),
        good_example=_example(_RESTARTS + _DECLARED, _RESTART_BODY),
        check_file=_check_permissions,
    )
)
PERMISSIONS_INFERRED = register(
    Rule(
        code="T9406",
        name="permissions-inferred",
        family="effects",
        severity=Severity.INFO,
        summary="When permissions are absent, the tier inferred from the body is reported.",
        rationale=(
            "The spec lets a template omit permissions: the toolkit infers the least tier"
            " from the body. Reporting it lets the author confirm it and declare it."
        ),
        bad_example=_example(_RESTARTS + 'side_effects = ["service-restart"]\n', _RESTART_BODY),
        good_example=_example(_RESTARTS + _DECLARED, _RESTART_BODY),
        check_file=_check_inferred,
    )
)
DESCRIPTION = register(
    Rule(
        code="T9407",
        name="description-effects-mismatch",
        family="effects",
        severity=Severity.WARNING,
        summary='The description says "Read-only" for reads and names the change otherwise.',
        rationale=(
            "The description is the plain-English equivalent of the body. A reviewer"
            " skimming it must learn whether the run changes anything: read-only templates"
            ' say "Read-only"; others never claim it and name the change with the verb of'
            " a changing step or a word of a side_effects tag."
        ),
        bad_example=_example(
            'description = "Shows the status of nginx."\n' + _DECLARED, _RESTART_BODY
        ),
        good_example=_example(_RESTARTS + _DECLARED, _RESTART_BODY),
        check_file=_check_description,
    )
)
