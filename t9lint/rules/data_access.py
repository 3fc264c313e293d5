"""Data access and descriptions (T95xx): the data_access tags, side-effect tags, and a
description that tells the reviewer what the body does.

(Whether the description says "Read-only" or names the change needs the effect classifier:
that is the effects family, T94xx.)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cmdlib.model import Field, HclValue, Severity, Span
from t9lint.findings import Finding
from t9lint.rules import descriptions as _descriptions  # noqa: F401  (registers T9505-T9508)
from t9lint.rules._util import list_item_spans
from t9lint.rules.base import Rule, RuleContext, register

KEBAB_CASE = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")


def _check_data_access_present(ctx: RuleContext) -> Iterator[Finding]:
    found = ctx.template.metadata.get("data_access")
    if found is None:
        return  # a missing field is required-field's finding
    if not isinstance(found.value, tuple):
        yield DATA_ACCESS_EMPTY.finding(
            ctx,
            found.value_span,
            "data_access is not a list of tags",
            'write a list, e.g. data_access = ["Logs"]',
        )
    elif not found.value:
        yield DATA_ACCESS_EMPTY.finding(
            ctx,
            found.value_span,
            "data_access is empty: every template reads some data, say which",
            'list what the body reads, e.g. data_access = ["Infrastructure"]',
        )
    elif not all(isinstance(item, str) and item for item in found.value):
        yield DATA_ACCESS_EMPTY.finding(
            ctx,
            found.value_span,
            "data_access holds something other than literal, non-empty tags",
            'use literal strings, e.g. data_access = ["Logs", "Storage"]',
        )


DATA_ACCESS_EMPTY = register(
    Rule(
        code="T9501",
        name="data-access-empty",
        family="data-access",
        severity=Severity.ERROR,
        summary="data_access is a non-empty list of literal tags.",
        rationale=(
            "data_access is how a customer decides which data a vendor may read; an empty"
            " or computed list says nothing, and every template reads something."
        ),
        bad_example="data_access = []\n",
        good_example='data_access = ["Logs"]\n',
        check_file=_check_data_access_present,
    )
)


def tagged_items(ctx: RuleContext, found: Field) -> list[tuple[HclValue, Span]]:
    """Each item of a list field with its own span (the whole list's when unknown)."""
    items = found.value if isinstance(found.value, tuple) else ()
    spans = list_item_spans(ctx.template, found) or (found.value_span,) * len(items)
    return list(zip(items, spans, strict=True))


def _casefolded(vocabulary: frozenset[str]) -> dict[str, str]:
    return {tag.casefold(): tag for tag in sorted(vocabulary)}


def _check_vocabulary(ctx: RuleContext) -> Iterator[Finding]:
    found = ctx.template.metadata.get("data_access")
    vocabulary = ctx.settings.data_access_vocabulary
    known = _casefolded(vocabulary)
    if found is None:
        return
    for tag, span in tagged_items(ctx, found):
        if not isinstance(tag, str) or tag in vocabulary or tag.casefold() in known:
            continue  # exact, or a casing problem that data-access-tag-case reports
        yield UNKNOWN_TAG.finding(
            ctx,
            span,
            f'data_access tag "{tag}" is not in the vocabulary ({", ".join(sorted(vocabulary))})',
            "use a listed tag, or extend the vocabulary in t9lint.toml:"
            f' extend-data-access = ["{tag}"]',
        )


UNKNOWN_TAG = register(
    Rule(
        code="T9502",
        name="data-access-unknown-tag",
        family="data-access",
        severity=Severity.WARNING,
        summary="data_access tags come from the configured vocabulary.",
        rationale=(
            'Customers set policies per data_access tag ("no Logs without a ticket"); a'
            " tag outside the vocabulary matches no policy and slips past it."
        ),
        bad_example='data_access = ["Kubernetes"]\n',
        good_example='data_access = ["Infrastructure"]\n',
        check_file=_check_vocabulary,
    )
)


def _check_tag_case(ctx: RuleContext) -> Iterator[Finding]:
    found = ctx.template.metadata.get("data_access")
    vocabulary = ctx.settings.data_access_vocabulary
    known = _casefolded(vocabulary)
    if found is None:
        return
    for tag, span in tagged_items(ctx, found):
        if isinstance(tag, str) and tag not in vocabulary and tag.casefold() in known:
            expected = known[tag.casefold()]
            yield TAG_CASE.finding(
                ctx,
                span,
                f'data_access tag "{tag}" differs only in case from "{expected}"',
                f'write "{expected}"',
            )


TAG_CASE = register(
    Rule(
        code="T9503",
        name="data-access-tag-case",
        family="data-access",
        severity=Severity.WARNING,
        summary="data_access tags use the vocabulary's exact casing.",
        rationale=(
            "Policies compare tags exactly: `logs` does not match a policy on `Logs`, so"
            " a casing slip silently escapes the customer's rules."
        ),
        bad_example='data_access = ["logs"]\n',
        good_example='data_access = ["Logs"]\n',
        check_file=_check_tag_case,
    )
)


def _check_side_effects(ctx: RuleContext) -> Iterator[Finding]:
    found = ctx.template.metadata.get("side_effects")
    if found is None:
        return
    if not isinstance(found.value, tuple):
        yield SIDE_EFFECT_TAG.finding(
            ctx,
            found.value_span,
            "side_effects is not a list of tags",
            'write a list, e.g. side_effects = ["service-restart"]',
        )
        return
    for item, span in tagged_items(ctx, found):
        if isinstance(item, str) and KEBAB_CASE.fullmatch(item):
            continue
        shown = f'"{item}"' if isinstance(item, str) else "a non-literal item"
        suggestion = _kebab(item) if isinstance(item, str) else ""
        yield SIDE_EFFECT_TAG.finding(
            ctx,
            span,
            f"side_effects tag {shown} is not kebab-case",
            f'write "{suggestion}"' if suggestion else 'use tags like "pod-restarts"',
        )


def _kebab(tag: str) -> str:
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", tag.strip())
    return "-".join(part for part in re.split(r"[^a-z0-9]+", spaced.lower()) if part)


SIDE_EFFECT_TAG = register(
    Rule(
        code="T9504",
        name="side-effect-tag-format",
        family="data-access",
        severity=Severity.WARNING,
        summary="side_effects tags are kebab-case (pod-restarts, ebs-snapshot).",
        rationale=(
            "Side-effect tags are matched by policies and shown as labels in reviews;"
            " one spelling (kebab-case) keeps `PodRestarts`, `pod_restarts` and"
            " `pod-restarts` from being three different things."
        ),
        bad_example='side_effects = ["PodRestarts"]\n',
        good_example='side_effects = ["pod-restarts"]\n',
        check_file=_check_side_effects,
    )
)
