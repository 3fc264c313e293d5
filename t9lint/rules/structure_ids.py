"""Structure family, cross-file part (T9107): registered template ids unique in the tree."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence

from cmdlib.model import Severity
from t9lint.findings import Finding
from t9lint.rules._util import start_of_file
from t9lint.rules.base import Rule, RuleContext, register


def registered_id(ctx: RuleContext) -> str:
    """The id a source registers the file under (``cmdlib.naming``, shared with sources)."""
    from cmdlib.naming import template_id_for

    return template_id_for(ctx.template)


def _check_unique_ids(contexts: Sequence[RuleContext]) -> Iterator[Finding]:
    # Case-folded: sources on case-insensitive file systems and URLs treat
    # `linux-Disk-usage` and `linux-disk-usage` as one template.
    groups: dict[str, list[RuleContext]] = defaultdict(list)
    for ctx in contexts:
        groups[registered_id(ctx).casefold()].append(ctx)
    for members in groups.values():
        if len(members) < 2:
            continue
        for ctx in members:
            others = ", ".join(o.display_path for o in members if o is not ctx)
            name = ctx.template.metadata.get("name")
            span = name.value_span if name is not None else start_of_file()
            yield UNIQUE_ID.finding(
                ctx,
                span,
                f'template id "{registered_id(ctx)}" is also registered by {others}',
                "rename one of the files (and its name) or move it to another directory",
            )


UNIQUE_ID = register(
    Rule(
        code="T9107",
        name="unique-template-id",
        family="structure",
        severity=Severity.ERROR,
        summary="Registered ids (<parent directory>-<name>) are unique across the tree.",
        rationale=(
            "A source registers each file as <parent directory>-<name>. Two files with the"
            " same id (the same stem under both extension spellings, or names that differ"
            " only by case) are a conflict a sync refuses to resolve, and a reviewer could"
            " approve one file while the other runs."
        ),
        bad_example="linux/disk-usage.t9.tf\nlinux/disk-usage.tensor9.sh\n",
        good_example="linux/disk-usage.t9.tf\nlinux/disk-usage-by-dir.tensor9.sh\n",
        scope="tree",
        check_tree=_check_unique_ids,
    )
)
