"""Reporters never echo a hidden character: the linter must not do what it forbids."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cmdlib.model import Severity, Span
from t9lint.cli import cli
from t9lint.findings import Finding
from t9lint.visible import visible, visible_line

HIDDEN = ["\x1b", "\x07", "\x9b", "\u202e", "\u2066", "\u200b", "\u00ad", "\ufeff", "\r", "\u2028"]


@pytest.mark.parametrize("char", HIDDEN)
def test_visible_escapes_each_hidden_character(char: str) -> None:
    shown = visible(f"a{char}b")
    assert char not in shown
    assert shown.startswith("a\\") and shown.endswith("b")


@pytest.mark.parametrize("text", ["plain ascii", "tab\there", "two\nlines", "café ü 日本"])
def test_visible_leaves_printable_text_tabs_and_newlines_alone(text: str) -> None:
    assert visible(text) == text


def test_visible_is_idempotent() -> None:
    once = visible("x\x1b[2Ky\u202ez")
    assert visible(once) == once


def test_visible_line_maps_each_column_to_its_display_column() -> None:
    shown, starts = visible_line("a\x1bb\tc")
    assert shown == "a\\x1bb c"
    assert starts == [0, 1, 5, 6, 7, 8]


def test_a_finding_cannot_carry_hidden_characters_in_message_hint_or_snippet() -> None:
    finding = Finding(
        "T9001",
        "parse-error",
        Severity.ERROR,
        "a.t9.sh",
        Span(1, 1, 1, 2),
        message="bad \u202e here",
        hint="fix \x1b[31m",
        snippet="x\x07",
    )
    for text in (finding.message, finding.hint or "", finding.snippet):
        assert not any(char in text for char in HIDDEN)


@pytest.mark.parametrize("output_format", ["text", "concise", "github", "json", "sarif"])
def test_no_reporter_prints_the_escape_sequences_of_the_file_it_reports(
    tmp_path: Path, output_format: str
) -> None:
    template = tmp_path / "linux" / "disk-usage.t9.sh"
    template.parent.mkdir()
    template.write_bytes(
        b"#!/usr/bin/env bash\n: <<'TENSOR9'\n"
        b'name = "disk-usage"\ndisplay = "Disk \x1b[2K\x1b]0;pwned\x07usage"\n'
        b'description = "Show disk usage of every mounted file system. Read-only."\n'
        b'data_access = ["Storage"]\npermissions = "ReadOnly"\nTENSOR9\n'
        b"set -euo pipefail\ndf -h \xe2\x80\xae\n"
    )
    result = CliRunner().invoke(
        cli, ["check", "--no-cache", "--no-shellcheck", "--format", output_format, str(tmp_path)]
    )
    assert result.exit_code == 1, result.output
    assert "T9606" in result.output and "T9605" in result.output
    for char in ("\x1b", "\x07", "\u202e"):
        assert char not in result.output
