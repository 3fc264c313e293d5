"""Linting one file (load, per-file rules, suppression directives), cached, and in parallel.

``lint_file`` is what a worker process runs: it reads the bytes, answers from the cache
when it can, else loads the template and runs the file's active per-file rules. It
returns the raw findings (before filtering), the file's suppression directives and a
metadata-only copy of the template for cross-file rules, all picklable and cacheable.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cmdlib.model import Field, Metadata, Template
from t9lint.cache import Cache, decode_value, encode_value, entry_key, settings_fingerprint
from t9lint.errors import UnreadableInput
from t9lint.findings import Finding, finding_from_dict, finding_to_dict, span_from_list
from t9lint.findings import span_to_list as _span
from t9lint.rules import load_all
from t9lint.rules.base import REGISTRY, Rule, RuleContext, RuleSettings
from t9lint.suppressions import Directive, parse_directives

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

Progress = Callable[[int, int], None]


class RuleCrashed(Exception):
    """A rule raised: a bug in t9lint, reported as an internal error (exit 3)."""


@dataclass(frozen=True)
class FileJob:
    path: Path  # absolute
    display: str
    active: frozenset[str]
    settings: RuleSettings
    cache_dir: Path | None
    # The installed code and the external tools the rules run (ShellCheck): cache key parts.
    tools: str = ""


@dataclass(frozen=True)
class FileOutcome:
    display: str
    findings: tuple[Finding, ...]
    directives: tuple[Directive, ...]
    template: Template  # metadata only (plus text), what cross-file rules read
    cache_hit: bool


def _read(job: FileJob) -> tuple[bytes, str]:
    try:
        data = job.path.read_bytes()
    except OSError as error:
        raise UnreadableInput(f"{job.display}: cannot read: {error.strerror}") from error
    return data, hashlib.sha256(data).hexdigest()


def _key(job: FileJob, digest: str) -> str:
    return entry_key(digest, job.path, job.active, settings_fingerprint(job.settings) + job.tools)


def cached_outcome(job: FileJob) -> FileOutcome | None:
    """The job's outcome from the cache, or None on a miss (or without a cache)."""
    if job.cache_dir is None:
        return None
    data, digest = _read(job)
    cached = Cache(job.cache_dir).get(_key(job, digest))
    return _from_cache(cached, job, data, digest) if cached is not None else None


def lint_file(job: FileJob) -> FileOutcome:
    """Load the file and run its per-file rules; store the outcome in the cache."""
    return lint_batch([job])[0]


def lint_batch(jobs: Sequence[FileJob]) -> list[FileOutcome]:
    """``lint_file`` for several files at once: rules get to prepare for the whole batch
    (one ShellCheck process for all its files) before checking each file."""
    from cmdlib.loader import load_bytes

    load_all()  # a spawned worker starts with an empty registry
    loaded = []
    for job in jobs:
        data, digest = _read(job)
        template = load_bytes(job.path, data)
        loaded.append((job, digest, RuleContext(template, job.display, job.settings)))
    _prepare_batch([(job, ctx) for job, _, ctx in loaded])
    outcomes = []
    for job, digest, ctx in loaded:
        findings = tuple(_run_file_rules(ctx, job))
        directives = parse_directives(ctx.template)
        outcome = FileOutcome(
            job.display, findings, directives, _metadata_only(ctx.template), False
        )
        if job.cache_dir is not None:
            Cache(job.cache_dir).put(_key(job, digest), _to_cache(outcome))
        outcomes.append(outcome)
    return outcomes


def _file_rules(job: FileJob) -> Iterator[tuple[str, Rule]]:
    for code in sorted(job.active):
        rule = REGISTRY.get(code)
        if rule is not None and rule.scope == "file" and rule.check_file is not None:
            yield code, rule


def _prepare_batch(batch: Sequence[tuple[FileJob, RuleContext]]) -> None:
    wanting: dict[str, list[RuleContext]] = {}
    for job, ctx in batch:
        for code, rule in _file_rules(job):
            if rule.prepare_batch is not None:
                wanting.setdefault(code, []).append(ctx)
    for code, contexts in wanting.items():
        prepare = REGISTRY[code].prepare_batch
        assert prepare is not None
        try:
            prepare(contexts)
        except Exception as error:
            raise RuleCrashed(f"rule {code} failed preparing a batch: {error!r}") from error


def _run_file_rules(ctx: RuleContext, job: FileJob) -> Iterator[Finding]:
    for code, rule in _file_rules(job):
        assert rule.check_file is not None
        try:
            yield from rule.check_file(ctx)
        except Exception as error:
            raise RuleCrashed(f"rule {code} failed on {job.display}: {error!r}") from error


def _metadata_only(template: Template) -> Template:
    return Template(
        path=template.path,
        flavor=template.flavor,
        text=template.text,
        content_sha256=template.content_sha256,
        metadata=template.metadata,
        variables=(),
        lines=template.lines,
    )


def _to_cache(outcome: FileOutcome) -> dict[str, Any]:
    metadata = outcome.template.metadata
    return {
        "findings": [finding_to_dict(f) for f in outcome.findings],
        "directives": [
            {
                "scope": d.scope,
                "selectors": list(d.selectors),
                "reason": d.reason,
                "span": _span(d.span),
                "lines": [d.first_line, d.last_line],
                "snippet": d.snippet,
            }
            for d in outcome.directives
        ],
        "flavor": outcome.template.flavor.value,
        "metadata_span": _span(metadata.span) if metadata.span is not None else None,
        "fields": [
            [f.name, encode_value(f.value), _span(f.span), _span(f.value_span)]
            for f in metadata.fields.values()
        ],
    }


def _from_cache(
    value: dict[str, Any], job: FileJob, data: bytes, digest: str
) -> FileOutcome | None:
    from cmdlib.model import Flavor

    try:
        findings = tuple(finding_from_dict(item) for item in value["findings"])
        directives = tuple(
            Directive(
                scope=item["scope"],
                selectors=tuple(item["selectors"]),
                reason=item["reason"],
                span=span_from_list(item["span"]),
                first_line=int(item["lines"][0]),
                last_line=int(item["lines"][1]),
                snippet=str(item["snippet"]),
            )
            for item in value["directives"]
        )
        fields = {
            name: Field(name, decode_value(raw), span_from_list(span), span_from_list(vspan))
            for name, raw, span, vspan in value["fields"]
        }
        span = value["metadata_span"]
        metadata = Metadata(fields, span_from_list(span) if span is not None else None)
        flavor = Flavor(value["flavor"])
    except (KeyError, TypeError, ValueError):
        return None  # a corrupted entry is a miss
    from cmdlib.positions import decode

    text, _invalid = decode(data)  # the loader's decoding, so lines match a fresh load
    template = Template(
        path=job.path,
        flavor=flavor,
        text=text,
        content_sha256=digest,
        metadata=metadata,
        variables=(),
        lines=tuple(text.split("\n")),
    )
    return FileOutcome(job.display, findings, directives, template, True)


def _pool_context() -> BaseContext:
    """fork where it is safe (POSIX, no other threads): workers inherit the loaded rules,
    grammars and parsers instead of importing them again; spawn everywhere else."""
    import multiprocessing
    import threading

    load_all()
    from cmdlib import loader  # noqa: F401  (loaded once, inherited by forked workers)

    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def default_jobs(file_count: int) -> int:
    if file_count < 50:
        return 1
    return os.cpu_count() or 1


def run_jobs(
    jobs: Sequence[FileJob], workers: int | None, progress: Progress | None = None
) -> list[FileOutcome]:
    """Every job's outcome, in job order. Cache hits are answered here; the misses go to
    a process pool when there are enough of them (``workers``: None decides by count)."""
    total = len(jobs)
    outcomes: list[FileOutcome | None] = [cached_outcome(job) for job in jobs]
    misses = [index for index, outcome in enumerate(outcomes) if outcome is None]
    done = total - len(misses)
    if progress is not None and done:
        progress(done, total)
    pool_size = workers if workers is not None else default_jobs(len(misses))
    for index, outcome in zip(misses, _lint_all([jobs[i] for i in misses], pool_size), strict=True):
        outcomes[index] = outcome
        done += 1
        if progress is not None:
            progress(done, total)
    return [outcome for outcome in outcomes if outcome is not None]


# Files per batch: enough that one ShellCheck process serves many files, few enough
# that progress moves and both workers stay busy to the end.
BATCH_SIZE = 32


def _batches(jobs: Sequence[FileJob], size: int) -> list[Sequence[FileJob]]:
    return [jobs[start : start + size] for start in range(0, len(jobs), size)]


def _lint_all(jobs: Sequence[FileJob], workers: int) -> Iterator[FileOutcome]:
    if workers <= 1 or len(jobs) < 2:
        for batch in _batches(jobs, BATCH_SIZE):
            yield from lint_batch(batch)
        return
    from concurrent.futures import ProcessPoolExecutor

    size = max(1, min(BATCH_SIZE, -(-len(jobs) // workers)))
    with ProcessPoolExecutor(
        max_workers=min(workers, len(jobs)), mp_context=_pool_context()
    ) as pool:
        for outcomes in pool.map(lint_batch, _batches(jobs, size)):
            yield from outcomes
