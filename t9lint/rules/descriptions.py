"""Descriptions (T9505-T9508): the plain-English equivalent of the body is substantive.

Part of the data-access family: the description is what a customer reads to decide
whether the data access and changes are acceptable.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cmdlib.model import Field, Severity
from t9lint.findings import Finding
from t9lint.rules.base import Rule, RuleContext, register
from t9lint.rules.hazards import block_label, data_fan_outs

PLACEHOLDERS = re.compile(
    r"\b(?:todo|tbd|fixme|xxx+|lorem ipsum|placeholder|fill (?:this )?in|describe (?:this|me)"
    r"|add (?:a )?description|description goes here)\b",
    re.IGNORECASE,
)
# Words that say how many times a fanned-out step runs.
CARDINALITY_WORDS = re.compile(
    r"\b(?:each|every|per|for all|two|three|four|five|six|seven|eight|nine|ten|\d+)\b",
    re.IGNORECASE,
)


def _description(ctx: RuleContext) -> tuple[Field, str] | None:
    found = ctx.template.metadata.get("description")
    if found is None or not isinstance(found.value, str) or not found.value.strip():
        return None  # missing or empty: required-field reports it
    return found, found.value


def _check_length(ctx: RuleContext) -> Iterator[Finding]:
    described = _description(ctx)
    if described is None:
        return
    found, text = described
    length = len(" ".join(text.split()))
    low, high = ctx.settings.description_min_length, ctx.settings.description_max_length
    if length < low:
        yield DESCRIPTION_LENGTH.finding(
            ctx,
            found.value_span,
            f"description is {length} characters (at least {low}): too short to say what"
            " the body reads or changes",
            "say what it reads or changes, on what, and whether it is read-only",
        )
    elif length > high:
        yield DESCRIPTION_LENGTH.finding(
            ctx,
            found.value_span,
            f"description is {length} characters (at most {high}): reviewers skim long text",
            "keep the what and the effect; move background to the repository docs",
        )


DESCRIPTION_LENGTH = register(
    Rule(
        code="T9505",
        name="description-length",
        family="data-access",
        severity=Severity.WARNING,
        summary="The description is long enough to explain the body and short enough to read.",
        rationale=(
            "A customer approves a run from its description. Two words cannot say what"
            " is read or changed; several paragraphs are skimmed. Bounds come from the"
            " configuration (description_min_length / description_max_length)."
        ),
        bad_example='description = "Restarts."\n',
        good_example=(
            'description = "Restart SERVICE with systemctl and show its status afterwards."\n'
        ),
        check_file=_check_length,
    )
)


def _check_repeats_display(ctx: RuleContext) -> Iterator[Finding]:
    described = _description(ctx)
    display = ctx.template.metadata.text("display")
    if described is None or display is None:
        return
    found, text = described
    if " ".join(text.split()).rstrip(".").casefold() == " ".join(display.split()).casefold():
        yield REPEATS_DISPLAY.finding(
            ctx,
            found.value_span,
            "description repeats the display label and adds nothing",
            "say what the body reads or changes and on which targets",
        )


REPEATS_DISPLAY = register(
    Rule(
        code="T9506",
        name="description-repeats-display",
        family="data-access",
        severity=Severity.WARNING,
        summary="The description says more than the display label.",
        rationale=(
            "The display label names the operation; the description is the reviewer's"
            " plain-English version of the body. Repeating the label leaves the review"
            " with a title and no explanation."
        ),
        bad_example='display     = "Restart service"\ndescription = "Restart service"\n',
        good_example=(
            'display     = "Restart service"\n'
            'description = "Restart SERVICE with systemctl and show its status afterwards."\n'
        ),
        check_file=_check_repeats_display,
    )
)


def _check_placeholder(ctx: RuleContext) -> Iterator[Finding]:
    described = _description(ctx)
    if described is None:
        return
    found, text = described
    match = PLACEHOLDERS.search(text)
    if match is not None:
        yield PLACEHOLDER.finding(
            ctx,
            found.value_span,
            f'description contains placeholder text "{match.group(0)}"',
            "replace it with what the body reads or changes",
        )


PLACEHOLDER = register(
    Rule(
        code="T9507",
        name="placeholder-description",
        family="data-access",
        severity=Severity.WARNING,
        summary="The description is not placeholder text (TODO, TBD, lorem ipsum).",
        rationale=(
            "A placeholder that reaches a customer is a review with nothing to review;"
            " it usually means the description was never written."
        ),
        bad_example='description = "TODO: describe what this restarts"\n',
        good_example=(
            'description = "Restart SERVICE with systemctl and show its status afterwards."\n'
        ),
        check_file=_check_placeholder,
    )
)


def _check_fan_out_described(ctx: RuleContext) -> Iterator[Finding]:
    described = _description(ctx)
    if described is None:
        return
    found, text = described
    if CARDINALITY_WORDS.search(text) is not None:
        return
    for block, attribute, source in data_fan_outs(ctx.template):
        yield FAN_OUT_UNDESCRIBED.finding(
            ctx,
            found.value_span,
            f"{block_label(block)} runs once per element of {source} ({attribute.name},"
            f" line {attribute.span.line}) but the description does not say so",
            'say how it fans out, e.g. "for each instance tagged ..." or "on every node"',
        )
        return


FAN_OUT_UNDESCRIBED = register(
    Rule(
        code="T9508",
        name="fan-out-undescribed",
        family="data-access",
        severity=Severity.WARNING,
        summary="A description explains the fan-out of for_each/count over data.",
        rationale=(
            "When a step repeats per element of a data source, the reviewer must learn"
            ' from the description that it runs many times and over what ("for each'
            ' instance in the VPC"); the HCL alone does not show the count.'
        ),
        bad_example=(
            'description = "Restart the agent."\n'
            'resource "null_resource" "restart" {\n'
            "  for_each = toset(data.aws_instances.all.ids)\n}\n"
        ),
        good_example=(
            'description = "Restart the agent on each instance of the VPC."\n'
            'resource "null_resource" "restart" {\n'
            "  for_each = toset(data.aws_instances.all.ids)\n}\n"
        ),
        check_file=_check_fan_out_described,
    )
)
