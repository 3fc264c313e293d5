"""Words for the effects rules: does a description or a tag name what a step does.

Matching is on words, by shared prefix, so that "Restarts", "restarting" and the tag
``pod-restarts`` all name ``systemctl restart``, and "rotation" names ``rotate``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from cmdlib.effects import Step, TemplateEffects

_WORD = re.compile(r"[a-z0-9]+")
_READ_ONLY = re.compile(r"\bread[- ]?only\b", re.I)
_NOT_READ_ONLY = re.compile(r"\b(not|never|isn't|is not)\s+read[- ]?only\b", re.I)
_SUBJECTS = {
    "systemctl": "service",
    "kill": "process",
    "pkill": "process",
    "killall": "process",
    "logrotate": "log",
    "kubectl": "cluster",
    "aws": "cloud",
    "docker": "container",
    "psql": "database",
    "rm": "file",
    "unlink": "file",
    "find": "file",
    "shred": "file",
    "mysql": "database",
}
_NOMINAL = {
    "restart": "restart",
    "rotate": "rotation",
    "delete": "deletion",
    "create": "creation",
    "write": "file-write",
    "signal": "signal",
    "remove": "removal",
    "copy": "copy",
    "change": "change",
}


# Words that name the same change as a step's verb in a description.
_SYNONYMS = {
    "signal": ("signal", "send", "kill", "sighup", "sigterm", "sigusr", "reload", "terminate"),
    "write": ("write", "save", "store", "record", "append", "create", "overwrite"),
    "delete": ("delete", "remove", "purge", "erase", "clean", "wipe"),
    "change": ("change", "update", "modify", "set", "apply"),
    "create": ("create", "make", "add", "provision"),
    "restart": ("restart", "bounce", "recycle"),
    "evict": ("evict", "drain"),
}


def claims_read_only(text: str) -> bool:
    """The text says read-only (and not "not read-only")."""
    return bool(_READ_ONLY.search(_NOT_READ_ONLY.sub(" ", text)))


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _same_word(word: str, other: str) -> bool:
    """``word`` and ``other`` share a prefix long enough to be the same word inflected."""
    need = min(len(word), max(4, len(word) - 3))
    return len(other) >= need and other[:need] == word[:need]


def _mentions(text_words: Iterable[str], wanted: Iterable[str]) -> bool:
    words = list(text_words)
    return any(_same_word(want, word) for want in wanted for word in words)


def names_change(text: str, effects: TemplateEffects, tags: Sequence[str]) -> bool:
    """The description names the verb of a changing step or the change of a tag."""
    wanted: list[str] = []
    for step in effects.steps:
        if step.tier.changes_state and step.verb:
            for verb in _words(step.verb):
                wanted.extend(_SYNONYMS.get(verb, (verb,)))
    for tag in tags:
        parts = _words(tag)
        if parts:
            wanted.append(parts[-1])
    return _mentions(_words(text), [word for word in wanted if len(word) >= 3])


def names_step(tags: Sequence[str], step: Step) -> bool:
    """Some side_effects tag contains one of the words the destructive step requires."""
    lowered = [tag.lower() for tag in tags]
    return any(word in tag for word in step.tag_words for tag in lowered)


def suggested_tag(step: Step) -> str:
    if step.tag_words:
        first = step.tag_words[0]
        return first if "-" in first else f"{_SUBJECTS.get(step.argv0, 'data')}-{first}"
    change = _NOMINAL.get(step.verb or "", step.verb or "change")
    subject = _SUBJECTS.get(step.argv0) or "-".join(_words(step.argv0)) or "state"
    return f"{subject}-{change}".lower()
