"""Structure family (T91xx): the metadata block, names, required fields, the tensor9
provider setup of Terraform templates, registered ids across the tree, icon and permissions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from cmdlib.model import Attribute, Block, Flavor, Severity, Template
from t9lint.findings import Finding
from t9lint.rules import structure_ids as _structure_ids  # noqa: F401  (registers T9107)
from t9lint.rules._util import field_text, metadata_anchor, object_value_span, start_of_file
from t9lint.rules._versions import is_major_pinned
from t9lint.rules.base import Rule, RuleContext, register

NAME_PATTERN = re.compile(r"[a-z][a-z0-9-]{1,62}[a-z0-9]")
ICON_PATTERN = re.compile(r"[a-z][a-z0-9_-]{0,31}")
PERMISSION_TIERS = ("ReadOnly", "ReadWrite", "Admin")
REQUIRED_FIELDS = ("name", "display", "description", "data_access")
# Loader diagnostics that already say the metadata block is missing or doubled.
_METADATA_DIAGNOSTICS = frozenset({"metadata-missing", "metadata-duplicate"})


def _metadata_blocks(template: Template) -> list[Block]:
    return [
        block
        for block in template.blocks
        if block.type == "resource" and block.labels[:1] == ("tensor9_command",)
    ]


def _check_metadata_block(ctx: RuleContext) -> Iterator[Finding]:
    template = ctx.template
    if any(d.code in _METADATA_DIAGNOSTICS for d in template.diagnostics):
        return  # the parse-error finding already says so, at the loader's position
    if template.flavor is not Flavor.TERRAFORM:
        if template.metadata.span is None:
            yield METADATA_BLOCK.finding(
                ctx,
                start_of_file(),
                "no metadata block: the template needs one `: <<'TENSOR9'` ... `TENSOR9` block",
                "add the metadata block (name, display, description, data_access) before"
                " the first command",
            )
        return
    found = _metadata_blocks(template)
    if not found:
        yield METADATA_BLOCK.finding(
            ctx,
            start_of_file(),
            'no `resource "tensor9_command" "this"` block: the template has no metadata',
            'add resource "tensor9_command" "this" { name = ..., display = ..., ... }',
        )
    for block in found[:1]:
        if block.labels[1:] != ("this",):
            label = block.labels[1] if len(block.labels) > 1 else ""
            yield METADATA_BLOCK.finding(
                ctx,
                block.label_spans[1] if len(block.label_spans) > 1 else block.span,
                f'the metadata block is labelled "{label}": sources and reviews look for'
                ' resource "tensor9_command" "this"',
                'rename it to resource "tensor9_command" "this"',
            )
    for extra in found[1:]:
        yield METADATA_BLOCK.finding(
            ctx,
            extra.span,
            f"second tensor9_command block (the first is at line {found[0].span.line}):"
            " a template has exactly one metadata block",
            "merge the two blocks into one",
        )


METADATA_BLOCK = register(
    Rule(
        code="T9101",
        name="metadata-block",
        family="structure",
        severity=Severity.ERROR,
        summary='A template has exactly one metadata block (resource "tensor9_command" "this").',
        rationale=(
            "The metadata block is what the customer reviews before the body: the name,"
            " the description, the data it reads and the state it changes. Without one the"
            " template cannot be registered; with two, which one applies is a guess."
        ),
        bad_example=(
            'resource "null_resource" "df" {\n  provisioner "local-exec" { command = "df -h" }\n}\n'
        ),
        good_example=(
            'resource "tensor9_command" "this" {\n'
            '  name        = "disk-usage"\n'
            '  display     = "Disk usage"\n'
            '  description = "Show disk usage per filesystem. Read-only."\n'
            '  data_access = ["Storage"]\n'
            "}\n"
        ),
        check_file=_check_metadata_block,
    )
)


def _check_name_matches_stem(ctx: RuleContext) -> Iterator[Finding]:
    found = ctx.template.metadata.get("name")
    name = field_text(found)
    if found is None or name is None or name == ctx.template.stem:
        return
    yield NAME_MATCHES_FILE.finding(
        ctx,
        found.value_span,
        f'name "{name}" differs from the file stem "{ctx.template.stem}"',
        f'set name = "{ctx.template.stem}" or rename the file to'
        f" {name}{ctx.template.path.name[len(ctx.template.stem) :]}",
    )


NAME_MATCHES_FILE = register(
    Rule(
        code="T9102",
        name="name-matches-file",
        family="structure",
        severity=Severity.ERROR,
        summary="The template's name equals its file stem.",
        rationale=(
            "Sources register a template under its parent directory and file stem; the"
            " customer sees the declared name. When they differ, what is reviewed and what"
            " is registered are two different names for one file."
        ),
        bad_example='# file: linux/disk-usage.t9.tf\nresource "tensor9_command" "this" {\n'
        '  name = "disk_usage"\n}\n',
        good_example='# file: linux/disk-usage.t9.tf\nresource "tensor9_command" "this" {\n'
        '  name = "disk-usage"\n}\n',
        check_file=_check_name_matches_stem,
    )
)


def name_problem(name: str) -> str | None:
    """Why ``name`` breaks the name rule, or None when it follows it."""
    if not 3 <= len(name) <= 64:
        return f"is {len(name)} characters long (3 to 64 allowed)"
    bad = sorted({c for c in name if c not in "abcdefghijklmnopqrstuvwxyz0123456789-"})
    if bad:
        shown = ", ".join(repr(c) for c in bad)
        return f"contains {shown} (only a-z, 0-9 and - are allowed)"
    if not name[0].isalpha():
        return "does not start with a letter"
    if name.endswith("-"):
        return "ends with '-'"
    return None


def _check_name_format(ctx: RuleContext) -> Iterator[Finding]:
    found = ctx.template.metadata.get("name")
    name = field_text(found)
    if found is None or name is None or name == "":
        return
    problem = name_problem(name)
    if problem is not None:
        yield NAME_FORMAT.finding(
            ctx,
            found.value_span,
            f'name "{name}" {problem}',
            'use 3-64 characters of a-z, 0-9 and -, starting with a letter, e.g. "restart-service"',
        )


NAME_FORMAT = register(
    Rule(
        code="T9103",
        name="name-format",
        family="structure",
        severity=Severity.ERROR,
        summary="The name is 3-64 characters of a-z, 0-9 and -, starts with a letter"
        " and does not end with -.",
        rationale=(
            "Names become registered ids, file names and parts of URLs on several"
            " platforms; one portable alphabet avoids ids that differ only by case or that"
            " some systems cannot store."
        ),
        bad_example='resource "tensor9_command" "this" {\n  name = "Disk_Usage"\n}\n',
        good_example='resource "tensor9_command" "this" {\n  name = "disk-usage"\n}\n',
        check_file=_check_name_format,
    )
)


def _check_required_fields(ctx: RuleContext) -> Iterator[Finding]:
    metadata = ctx.template.metadata
    if metadata.span is None:
        return  # metadata-block reports the missing block once
    for field_name in REQUIRED_FIELDS:
        found = metadata.get(field_name)
        if found is None:
            yield REQUIRED_FIELD.finding(
                ctx,
                metadata_anchor(ctx.template),
                f"required field `{field_name}` is missing from the metadata",
                f"add {field_name} = ... to the metadata block",
            )
        elif field_name != "data_access" and not (
            isinstance(found.value, str) and found.value.strip()
        ):
            what = "empty" if isinstance(found.value, str) else "not a plain string"
            yield REQUIRED_FIELD.finding(
                ctx,
                found.value_span,
                f"required field `{field_name}` is {what}",
                f"give {field_name} a literal, non-empty string",
            )


REQUIRED_FIELD = register(
    Rule(
        code="T9104",
        name="required-field",
        family="structure",
        severity=Severity.ERROR,
        summary="name, display, description and data_access are present and non-empty.",
        rationale=(
            "These fields are what the customer reads before approving a run; a missing"
            " or empty one leaves the review without its subject. Values must be literal"
            " strings so that the review shows exactly what was written."
        ),
        bad_example=(
            'resource "tensor9_command" "this" {\n  name = "disk-usage"\n  display = ""\n}\n'
        ),
        good_example=(
            'resource "tensor9_command" "this" {\n'
            '  name        = "disk-usage"\n'
            '  display     = "Disk usage"\n'
            '  description = "Show disk usage per filesystem. Read-only."\n'
            '  data_access = ["Storage"]\n'
            "}\n"
        ),
        check_file=_check_required_fields,
    )
)


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


def _check_icon(ctx: RuleContext) -> Iterator[Finding]:
    found = ctx.template.metadata.get("icon")
    if found is None:
        return
    icon = found.value
    if isinstance(icon, str) and ICON_PATTERN.fullmatch(icon):
        return
    shown = f'"{icon}"' if isinstance(icon, str) else ctx.snippet_at(found.value_span)
    yield ICON_FORMAT.finding(
        ctx,
        found.value_span,
        f"icon {shown} is not a short lowercase token (a-z, 0-9, - or _, at most 32)",
        'use a token such as "disk" or "restart"',
    )


ICON_FORMAT = register(
    Rule(
        code="T9108",
        name="icon-format",
        family="structure",
        severity=Severity.WARNING,
        summary="icon is a short lowercase token.",
        rationale=(
            "Icons are looked up by token in review interfaces; anything else (an emoji, a"
            " URL, mixed case) renders as a broken or surprising image next to the command."
        ),
        bad_example='resource "tensor9_command" "this" {\n  icon = "Disk Usage.png"\n}\n',
        good_example='resource "tensor9_command" "this" {\n  icon = "disk"\n}\n',
        check_file=_check_icon,
    )
)


def _check_permissions(ctx: RuleContext) -> Iterator[Finding]:
    found = ctx.template.metadata.get("permissions")
    if found is None or found.value in PERMISSION_TIERS:
        return
    value = found.value
    hint = "use one of ReadOnly, ReadWrite, Admin"
    if isinstance(value, str):
        for tier in PERMISSION_TIERS:
            if tier.casefold() == value.replace("-", "").replace("_", "").casefold():
                hint = f'write "{tier}"'
        shown = f'"{value}"'
    else:
        shown = ctx.snippet_at(found.value_span)
    yield PERMISSIONS_VALUE.finding(
        ctx,
        found.value_span,
        f"permissions {shown} is not one of ReadOnly, ReadWrite, Admin",
        hint,
    )


PERMISSIONS_VALUE = register(
    Rule(
        code="T9109",
        name="permissions-value",
        family="structure",
        severity=Severity.ERROR,
        summary="permissions is ReadOnly, ReadWrite or Admin.",
        rationale=(
            "A submission's --permissions must cover the declared tier; a value outside"
            " the three tiers cannot be compared, so the run would be refused or, worse,"
            " judged against a guess."
        ),
        bad_example='permissions = "read-write"\n',
        good_example='permissions = "ReadWrite"\n',
        check_file=_check_permissions,
    )
)
