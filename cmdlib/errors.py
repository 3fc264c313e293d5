"""The one exception hierarchy of ``cmdlib``; ``cmdlib.cli`` turns these into exit codes."""

from __future__ import annotations


class CmdlibError(Exception):
    """Root of every error a user can cause. ``exit_code`` is stable per subclass."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageError(CmdlibError):
    """Arguments that cannot be acted on (unknown variable, malformed --vars, ...)."""

    exit_code = 2


class TemplateNotFound(CmdlibError):
    exit_code = 2


class TemplateParseError(CmdlibError):
    """A template that must be understood to go on (preview, submit) did not load."""

    exit_code = 1


class BindingError(UsageError):
    """A --var/--vars value that cannot be bound to the template's variables."""


class ConditionNotEvaluable(CmdlibError):
    """A validation condition outside the evaluated subset; never treated as true."""


class SyncError(CmdlibError):
    """A Git source could not be synced (clone/fetch failed, id conflict, ...)."""
