"""The ``t9lint`` command line: options in, one core call, reporters out, exit codes.

This is the only module of t9lint that imports click and the only one that turns
exceptions into messages and exit codes: 0 clean, 1 findings at or above ``--fail-on``,
2 usage or unreadable input, 3 internal error, 130 interrupted. Everything a command
needs is imported inside it, so ``t9lint --version`` stays fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from t9lint import __version__
from t9lint.errors import LintError

if TYPE_CHECKING:
    from t9lint.engine import LintResult

FORMATS = ("text", "concise", "json", "sarif", "github")
FAIL_ON = ("error", "warning", "info")
PROGRESS_THRESHOLD = 100  # files; fewer finish before a progress line helps
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130
_FORMAT_FLAGS = ("--format", "-f")
_OUTPUT_FLAGS = ("--output", "-o")


@dataclass(frozen=True)
class OutputTarget:
    format: str
    path: Path | None  # None: stdout


def _guarded(action: Callable[[], int]) -> None:
    """Run a command body and leave with its exit code, translating every exception."""
    code: int
    try:
        code = action()
    except LintError as error:
        click.echo(f"t9lint: error: {error.message}", err=True)
        if error.hint:
            click.echo(f"t9lint: hint: {error.hint}", err=True)
        code = error.exit_code
    except KeyboardInterrupt:
        click.echo("t9lint: interrupted", err=True)
        code = EXIT_INTERRUPTED
    except Exception as error:
        from cmdlib.errors import CmdlibError

        if isinstance(error, CmdlibError):
            click.echo(f"t9lint: error: {error.message}", err=True)
            code = 2
        else:
            if os.environ.get("T9LINT_DEBUG") == "1":
                import traceback

                traceback.print_exc()
            click.echo(
                f"t9lint: internal error: {error!r}\n"
                "t9lint: this is a bug in t9lint; please report it with the command line"
                " and the file (set T9LINT_DEBUG=1 for a traceback)",
                err=True,
            )
            code = EXIT_INTERNAL
    raise SystemExit(code)


def output_targets(args: Sequence[str]) -> list[OutputTarget]:
    """(format, output) pairs in command-line order: each --output binds to the --format
    before it. Raises click.UsageError for an --output with no --format to bind to."""
    pairs: list[list[Any]] = []
    tokens = list(args)
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token == "--":
            break
        flag, value, index = _option_value(tokens, index)
        if flag in _FORMAT_FLAGS:
            pairs.append([value, None])
        elif flag in _OUTPUT_FLAGS:
            if not pairs or pairs[-1][1] is not None:
                raise click.UsageError("each --output must follow the --format it writes")
            pairs[-1][1] = Path(value)
    return [OutputTarget(str(fmt), path) for fmt, path in pairs]


def _option_value(tokens: Sequence[str], index: int) -> tuple[str, str, int]:
    token = tokens[index]
    for flag in (*_FORMAT_FLAGS, *_OUTPUT_FLAGS):
        if token == flag and index + 1 < len(tokens):
            return flag, tokens[index + 1], index + 2
        if flag.startswith("--") and token.startswith(flag + "="):
            return flag, token[len(flag) + 1 :], index + 1
        if not flag.startswith("--") and token.startswith(flag) and len(token) > len(flag):
            return flag, token[len(flag) :], index + 1  # -fjson, -oreport.json
    return "", "", index + 1


class _CheckCommand(click.Command):
    """Records the order of --format/--output, which click's options do not keep."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta["t9lint.outputs"] = output_targets(args)
        return super().parse_args(ctx, args)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="t9lint", message="%(prog)s %(version)s")
def cli() -> None:
    """Lint ops command templates (.t9.tf, .t9.sh, .t9.kubectl and the .tensor9.* spellings)."""


def _split(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


@cli.command(cls=_CheckCommand)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "-f", "formats", multiple=True, type=click.Choice(FORMATS),
              help="Output format; repeat for several (default: text).")  # fmt: skip
@click.option("--output", "-o", "outputs", multiple=True, type=click.Path(path_type=Path),
              help="Write the preceding --format to FILE instead of stdout.")  # fmt: skip
@click.option("--config", "config_file", type=click.Path(path_type=Path),
              help="Use this configuration file instead of searching for one.")  # fmt: skip
@click.option("--select", multiple=True, help="Only these rules (codes, names, prefixes).")
@click.option("--ignore", multiple=True, help="Skip these rules (codes, names, prefixes).")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default="error", show_default=True,
              help="Exit 1 when a finding is at least this severe.")  # fmt: skip
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--baseline", type=click.Path(path_type=Path),
              help="Hide findings recorded in this baseline file.")  # fmt: skip
@click.option("--write-baseline", type=click.Path(path_type=Path),
              help="Record the current findings in this baseline file.")  # fmt: skip
@click.option("--jobs", "-j", type=click.IntRange(min=1),
              help="Worker processes (default: 1 below 50 files, else one per CPU).")  # fmt: skip
@click.option("--no-cache", is_flag=True, help="Neither read nor write the result cache.")
@click.option("--no-shellcheck", is_flag=True, help="Skip the ShellCheck pass.")
@click.pass_context
def check(ctx: click.Context, /, paths: tuple[Path, ...], **options: Any) -> None:
    """Lint templates in PATHS (files or directories; default: the current directory)."""
    targets: list[OutputTarget] = ctx.meta.get("t9lint.outputs") or [OutputTarget("text", None)]
    if options["formats"] and [t.format for t in targets] != list(options["formats"]):
        raise click.UsageError("give each --format as its own option: --format NAME")
    if sum(1 for target in targets if target.path is None) > 1:
        raise click.UsageError("at most one --format may go to stdout; give the others --output")
    _guarded(lambda: _check(paths or (Path(),), targets, options))


def _check(paths: tuple[Path, ...], targets: list[OutputTarget], options: Any) -> int:
    from cmdlib.model import Severity
    from t9lint.engine import LintOptions, lint
    from t9lint.reporters import Report, reporter, summary_line

    lint_options = LintOptions(
        cwd=Path.cwd(),
        paths=paths,
        config_file=options["config_file"],
        select=_split(options["select"]),
        ignore=_split(options["ignore"]),
        shellcheck=not options["no_shellcheck"],
        baseline=options["baseline"],
        write_baseline=options["write_baseline"],
        jobs=options["jobs"],
        use_cache=not options["no_cache"],
        environ=dict(os.environ),
    )
    result = lint(lint_options, _progress_printer())
    fail_on = Severity(options["fail_on"])
    exit_code = 0 if options["exit_zero"] else _exit_code(result, fail_on)
    report = Report(result, exit_code, fail_on, lint_options.cwd, result.rules, os.environ)
    for target in targets:
        _emit(reporter(target.format)(report), target)
    click.echo(summary_line(result), err=True)
    return exit_code


def _exit_code(result: LintResult, fail_on: Any) -> int:
    from cmdlib.model import Severity

    rank = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    failing = any(rank[finding.severity] <= rank[fail_on] for finding in result.findings)
    return 1 if failing else 0


def _emit(text: str, target: OutputTarget) -> None:
    if target.path is None:
        click.echo(text, nl=False)
        return
    try:
        target.path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise LintError(
            f"{target.path}: cannot write {target.format} output: {error.strerror}"
        ) from error


def _progress_printer() -> Callable[[int, int], None] | None:
    """A one-line counter on stderr, only on a terminal and only for many files."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        if total < PROGRESS_THRESHOLD:
            return
        if done < total:
            click.echo(f"\rt9lint: {done}/{total} files", err=True, nl=False)
        else:
            click.echo("\r\033[K", err=True, nl=False)  # clear the line before the summary

    return show


@cli.command()
@click.argument("rule", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text",
              help="markdown renders the whole rules page (docs/rules.md).")  # fmt: skip
def rules(rule: str | None, fmt: str) -> None:
    """List the rules, or explain RULE (a code such as T9301 or a name)."""
    _guarded(lambda: _rules(rule, fmt))


def _rules(selector: str | None, fmt: str) -> int:
    from t9lint import docs
    from t9lint.errors import UnknownRule
    from t9lint.rules.base import all_rules

    every = list(all_rules())
    if fmt == "markdown":
        click.echo(docs.markdown_page(every), nl=False)
        return 0
    if selector is None:
        click.echo(docs.rule_table(every), nl=False)
        return 0
    wanted = selector.strip()
    for candidate in every:
        if candidate.code == wanted.upper() or candidate.name == wanted:
            click.echo(docs.explain(candidate), nl=False)
            return 0
    raise UnknownRule(f"no rule {selector!r}", hint="`t9lint rules` lists every code and name")


def main() -> None:
    cli()
