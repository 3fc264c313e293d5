"""Structure family (T91xx): the metadata block, names, required fields, the tensor9
provider setup of Terraform templates, registered ids across the tree, icon and permissions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cmdlib.model import Block, Flavor, Severity, Template
from t9lint.findings import Finding
from t9lint.rules import structure_ids as _structure_ids  # noqa: F401  (registers T9107)
from t9lint.rules import structure_provider as _provider  # noqa: F401  (registers T9105-T9106)
from t9lint.rules._util import field_text, metadata_anchor, start_of_file
from t9lint.rules.base import Rule, RuleContext, register

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


# The metadata block every good example of this family shows.
_GOOD_METADATA = (
    'resource "tensor9_command" "this" {\n'
    '  name        = "disk-usage"\n'
    '  display     = "Disk usage"\n'
    '  description = "Show disk usage per filesystem. Read-only."\n'
    '  data_access = ["Storage"]\n'
    "}\n"
)


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
        good_example=_GOOD_METADATA,
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
        good_example=_GOOD_METADATA,
        check_file=_check_required_fields,
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
