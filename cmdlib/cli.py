"""The ``cmdlib`` command line: options in, one core call, a reporter out.

This is the only module of ``cmdlib`` that imports click and the only place where
``CmdlibError`` becomes a message on stderr and an exit code: 0 success, the error's
``exit_code`` (1 or 2) for what a user can cause, 2 for usage errors, 3 for anything
unexpected ("please report"), 130 on Ctrl-C.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

import click

from cmdlib import __version__
from cmdlib.errors import CmdlibError
from cmdlib.library_render import REPORTERS

EXIT_INTERNAL_ERROR = 3
EXIT_INTERRUPTED = 130


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="cmdlib")
def cli() -> None:
    """cmdlib: the ops command template library and its tools."""


@cli.group()
def library() -> None:
    """The starter library of templates bundled with the toolkit."""


@library.command("path")
def library_path() -> None:
    """Print the directory of the bundled library (to lint or copy it)."""
    from cmdlib.library_index import library_root

    click.echo(str(library_root()))


@library.command("list")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(REPORTERS)),
    default="text",
    show_default=True,
    help="text: an aligned table; json: one object per template.",
)
@click.option(
    "--root",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="List the templates of this directory instead of the bundled library.",
)
def library_list(output_format: str, root: Path | None) -> None:
    """List the templates: id, wire type, permissions, read-only or mutating, path."""
    from cmdlib.library_index import index_library

    index = index_library(root)
    click.echo(REPORTERS[output_format](index), nl=False)


def _report_error(error: CmdlibError) -> None:
    click.echo(f"cmdlib: error: {error.message}", err=True)
    if error.hint:
        click.echo(f"hint: {error.hint}", err=True)


def main(argv: Sequence[str] | None = None) -> int:
    """The ``cmdlib`` console script. Returns the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        result = cli.main(args=args, prog_name="cmdlib", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("cmdlib: interrupted", err=True)
        return EXIT_INTERRUPTED
    except click.ClickException as error:
        error.show()
        return error.exit_code
    except CmdlibError as error:
        _report_error(error)
        return error.exit_code
    except BrokenPipeError:
        # The reader went away (``cmdlib library list | head``): nothing left to say.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        click.echo("cmdlib: interrupted", err=True)
        return EXIT_INTERRUPTED
    except Exception as error:
        click.echo(
            f"cmdlib: internal error: {type(error).__name__}: {error}\n"
            "This is a bug; please report it with the command you ran.",
            err=True,
        )
        return EXIT_INTERNAL_ERROR
    return result if isinstance(result, int) else 0


if __name__ == "__main__":  # pragma: no cover - `python -m cmdlib.cli`
    sys.exit(main())
