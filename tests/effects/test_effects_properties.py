"""Properties: the classifier never raises, whatever the shell, and its spans stay in the text."""

from __future__ import annotations

from pathlib import Path

from effects_support import snippet
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cmdlib.effects import Tier, classify_snippet, classify_template
from cmdlib.loader import load_bytes
from cmdlib.naming import find_templates

LIBRARY = Path(__file__).resolve().parents[2] / "cmdlib" / "library"
SHELLISH = st.text(
    alphabet=st.sampled_from(list("abcrmls -$'\"`\\(){}[];&|<>=\n\t#*?!~/.é0123456789")),
    max_size=80,
)
LIBRARY_SNIPPETS = [
    s.text for path in find_templates(LIBRARY) for s in load_bytes(path, path.read_bytes()).snippets
]


def _check(text: str) -> None:
    lines = text.count("\n") + 1
    result = classify_snippet(snippet(text))
    assert result.tier in Tier
    for step in result.steps:
        assert 1 <= step.span.line <= step.span.end_line <= lines
        assert step.reason


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(SHELLISH)
def test_random_shell_text_never_raises(text: str) -> None:
    _check(text)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(LIBRARY_SNIPPETS or ["ls"]), st.integers(0, 200), st.text(max_size=3))
def test_mutated_library_snippets_never_raise(text: str, at: int, insert: str) -> None:
    at = min(at, len(text))
    _check(text[:at] + insert + text[at + 1 :])


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=200))
def test_any_template_bytes_classify_without_raising(data: bytes) -> None:
    for name in ("x.t9.sh", "x.t9.tf", "x.t9.kubectl"):
        classify_template(load_bytes(Path(name), data))
