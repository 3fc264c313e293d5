"""The command line: a thin click layer over ``engine.evaluate`` and ``manifest``.

Options become a frozen ``VerifyOptions``; one core call; errors of the ``VerifyError``
family become their message and exit code (2 for unreadable input or bad arguments),
Ctrl-C exits 130, anything unexpected exits 3 with "please report".
"""

from __future__ import annotations

import json
import os
import re
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

import click

from t9verify import __version__
from t9verify.errors import VerifyError
from t9verify.pins import Pins
from t9verify.reporters import REPORTERS

EXIT_INTERRUPTED = 130
EXIT_INTERNAL = 3
EXIT_OUTPUT_CLOSED = 1
_HEX64 = re.compile(r"[0-9a-f]{64}")


def _run(action: Callable[[], int]) -> None:
    try:
        code = action()
    except VerifyError as exc:
        click.echo(f"t9verify: error: {exc.message}", err=True)
        if exc.hint:
            click.echo(f"t9verify: hint: {exc.hint}", err=True)
        code = exc.exit_code
    except KeyboardInterrupt:
        click.echo("t9verify: interrupted", err=True)
        code = EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (``t9verify ... | head``). The verdict was not delivered,
        # so this is never success; stdout goes to /dev/null so the exit cannot fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = EXIT_OUTPUT_CLOSED
    except Exception as exc:  # the one place that turns a bug into a report request
        if os.environ.get("T9VERIFY_DEBUG") == "1":
            click.echo(traceback.format_exc(), err=True)
        click.echo(
            f"t9verify: internal error: {exc!r}\n"
            "t9verify: this is a bug; please report it with the command line"
            " (set T9VERIFY_DEBUG=1 for a traceback)",
            err=True,
        )
        code = EXIT_INTERNAL
    sys.exit(code)


def _pins(trust: Path | None, appliance_keys: tuple[str, ...], buyer_keys: tuple[str, ...]) -> Pins:
    from t9verify.pins import load_trust_file, pins_from_options

    pins = load_trust_file(trust) if trust is not None else Pins()
    return pins.merged(pins_from_options(list(appliance_keys), list(buyer_keys)))


def _expect_head(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not _HEX64.fullmatch(value):
        raise click.BadParameter("must be 64 lower-case hex digits (a record hash)")
    return value


def _trust_options(func: Callable[..., None]) -> Callable[..., None]:
    func = click.option(
        "--buyer-key",
        "buyer_keys",
        multiple=True,
        metavar="B64|SHA256:FP",
        help="Pin a buyer key (base64 public key or SHA256: fingerprint); repeatable.",
    )(func)
    func = click.option(
        "--appliance-key",
        "appliance_keys",
        multiple=True,
        metavar="B64",
        help="Pin an appliance public key (base64); repeatable.",
    )(func)
    return click.option(
        "--trust",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Trust file with appliance and buyer pins and their validity windows.",
    )(func)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="t9verify")
def main() -> None:
    """Verify ops-command audit exports offline, against keys you pinned."""


@main.group()
def audit() -> None:
    """Audit exports."""


@audit.command("verify")
@click.argument("export", type=click.Path(dir_okay=False, path_type=Path))
@_trust_options
@click.option(
    "--preapprovals",
    type=click.Path(dir_okay=False, path_type=Path),
    help="JSON Lines of pre-approvals and revocations signed before the export.",
)
@click.option("--strict", is_flag=True, help="Refuse unsigned legacy records and unpinned keys.")
@click.option("--output", type=click.Choice(sorted(REPORTERS)), default="text", show_default=True)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Processes verifying signatures [default: all cores].",
)
@click.option(
    "--expect-head",
    callback=_expect_head,
    metavar="HASH",
    help="Fail unless the export's head is this record hash.",
)
@click.option(
    "--expect-count",
    type=click.IntRange(min=0),
    metavar="N",
    help="Fail unless the export holds exactly N records.",
)
@click.option(
    "--after",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="OLD_EXPORT",
    help="Also prove that EXPORT extends this earlier export.",
)
def audit_verify(  # noqa: PLR0917 - click passes one argument per option
    export: Path,
    trust: Path | None,
    appliance_keys: tuple[str, ...],
    buyer_keys: tuple[str, ...],
    preapprovals: Path | None,
    strict: bool,
    output: str,
    jobs: int | None,
    expect_head: str | None,
    expect_count: int | None,
    after: Path | None,
) -> None:
    """Verify an audit export: signatures, bindings, lifecycle, pre-approvals and chain."""

    def action() -> int:
        from t9verify.engine import VerifyOptions, evaluate
        from t9verify.reporters import reporter

        options = VerifyOptions(
            export=export,
            pins=_pins(trust, appliance_keys, buyer_keys),
            strict=strict,
            jobs=jobs,
            preapprovals=preapprovals,
            expect_head=expect_head,
            expect_count=expect_count,
            after=after,
        )
        out = sys.stdout
        render = reporter(output, out)
        try:
            report = evaluate(options, sink=render.record, progress=_progress())
            _clear_progress()
            render.finish(report)
        finally:
            render.close()
        return 0 if report.ok else 1

    _run(action)


def _progress() -> Callable[[int], None] | None:
    if not sys.stderr.isatty():
        return None

    def show(lines: int) -> None:
        sys.stderr.write(f"\rt9verify: {lines} lines checked")
        sys.stderr.flush()

    return show


def _clear_progress() -> None:
    if sys.stderr.isatty():
        sys.stderr.write("\r\033[K")


@main.group()
def manifest() -> None:
    """Single signed envelopes."""


@manifest.command("verify")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@_trust_options
@click.option("--kind", help="Fail unless the manifest is of this kind.")
@click.option("--output", type=click.Choice(sorted(REPORTERS)), default="text", show_default=True)
def manifest_verify(  # noqa: PLR0917 - click passes one argument per option
    file: Path,
    trust: Path | None,
    appliance_keys: tuple[str, ...],
    buyer_keys: tuple[str, ...],
    kind: str | None,
    output: str,
) -> None:
    """Verify one signed envelope {manifest, publicKey, signature}."""

    def action() -> int:
        from t9verify.manifest import verify_manifest
        from t9verify.reporters import check_json

        report = verify_manifest(file, _pins(trust, appliance_keys, buyer_keys), kind=kind)
        if output == "json":
            document = {
                "ok": report.ok,
                "kind": report.kind,
                "checks": [check_json(c) for c in report.checks],
            }
            click.echo(json.dumps(document, ensure_ascii=False))
        else:
            for check in report.checks:
                if check.status == "PASS":
                    click.echo(
                        f"[PASS] {report.kind}: signed by {check.signed_by} "
                        f"({check.fingerprint}, {check.trust_anchor}) at {check.signed_at}"
                    )
                else:
                    click.echo(f"[FAIL] {report.kind}: {check.name}: {check.reason} [{check.code}]")
            click.echo("VERIFIED" if report.ok else "FAILED")
        return 0 if report.ok else 1

    _run(action)
