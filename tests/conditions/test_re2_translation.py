"""RE2 patterns translate to Python ``re`` with RE2's meaning, or are refused with a reason."""

from __future__ import annotations

import re

import pytest

from cmdlib.regexes import (
    AnchorReport,
    Untranslatable,
    admits,
    admitted_characters,
    is_anchored,
    re2_matches,
    translate_re2,
)


def _matches(pattern: str, text: str) -> bool:
    translated = translate_re2(pattern)
    assert isinstance(translated, str), translated
    return re.search(translated, text) is not None


# (pattern, text, does RE2 find a match)
MATCH_CASES = [
    ("^[a-z]+$", "abc", True),
    ("^[a-z]+$", "abc\n", False),  # RE2 $ is the end of the text, Python's is before a \n
    ("^abc\\z", "abc\n", False),
    ("\\Aabc", "abc", True),
    ("(?m)^b$", "a\nb\nc", True),
    ("(?m)^b$", "a\nbx\nc", False),
    ("^\\d+$", "123", True),
    ("^\\d+$", "\u0661\u0662", False),  # Arabic-Indic digits: not \d in RE2
    ("^\\w+$", "caf\u00e9", False),  # \w is ASCII in RE2
    ("^\\s$", "\v", False),  # RE2 \s has no \v
    ("^\\s$", "\f", True),
    ("^[[:space:]]$", "\v", True),  # but [[:space:]] does
    ("^[[:alpha:]]+$", "abcXYZ", True),
    ("^[[:^digit:]]+$", "ab", True),
    ("^[[:^digit:]]+$", "a1", False),
    ("\\bfoo\\b", "a foo b", True),
    ("\\bfoo\\b", "\u00e9foo", True),  # é is not a word char for RE2's \b
    ("\\Bfoo", "afoo", True),
    ("^a.c$", "a\nc", False),
    ("(?s)^a.c$", "a\nc", True),
    ("(?i)^abc$", "ABC", True),
    ("(?i)[^a]", "A", False),
    ("^(?i:a)b$", "AB", False),
    ("^\\141$", "a", True),  # octal escape, not a backreference
    ("^\\x41\\x{42}$", "AB", True),
    ("^\\Qa.b\\E$", "a.b", True),
    ("^\\Qa.b\\E$", "axb", False),
    ("^a{,2}$", "a{,2}", True),  # not a repeat in RE2: literal text
    ("^a{2}$", "aa", True),
    ("^(?P<x>a)(?<y>b)$", "ab", True),
    ("^[]a]+$", "]a", True),
    ("^[a-]+$", "-a", True),
    ("^[\\d-z]+$", "1-z", True),
    ("^[\\[\\]]+$", "[]", True),
    ("(?U)a+", "aaa", True),
    ("^\\pL+$", "h\u00e9llo", True),
    ("^\\pL+$", "h1", False),
    ("^\\p{Lu}$", "\u00c9", True),
    ("^\\p{Lu}$", "e", False),
    ("^\\PN$", "a", True),
    ("^\\p{^N}$", "7", False),
    ("^[\\pN_]+$", "\u0663_1", True),
    ("^\\pC$", "\u0378", False),  # unassigned code points are in no class, as in Go
]


@pytest.mark.parametrize(("pattern", "text", "expected"), MATCH_CASES)
def test_translation_matches_like_re2(pattern: str, text: str, expected: bool) -> None:
    assert _matches(pattern, text) is expected


def test_ungreedy_flag_swaps_greediness() -> None:
    translated = translate_re2("(?U)a+")
    assert isinstance(translated, str)
    found = re.search(translated, "aaa")
    assert found is not None and found.group(0) == "a"
    translated = translate_re2("(?U)a+?")
    assert isinstance(translated, str)
    found = re.search(translated, "aaa")
    assert found is not None and found.group(0) == "aaa"


# (pattern, words expected in the reason, whether RE2 rejects it)
REFUSED = [
    ("(?=a)", "lookahead", True),
    ("(?!a)", "lookahead", True),
    ("(?<=a)b", "lookbehind", True),
    ("(?<!a)b", "lookbehind", True),
    ("(a)\\1", "backreferences", True),
    ("(?P<n>a)(?P=n)", "backreferences", True),
    ("\\k<n>", "\\k", True),
    ("a*+", "possessive", True),
    ("a**", "stacked", True),
    ("a{2}{3}", "stacked", True),
    ("(?>a)", "atomic", True),
    ("(?#note)", "(?#", True),
    ("(?x)a b", "flags", True),
    ("\\Z", "\\Z", True),
    ("a{1001}", "1000", True),
    ("(a{100}){11}", "multiply", True),
    ("((a{10}){10}){11}", "multiply", True),
    ("a{3,2}", "minimum above maximum", True),
    ("*a", "missing argument", True),
    ("(a", "missing closing ')'", True),
    ("a)", "unbalanced", True),
    ("[a", "missing closing ']'", True),
    ("[z-a]", "range", True),
    ("[[:foo:]]", "[:foo:]", True),
    ("a\\", "trailing backslash", True),
    ("\\e", "\\e", True),
    ("\\p{Greek}", "script", False),
    ("[\\p{Han}]", "script", False),
    ("\\p", "invalid Unicode class", True),
    ("\\C", "\\C", True),
    ("(?P<1x>a)", "digit", False),
]


@pytest.mark.parametrize(("pattern", "words", "re2_rejects"), REFUSED)
def test_untranslatable_pattern_says_why(pattern: str, words: str, re2_rejects: bool) -> None:
    result = translate_re2(pattern)
    assert isinstance(result, Untranslatable)
    assert words in result.reason
    assert result.re2_rejects is re2_rejects


ANCHORS = [
    ("^[a-z]+$", AnchorReport(True, True)),
    ("\\A[a-z]+\\z", AnchorReport(True, True)),
    ("^(a|b)$", AnchorReport(True, True)),
    ("^a$|^b$", AnchorReport(True, True)),
    ("(?:^a|^b)$", AnchorReport(True, True)),
    ("^a|b$", AnchorReport(False, False)),  # the classic: each alternative half-anchored
    ("^a$|b", AnchorReport(False, False)),
    ("[a-z]+", AnchorReport(False, False)),
    ("^[a-z]+", AnchorReport(True, False)),
    ("[a-z]+$", AnchorReport(False, True)),
    ("(?m)^[a-z]+$", AnchorReport(False, False)),  # line anchors only
    ("(^a)?b$", AnchorReport(False, True)),
    ("(^a)+b$", AnchorReport(True, True)),
    ("(?i)^a$", AnchorReport(True, True)),
    ("^(a", AnchorReport(False, False)),
]


@pytest.mark.parametrize(("pattern", "expected"), ANCHORS)
def test_is_anchored(pattern: str, expected: AnchorReport) -> None:
    assert is_anchored(pattern) == expected


def _chars(spec: str) -> frozenset[str]:
    found: set[str] = set()
    for low, high in re.findall(r"(.)-(.)", spec):
        found |= {chr(c) for c in range(ord(low), ord(high) + 1)}
    return frozenset(found)


def test_strict_class_admits_no_quote_or_shell_metacharacter() -> None:
    assert admitted_characters("^[a-z0-9-]+$") == _chars("a-z 0-9") | {"-"}
    assert not admits("^[a-z0-9-]+$", "'\"`$;&|<>()\\ \n")


def test_dot_star_admits_quotes_but_not_newline() -> None:
    assert admits("^.*$", "'")
    assert not admits("^.*$", "\n")
    assert admits("(?s)^.*$", "\n")


def test_negated_class_admits_almost_everything() -> None:
    assert admits("[^/]", ";")
    assert not admits("^[^/]+$", "/")
    admitted = admitted_characters("[^/]")
    assert admitted is not None and len(admitted) == 127


def test_perl_classes_are_ascii_sets() -> None:
    assert admitted_characters("\\w") == _chars("A-Z a-z 0-9") | {"_"}
    assert admitted_characters("\\s") == frozenset("\t\n\f\r ")
    assert admitted_characters("\\d") == _chars("0-9")
    assert not admits("\\w", "\u00e9")


def test_case_folding_widens_and_narrows_sets() -> None:
    assert admitted_characters("(?i)a") == frozenset("aA")
    assert admits("(?i)k", "\u212a")  # KELVIN SIGN folds to k
    negated = admitted_characters("(?i)[^a]")
    assert negated is not None and "A" not in negated and "a" not in negated


def test_escaped_metacharacters_are_literals() -> None:
    assert admitted_characters("^\\.\\*$") == frozenset(".*")
    assert admitted_characters("^\\Q$(x)\\E$") == frozenset("$(x)")


def test_zero_repeat_admits_nothing() -> None:
    assert admitted_characters("a{0}b") == frozenset("b")


def test_unicode_categories_admit_their_ascii_members() -> None:
    assert admitted_characters("\\p{Lu}") == _chars("A-Z")
    assert admitted_characters("\\pN") == _chars("0-9")
    assert not admits("^\\pL+$", ";' ")


def test_untranslatable_pattern_admits_everything_and_has_no_set() -> None:
    assert admitted_characters("\\p{Greek}") is None
    assert admits("\\p{Greek}", ";")
    assert admitted_characters("(?=a)") is None


def test_assertions_admit_nothing_themselves() -> None:
    assert admitted_characters("^\\b$") == frozenset()


def test_deeply_nested_pattern_is_untranslatable_not_an_exception() -> None:
    pattern = "(" * 1000 + "a" + ")" * 1000
    result = translate_re2(pattern)
    assert isinstance(result, Untranslatable) and "nested" in result.reason
    assert admitted_characters(pattern) is None
    assert is_anchored(pattern) == AnchorReport(False, False)


@pytest.mark.parametrize(("pattern", "text", "expected"), MATCH_CASES)
def test_linear_matcher_matches_like_re2(pattern: str, text: str, expected: bool) -> None:
    assert re2_matches(pattern, text) is expected


def test_linear_matcher_refuses_what_the_translation_refuses() -> None:
    assert isinstance(re2_matches("(?=a)", "a"), Untranslatable)
    assert isinstance(re2_matches("\\p{Greek}", "a"), Untranslatable)


def test_catastrophic_pattern_is_answered_without_backtracking() -> None:
    # Python's re would take about 2**60 steps here; RE2 and re2_matches are linear.
    assert re2_matches("^(a+)+$", "a" * 60 + "!") is False
    assert re2_matches("^(a|aa)+$", "a" * 60) is True
