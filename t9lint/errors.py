"""The one exception hierarchy of ``t9lint``; ``t9lint.cli`` turns these into exit codes."""

from __future__ import annotations


class LintError(Exception):
    """Root of every error a user can cause. Exit 2: usage or unreadable input."""

    exit_code = 2

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class ConfigError(LintError):
    """A t9lint.toml / [tool.t9lint] that cannot be used (names file and key)."""


class BaselineError(LintError):
    """A baseline file that cannot be read or written."""


class UnreadableInput(LintError):
    """A path given on the command line that does not exist or cannot be read."""


class UnknownRule(LintError):
    """A rule code or name that no rule has."""
