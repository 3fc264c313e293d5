"""The lint engine: discover -> load and run per-file rules -> cross-file rules -> filter.

Rules only yield findings. Everything that decides what is reported lives here and in
the modules it calls: the per-file policy (select, ignore, per-file-ignores, severity
overrides: ``t9lint.config``), inline suppressions (``t9lint.suppressions``) and the
baseline (``t9lint.baseline``). The result is data (:class:`LintResult`) that reporters
render; nothing here prints.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from cmdlib.model import Severity, flavor_of
from t9lint.config import CommandLineRules, ConfigFinder, FilePolicy, PolicyResolver
from t9lint.errors import UnreadableInput
from t9lint.findings import Finding
from t9lint.rules.base import Rule, RuleContext, all_rules
from t9lint.runner import FileJob, FileOutcome, Progress, RuleCrashed, run_jobs

# Directories never walked into (they are not part of a template tree).
SKIPPED_DIRECTORIES = frozenset({".git", ".hg", ".svn", ".t9lint-cache", ".terraform", ".venv"})


@dataclass(frozen=True)
class LintOptions:
    cwd: Path
    paths: tuple[Path, ...] = (Path(),)
    config_file: Path | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    shellcheck: bool = True
    baseline: Path | None = None
    write_baseline: Path | None = None
    jobs: int | None = None
    use_cache: bool = True
    cache_dir: Path | None = None  # overrides the per-configuration default
    environ: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class LintResult:
    findings: tuple[Finding, ...]  # reported, sorted by path, line, column, code
    files_checked: int
    suppressed: int = 0
    baselined: int = 0
    stale_baseline: int = 0
    baseline_written: int | None = None
    cache_hits: int = 0
    rules: tuple[Rule, ...] = ()  # every rule of the run (metadata), for reporters
    source_lines: Mapping[tuple[str, int], str] = field(default_factory=dict)

    def count(self, severity: Severity) -> int:
        return sum(1 for finding in self.findings if finding.severity is severity)

    @property
    def files_with_findings(self) -> int:
        return len({finding.path for finding in self.findings})

    def source_line(self, finding: Finding) -> str | None:
        return self.source_lines.get((finding.path, finding.line))


def discover(paths: Sequence[Path], cwd: Path) -> list[tuple[Path, str]]:
    """(absolute path, display path) of every template to lint, without duplicates.

    Directories are walked for the template extensions; files named explicitly are
    linted only when their name is a template name (pre-commit passes every file).
    """
    seen: set[Path] = set()
    found: list[tuple[Path, str]] = []
    for given in paths:
        absolute = given if given.is_absolute() else cwd / given
        if absolute.is_dir():
            candidates = _walk(absolute, given)
        elif absolute.exists():
            candidates = iter([(absolute, given)]) if flavor_of(given) else iter(())
        else:
            raise UnreadableInput(
                f"{given}: no such file or directory", hint="check the path and try again"
            )
        for path, display in candidates:
            key = Path(os.path.normpath(path))
            if key not in seen:
                seen.add(key)
                found.append((key, Path(os.path.normpath(display)).as_posix()))
    return found


def _walk(root: Path, given: Path) -> Iterator[tuple[Path, Path]]:
    for directory, subdirectories, names in os.walk(root):
        subdirectories[:] = sorted(d for d in subdirectories if d not in SKIPPED_DIRECTORIES)
        relative = Path(directory).relative_to(root)
        for name in sorted(names):
            if flavor_of(name) is not None:
                yield Path(directory) / name, given / relative / name


def lint(options: LintOptions, progress: Progress | None = None) -> LintResult:
    from t9lint.cache import code_fingerprint

    code_hash = code_fingerprint() if options.use_cache else ""
    rules = _registry(options, code_hash)
    by_code = {rule.code: rule for rule in rules}
    files = discover(options.paths, options.cwd)
    policies, jobs = _plan(files, rules, options, code_hash)
    outcomes = run_jobs(jobs, options.jobs, progress)
    tree_findings = _run_tree_rules(rules, outcomes, policies)
    findings, suppressed = _filter(outcomes, tree_findings, policies, by_code)
    findings.sort(key=Finding.sort_key)
    result = LintResult(
        findings=tuple(findings),
        files_checked=len(outcomes),
        suppressed=suppressed,
        cache_hits=sum(1 for outcome in outcomes if outcome.cache_hit),
        rules=tuple(rules),
    )
    return _with_sources(_apply_baselines(result, options), options.cwd)


def _registry(options: LintOptions, code_hash: str) -> list[Rule]:
    """Every rule. With a cache, the registry's metadata is read from the rule manifest
    recorded for this exact code, so a warm run does not import every rule module; rules
    are imported when a file has to be linted (a miss) or a cross-file rule runs."""
    from t9lint.cache import default_cache_dir, load_rule_manifest, store_rule_manifest

    directory = None
    if options.use_cache:
        directory = options.cache_dir or default_cache_dir(None, options.environ)
    if directory is None:
        return list(all_rules())
    entries = load_rule_manifest(directory, code_hash)
    if entries is not None:
        _TREE_RULE_MODULES.update({e.rule.code: e.module for e in entries})
        return [entry.rule for entry in entries]
    rules = list(all_rules())
    store_rule_manifest(directory, code_hash, rules)
    return rules


# Rule code -> the module that registers it, for rules known only from the manifest.
_TREE_RULE_MODULES: dict[str, str] = {}


def _checked_rule(rule: Rule) -> Rule:
    """The registered rule (with its check function) for one known from the manifest."""
    if rule.check_tree is not None or rule.check_file is not None:
        return rule
    import importlib

    from t9lint.rules.base import REGISTRY

    module = _TREE_RULE_MODULES.get(rule.code)
    if module is not None and rule.code not in REGISTRY:
        importlib.import_module(module)
    return REGISTRY.get(rule.code, rule)


def _plan(
    files: Sequence[tuple[Path, str]],
    rules: Sequence[Rule],
    options: LintOptions,
    code_hash: str,
) -> tuple[dict[str, FilePolicy], list[FileJob]]:
    from t9lint.cache import default_cache_dir
    from t9lint.tools import external_tools

    explicit = None
    if options.config_file is not None:
        explicit = options.cwd / options.config_file
    finder = ConfigFinder(explicit, options.cwd)
    command_line = CommandLineRules(options.select, options.ignore, options.shellcheck)
    resolver = PolicyResolver(rules, command_line)
    policies: dict[str, FilePolicy] = {}
    jobs: list[FileJob] = []
    tools = f"{code_hash}:{external_tools()}" if options.use_cache else ""
    for path, display in files:
        config = finder.for_file(path)
        policy = resolver.for_file(config, path)
        policies[display] = policy
        cache_dir = None
        if options.use_cache:
            cache_dir = options.cache_dir or default_cache_dir(config.source, options.environ)
        jobs.append(FileJob(path, display, policy.active, policy.settings, cache_dir, tools))
    return policies, jobs


def _run_tree_rules(
    rules: Sequence[Rule], outcomes: Sequence[FileOutcome], policies: Mapping[str, FilePolicy]
) -> dict[str, list[Finding]]:
    by_path: dict[str, list[Finding]] = {}
    tree_rules = [
        rule
        for rule in rules
        if rule.scope == "tree" and any(rule.code in p.active for p in policies.values())
    ]
    if not tree_rules or not outcomes:
        return by_path
    contexts = [
        RuleContext(outcome.template, outcome.display, policies[outcome.display].settings)
        for outcome in outcomes
    ]
    for rule in tree_rules:
        check = _checked_rule(rule).check_tree
        if check is None:
            continue
        try:
            for finding in check(contexts):
                by_path.setdefault(finding.path, []).append(finding)
        except Exception as error:
            raise RuleCrashed(f"rule {rule.code} failed: {error!r}") from error
    return by_path


def _filter(
    outcomes: Sequence[FileOutcome],
    tree_findings: Mapping[str, list[Finding]],
    policies: Mapping[str, FilePolicy],
    by_code: Mapping[str, Rule],
) -> tuple[list[Finding], int]:
    from t9lint.suppressions import apply_suppressions

    reported: list[Finding] = []
    suppressed = 0
    for outcome in outcomes:
        policy = policies[outcome.display]
        raw = [*outcome.findings, *tree_findings.get(outcome.display, ())]
        raw = [finding for finding in raw if finding.code in policy.active]
        applied = apply_suppressions(
            raw, outcome.directives, by_code, policy.active, outcome.display
        )
        suppressed += applied.suppressed
        meta = [finding for finding in applied.meta if finding.code in policy.active]
        for finding in (*applied.kept, *meta):
            reported.append(_with_severity(finding, policy))
    return reported, suppressed


def _with_severity(finding: Finding, policy: FilePolicy) -> Finding:
    severity = policy.severity_of(finding.code, finding.severity)
    return finding if severity is finding.severity else replace(finding, severity=severity)


def _apply_baselines(result: LintResult, options: LintOptions) -> LintResult:
    if options.write_baseline is None and options.baseline is None:
        return result
    from t9lint import baseline as baselines

    written = None
    if options.write_baseline is not None:
        written = baselines.write_baseline(options.write_baseline, result.findings, options.cwd)
        result = replace(result, baseline_written=written)
    source = options.baseline if options.baseline is not None else options.write_baseline
    assert source is not None
    counts: Counter[tuple[str, str, str]] = baselines.read_baseline(source, options.cwd)
    outcome = baselines.apply_baseline(result.findings, counts, source, options.cwd)
    return replace(
        result, findings=outcome.kept, baselined=outcome.baselined, stale_baseline=outcome.stale
    )


def _with_sources(result: LintResult, cwd: Path) -> LintResult:
    """The source lines reported findings point at (for the text reporter's caret)."""
    wanted: dict[str, set[int]] = {}
    for finding in result.findings:
        wanted.setdefault(finding.path, set()).add(finding.line)
    lines: dict[tuple[str, int], str] = {}
    for path, numbers in wanted.items():
        try:
            text = (cwd / path).read_bytes().decode("utf-8", errors="replace")
        except OSError:
            continue
        split = text.splitlines()
        for number in numbers:
            if 1 <= number <= len(split):
                lines[(path, number)] = split[number - 1]
    return replace(result, source_lines=lines)
