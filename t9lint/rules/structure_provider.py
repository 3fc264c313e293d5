"""Structure family, Terraform provider part (T9105-T9106): the tensor9 provider runs in
ops mode and is pinned to a major version in ``required_providers``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from cmdlib.model import Attribute, Block, Flavor, Severity, Template
from t9lint.findings import Finding
from t9lint.rules._util import object_value_span, start_of_file
from t9lint.rules._versions import is_major_pinned
from t9lint.rules.base import Rule, RuleContext, register


def _find_block(blocks: Sequence[Block], block_type: str, *labels: str) -> Block | None:
    for block in blocks:
        if block.type == block_type and block.labels[: len(labels)] == labels:
            return block
    return None


def _check_provider_mode(ctx: RuleContext) -> Iterator[Finding]:
    template = ctx.template
    if template.flavor is not Flavor.TERRAFORM or not template.blocks:
        return
    provider = _find_block(template.blocks, "provider", "tensor9")
    if provider is None:
        yield PROVIDER_OPS_MODE.finding(
            ctx,
            start_of_file(),
            'no `provider "tensor9"` block: the template does not run in ops mode',
            'add provider "tensor9" { mode = "ops" }',
        )
        return
    mode = provider.attribute("mode")
    if mode is None:
        yield PROVIDER_OPS_MODE.finding(
            ctx,
            provider.label_spans[0] if provider.label_spans else provider.span,
            'provider "tensor9" has no `mode`: set mode = "ops"',
            'add mode = "ops" to the provider block',
        )
    elif mode.value != "ops":
        yield PROVIDER_OPS_MODE.finding(
            ctx,
            mode.value_span,
            f'provider "tensor9" mode is {mode.source}, not "ops"',
            'set mode = "ops"',
        )


PROVIDER_OPS_MODE = register(
    Rule(
        code="T9105",
        name="provider-ops-mode",
        family="structure",
        severity=Severity.ERROR,
        summary='Terraform templates configure provider "tensor9" with mode = "ops".',
        rationale=(
            "Ops mode is what makes the provider run the template as a reviewed, one-off"
            " operation; in any other mode the same HCL would manage long-lived resources"
            " outside the review flow."
        ),
        bad_example='provider "tensor9" {}\n',
        good_example='provider "tensor9" {\n  mode = "ops"\n}\n',
        check_file=_check_provider_mode,
    )
)


def _tensor9_requirement(template: Template) -> tuple[Block | None, Attribute | None]:
    for terraform in (b for b in template.blocks if b.type == "terraform"):
        for required in terraform.children("required_providers"):
            entry = required.attribute("tensor9")
            if entry is not None:
                return required, entry
    return None, None


def _check_provider_pinned(ctx: RuleContext) -> Iterator[Finding]:
    template = ctx.template
    if template.flavor is not Flavor.TERRAFORM or not template.blocks:
        return
    _required, entry = _tensor9_requirement(template)
    if entry is None:
        yield PROVIDER_PINNED.finding(
            ctx,
            start_of_file(),
            "the tensor9 provider is not declared in terraform { required_providers { } }",
            'add terraform { required_providers { tensor9 = { source = "tensor9/tensor9",'
            ' version = "~> 2.41" } } }',
        )
        return
    version = entry.value.get("version") if isinstance(entry.value, dict) else None
    if version is None:
        message = "the tensor9 provider has no version constraint"
    elif not isinstance(version, str):
        message = "the tensor9 provider version is not a literal string"
    elif not is_major_pinned(version):
        message = f'the tensor9 provider version "{version}" does not pin the major version'
    else:
        return
    span = object_value_span(template, entry.value_span, "version") or entry.value_span
    yield PROVIDER_PINNED.finding(
        ctx, span, message, 'pin it, e.g. version = "~> 2.41" or "= 2.41.0"'
    )


PROVIDER_PINNED = register(
    Rule(
        code="T9106",
        name="provider-version-pinned",
        family="structure",
        severity=Severity.ERROR,
        summary="required_providers pins the tensor9 provider to at least a major version.",
        rationale=(
            "A reviewed template must run the same way next month. An unpinned provider"
            " (no version, or only `>= x`) lets a new major version change what the same"
            " HCL does after it was approved."
        ),
        bad_example=(
            "terraform {\n  required_providers {\n"
            '    tensor9 = { source = "tensor9/tensor9", version = ">= 2.0" }\n  }\n}\n'
        ),
        good_example=(
            "terraform {\n  required_providers {\n"
            '    tensor9 = { source = "tensor9/tensor9", version = "~> 2.41" }\n  }\n}\n'
        ),
        check_file=_check_provider_pinned,
    )
)
