"""Review hazards (T96xx): things a reviewer cannot judge from the template text alone.

Fan-out over data, shell programs hidden in HCL heredocs, ``triggers`` and ``timestamp()``
that behave differently from how they read, characters that do not show (or that reorder
or repaint what is shown), and tabs or very long lines in the bodies a customer reviews.
"""

from __future__ import annotations

from collections.abc import Iterator

from cmdlib.model import Attribute, Block, Flavor, Severity, Span, Template
from t9lint.findings import Finding
from t9lint.rules import hazards_text as _hazards_text  # noqa: F401  (registers T9605-T9608)
from t9lint.rules._util import HclReference, hcl_facts, span_contains
from t9lint.rules.base import Rule, RuleContext, register

FAN_OUT_ATTRIBUTES = ("for_each", "count")
TRIGGER_ATTRIBUTES = ("triggers", "triggers_replace")


def walk_blocks(blocks: tuple[Block, ...]) -> Iterator[Block]:
    for block in blocks:
        yield block
        yield from walk_blocks(block.blocks)


def _data_locals(template: Template, references: list[HclReference]) -> dict[str, str]:
    """``locals`` whose value reads a data source, with that source (one level deep)."""
    found: dict[str, str] = {}
    for block in template.blocks:
        if block.type != "locals":
            continue
        for attribute in block.attributes:
            for reference in references:
                if reference.root == "data" and span_contains(attribute.value_span, reference.span):
                    found[attribute.name] = "data." + ".".join(reference.path[:2])
                    break
    return found


def data_fan_outs(template: Template) -> Iterator[tuple[Block, Attribute, str]]:
    """Each ``for_each``/``count`` whose expression reads a data source, with that source."""
    if template.flavor is not Flavor.TERRAFORM:
        return
    references = list(hcl_facts(template).references)
    via_locals = _data_locals(template, references)
    for block in walk_blocks(template.blocks):
        for attribute in block.attributes:
            if attribute.name not in FAN_OUT_ATTRIBUTES:
                continue
            for reference in references:
                if not span_contains(attribute.value_span, reference.span):
                    continue
                if reference.root == "data":
                    yield block, attribute, "data." + ".".join(reference.path[:2])
                    break
                if reference.root == "local" and reference.name in via_locals:
                    source = via_locals[reference.name]
                    yield block, attribute, f"{source} (through local.{reference.name})"
                    break


def block_label(block: Block) -> str:
    """How Terraform names a block: ``null_resource.x``, ``data.aws_instances.all``."""
    if block.type == "resource" and block.labels:
        return ".".join(block.labels)
    return ".".join((block.type, *block.labels))


def _check_data_fan_out(ctx: RuleContext) -> Iterator[Finding]:
    for block, attribute, source in data_fan_outs(ctx.template):
        yield DATA_FAN_OUT.finding(
            ctx,
            attribute.span,
            f"{block_label(block)} repeats once per element of {source} ({attribute.name}):"
            " how many runs happen is unknown until the data is read",
            "bound the set (a variable listing the targets, or a filter with a known"
            " size) and state the cardinality in the description",
        )


DATA_FAN_OUT = register(
    Rule(
        code="T9601",
        name="data-fan-out",
        family="hazards",
        severity=Severity.WARNING,
        summary="for_each/count over a data source fans out to an unknown number of targets.",
        rationale=(
            "A reviewer approves one run, but a for_each or count over a data source runs"
            " the block once per element the data source returns at execution time: ten"
            " instances today, four hundred tomorrow. The review cannot show how many."
        ),
        bad_example=(
            'data "aws_instances" "all" {}\n'
            'resource "null_resource" "restart" {\n'
            "  for_each = toset(data.aws_instances.all.ids)\n"
            "}\n"
        ),
        good_example=(
            'resource "null_resource" "restart" {\n  for_each = toset(var.INSTANCE_IDS)\n}\n'
        ),
        check_file=_check_data_fan_out,
    )
)


def _check_multiline_local_exec(ctx: RuleContext) -> Iterator[Finding]:
    if ctx.template.flavor is not Flavor.TERRAFORM:
        return
    for block in walk_blocks(ctx.template.blocks):
        if block.type != "provisioner" or block.labels[:1] != ("local-exec",):
            continue
        command = block.attribute("command")
        if command is None or not command.is_heredoc:
            continue
        body_lines = command.value_span.end_line - command.value_span.line - 1
        if body_lines > 1:
            yield MULTILINE_LOCAL_EXEC.finding(
                ctx,
                command.span,
                f"local-exec command is a {body_lines}-line heredoc: a shell program inside"
                " HCL, reviewed without the tools that check shell",
                "split it into one local-exec per step, or ship it as a script template (.t9.sh)",
            )


MULTILINE_LOCAL_EXEC = register(
    Rule(
        code="T9602",
        name="multiline-local-exec",
        family="hazards",
        severity=Severity.WARNING,
        summary="A multi-line local-exec heredoc is a shell program hidden inside HCL.",
        rationale=(
            "A heredoc command can hold loops, functions and redirections that a reviewer"
            " reads as HCL text. One command per step keeps each visible; a real program"
            " belongs in a script template where its body is checked as shell."
        ),
        bad_example=(
            'provisioner "local-exec" {\n'
            "  command = <<-EOT\n"
            '    for f in /var/log/*.log; do gzip "$f"; done\n'
            "    rm -f /var/log/*.gz.old\n"
            "  EOT\n"
            "}\n"
        ),
        good_example='provisioner "local-exec" {\n  command = "df -h"\n}\n',
        check_file=_check_multiline_local_exec,
    )
)


def _check_triggers(ctx: RuleContext) -> Iterator[Finding]:
    if ctx.template.flavor is not Flavor.TERRAFORM:
        return
    for block in walk_blocks(ctx.template.blocks):
        for attribute in block.attributes:
            if attribute.name in TRIGGER_ATTRIBUTES:
                yield _trigger_finding(ctx, block, attribute.name_span, attribute.name)
        for child in block.blocks:
            if child.type in TRIGGER_ATTRIBUTES:
                yield _trigger_finding(ctx, block, child.span, child.type)


def _trigger_finding(ctx: RuleContext, block: Block, span: Span, name: str) -> Finding:
    return TRIGGERS.finding(
        ctx,
        span,
        f"{name} in {block_label(block)} reads as 'only when this changes', but every"
        " ops run starts from empty state, so the block runs every time",
        f"remove {name}; say in the description that the step runs on every run",
    )


TRIGGERS = register(
    Rule(
        code="T9603",
        name="triggers",
        family="hazards",
        severity=Severity.WARNING,
        summary="triggers look like 'only on change' but every ops run starts from empty state.",
        rationale=(
            "In a long-lived Terraform state, triggers re-run a provisioner only when a"
            " value changes. Ops templates run from empty state every time, so the"
            " provisioner always runs: a reviewer reading the trigger expects otherwise."
        ),
        bad_example=(
            'resource "null_resource" "restart" {\n'
            "  triggers = { service = var.SERVICE }\n"
            '  provisioner "local-exec" { command = "systemctl restart ${var.SERVICE}" }\n'
            "}\n"
        ),
        good_example=(
            'resource "null_resource" "restart" {\n'
            '  provisioner "local-exec" { command = "systemctl restart ${var.SERVICE}" }\n'
            "}\n"
        ),
        check_file=_check_triggers,
    )
)


def _check_timestamp(ctx: RuleContext) -> Iterator[Finding]:
    for call in hcl_facts(ctx.template).calls:
        if call.name == "timestamp":
            yield TIMESTAMP.finding(
                ctx,
                call.span,
                "timestamp() changes on every evaluation: the reviewed plan and the"
                " executed run see different values",
                "pass the time in a variable, or let the command read the clock itself",
            )


TIMESTAMP = register(
    Rule(
        code="T9604",
        name="timestamp-call",
        family="hazards",
        severity=Severity.WARNING,
        summary="timestamp() yields a different value at review and at execution.",
        rationale=(
            "timestamp() is evaluated when the template runs, not when it is reviewed; a"
            " snapshot name or a cut-off time built from it is not what the reviewer saw."
        ),
        bad_example='locals {\n  snapshot_name = "backup-${timestamp()}"\n}\n',
        good_example='locals {\n  snapshot_name = "backup-${var.SNAPSHOT_SUFFIX}"\n}\n',
        check_file=_check_timestamp,
    )
)
