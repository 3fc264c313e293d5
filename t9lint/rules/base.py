"""The rule interface and registry. Rules yield findings; filtering lives elsewhere.

A rule is a function decorated with ``@rule(...)``. Per-file rules receive the loaded
``Template`` and a ``RuleContext``; tree rules (``scope="tree"``) receive every
template of the run at once (for cross-file checks such as id collisions).
Every rule must document itself (rationale, bad and good example) and have cases
under ``tests/cases/<code>-<name>/{bad,good}/``; a test enforces both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal

from cmdlib.model import Severity, Span, Template
from t9lint.findings import Finding

Family = Literal[
    "parse",
    "structure",
    "variables",
    "injection",
    "effects",
    "data-access",
    "hazards",
    "shell",
    "meta",
]


@dataclass(frozen=True)
class RuleSettings:
    """What configuration a rule may read (resolved per file by t9lint.config)."""

    data_access_vocabulary: frozenset[str] = frozenset(
        {"Infrastructure", "Logs", "Storage", "Metrics", "Network", "CustomResources"}
    )
    shellcheck: bool = True
    max_line_length: int = 160
    description_min_length: int = 20
    description_max_length: int = 600


@dataclass
class RuleContext:
    """Per-file context handed to a per-file rule; ``report`` builds findings."""

    template: Template
    display_path: str
    settings: RuleSettings = field(default_factory=RuleSettings)

    def snippet_at(self, span: Span) -> str:
        lines = self.template.lines
        if 1 <= span.line <= len(lines):
            return " ".join(lines[span.line - 1].split())
        return ""


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    family: Family
    severity: Severity
    summary: str
    rationale: str
    bad_example: str
    good_example: str
    suppressible: bool = True
    scope: Literal["file", "tree"] = "file"
    check_file: Callable[[RuleContext], Iterable[Finding]] | None = None
    check_tree: Callable[[Sequence[RuleContext]], Iterable[Finding]] | None = None
    # Called once with a batch of files before ``check_file`` runs on each of them, so
    # that a rule driving an external program can start it once per batch, not per file.
    prepare_batch: Callable[[Sequence[RuleContext]], None] | None = None

    def finding(
        self,
        ctx: RuleContext,
        span: Span,
        message: str,
        hint: str | None = None,
        severity: Severity | None = None,
    ) -> Finding:
        return Finding(
            code=self.code,
            name=self.name,
            severity=severity or self.severity,
            path=ctx.display_path,
            span=span,
            message=message,
            hint=hint,
            snippet=ctx.snippet_at(span),
        )


REGISTRY: dict[str, Rule] = {}


def register(rule_: Rule) -> Rule:
    if rule_.code in REGISTRY:
        raise RuntimeError(f"duplicate rule code {rule_.code}")
    if any(existing.name == rule_.name for existing in REGISTRY.values()):
        raise RuntimeError(f"duplicate rule name {rule_.name}")
    REGISTRY[rule_.code] = rule_
    return rule_


def all_rules() -> Iterator[Rule]:
    """Every rule, importing the rule modules on first use."""
    from t9lint import rules as _rules

    _rules.load_all()
    yield from sorted(REGISTRY.values(), key=lambda r: r.code)
