"""The vocabulary of the effect classifier: tiers, and what the catalog says about a command.

``Tier`` orders effects for "highest wins": READ_ONLY < MUTATING < UNKNOWN < DESTRUCTIVE.
UNKNOWN sits above MUTATING because a command nobody could classify may do anything
(fail closed); a step known to destroy still outranks it. The catalog answers each
command with a ``Verdict`` (a tier and why), an ``Unwrap`` (the rest of argv is the real
command: ``sudo``, ``xargs``, ``kubectl exec -- ...``) or a ``Nested`` script (``bash -c
'...'``, a ``trap`` handler, a heredoc fed to ``bash``) that is parsed and classified in turn.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

from cmdlib.shell import Word


class Tier(enum.Enum):
    READ_ONLY = "read-only"
    MUTATING = "mutating"
    DESTRUCTIVE = "destructive"
    UNKNOWN = "unknown"

    @property
    def rank(self) -> int:
        return _RANKS[self]

    @property
    def permission(self) -> str:
        """The least permission tier a body of this tier needs."""
        return _PERMISSIONS[self]

    @property
    def changes_state(self) -> bool:
        """Mutating, destructive, or unknown (which counts as mutating: fail closed)."""
        return self is not Tier.READ_ONLY

    @staticmethod
    def highest(tiers: Sequence[Tier]) -> Tier:
        return max(tiers, key=lambda tier: tier.rank, default=Tier.READ_ONLY)


_RANKS = {Tier.READ_ONLY: 0, Tier.MUTATING: 1, Tier.UNKNOWN: 2, Tier.DESTRUCTIVE: 3}
_PERMISSIONS = {
    Tier.READ_ONLY: "ReadOnly",
    Tier.MUTATING: "ReadWrite",
    Tier.UNKNOWN: "ReadWrite",
    Tier.DESTRUCTIVE: "Admin",
}
PERMISSION_RANKS = {"ReadOnly": 0, "ReadWrite": 1, "Admin": 2}


@dataclass(frozen=True, slots=True)
class Verdict:
    """What a command does. ``tag_words``: for a destructive command, the words one of
    which a ``side_effects`` tag must contain to name it (``file-deletion`` for ``rm``)."""

    tier: Tier
    reason: str
    tag_words: tuple[str, ...] = ()
    verb: str | None = None  # the word a description should use for the change


@dataclass(frozen=True, slots=True)
class Unwrap:
    """The real command is ``words`` (a wrapper such as ``sudo`` or ``xargs``)."""

    words: tuple[Word, ...]
    via: str  # "sudo", "kubectl exec", ...


@dataclass(frozen=True, slots=True)
class Nested:
    """A literal script run by the command (``bash -c '...'``, a ``trap`` handler).

    ``positions[i]`` is where ``text[i]`` sits in the outer text (empty: every inner
    position maps to ``anchor``); ``holes`` are ranges of ``text`` that are interpolation
    placeholders, whose value is only known at run time.
    """

    text: str
    via: str
    anchor: tuple[int, int]
    positions: tuple[int, ...] = ()
    holes: tuple[tuple[int, int], ...] = ()
    written: str | None = None  # ``text`` as written, when placeholders stand in it


Judgement = Verdict | Unwrap | Nested


def read_only(reason: str) -> Verdict:
    return Verdict(Tier.READ_ONLY, reason)


def mutating(reason: str, verb: str | None = None) -> Verdict:
    return Verdict(Tier.MUTATING, reason, verb=verb)


def destructive(reason: str, tag_words: tuple[str, ...], verb: str | None = None) -> Verdict:
    return Verdict(Tier.DESTRUCTIVE, reason, tag_words, verb)


def unknown(reason: str) -> Verdict:
    return Verdict(Tier.UNKNOWN, reason)


def nested_from_word(word: Word, via: str) -> Judgement:
    """A ``bash -c WORD``-style script: parsed when its text is written in the template
    (interpolations in it become dynamic words), UNKNOWN when a shell expansion builds it."""
    if word.filled is None:
        return unknown(f"`{via}` runs a script built at run time ({word.source})")
    anchor = (word.start, word.end)
    return Nested(word.filled, via, anchor, word.positions, word.holes, word.written)
