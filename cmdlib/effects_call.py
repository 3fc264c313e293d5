"""One command invocation as the catalog sees it, with small argv helpers.

The catalog modules judge a ``Call``: its words (``words[0]`` is the command), and the
text fed to its standard input by a heredoc or here-string, when there is one.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass

from cmdlib.shell import Word


@dataclass(frozen=True, slots=True)
class Call:
    words: tuple[Word, ...]
    stdin: str | None = None
    stdin_anchor: tuple[int, int] = (0, 0)
    stdin_positions: tuple[int, ...] = ()  # where each character of ``stdin`` is written

    @property
    def name(self) -> str:
        value = self.words[0].value or ""
        return value.rsplit("/", 1)[-1]

    @property
    def args(self) -> tuple[Word, ...]:
        return self.words[1:]

    def shifted(self, count: int) -> Call:
        return Call(self.words[count:], self.stdin, self.stdin_anchor, self.stdin_positions)

    def literal_args(self) -> Iterator[str]:
        for word in self.args:
            if word.value is not None:
                yield word.value

    def has_short(self, letters: str) -> bool:
        """Any ``-xyz`` bundle (not ``--long``) holding one of ``letters``."""
        for value in self.literal_args():
            is_bundle = value.startswith("-") and not value.startswith("--") and len(value) > 1
            if is_bundle and any(letter in value[1:] for letter in letters):
                return True
        return False

    def has_long(self, *names: str) -> bool:
        """``--name`` or ``--name=...`` for any of ``names``."""
        for value in self.literal_args():
            if value == "--":
                return False
            head = value.split("=", 1)[0]
            if head in names:
                return True
        return False

    def option_value(self, *names: str) -> Word | None:
        """The value of ``-o VALUE``, ``--opt VALUE`` or ``--opt=VALUE``."""
        args = self.args
        for index, word in enumerate(args):
            value = word.value
            if value is None:
                continue
            for name in names:
                if value == name and index + 1 < len(args):
                    return args[index + 1]
                if name.startswith("--") and value.startswith(name + "="):
                    rest = value[len(name) + 1 :]
                    return Word(word.source, rest, word.start, word.end)
        return None


def positionals(words: tuple[Word, ...], with_value: Collection[str]) -> list[Word]:
    """The non-option words; options in ``with_value`` consume the next word.

    A dynamic word counts as a positional (it may be anything). ``--`` ends options.
    """
    found: list[Word] = []
    skip = False
    options_done = False
    for word in words:
        if skip:
            skip = False
            continue
        value = word.value
        if options_done or value is None or not value.startswith("-") or value == "-":
            found.append(word)
            continue
        if value == "--":
            options_done = True
            continue
        if "=" not in value and value in with_value:
            skip = True
    return found


def names(text: str) -> frozenset[str]:
    """A set of command or option names written as a whitespace-separated block."""
    return frozenset(text.split())


def literal(word: Word | None) -> str | None:
    return None if word is None else word.value
