"""The one exception hierarchy of ``t9verify``; ``t9verify.cli`` turns these into exit codes.

Verification failures are results, not exceptions; these are for what stops
verification from starting (exit 2) and for the library's raising ``verify()``.
"""

from __future__ import annotations

from t9verify.reasons import Reason


class VerifyError(Exception):
    exit_code = 2

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UnreadableExport(VerifyError):
    """The export cannot be opened or is not UTF-8 text (spec rule 15)."""


class BadTrustFile(VerifyError):
    """The --trust file or a --*-key value cannot be used."""


class BadArguments(VerifyError):
    """Arguments that contradict each other or name nothing usable."""


class VerificationFailed(VerifyError):
    """Raised by ``verify()`` (library use) on the first failed check."""

    exit_code = 1

    def __init__(self, message: str, reason: Reason) -> None:
        super().__init__(message)
        self.reason = reason
