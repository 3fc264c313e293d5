"""cmdlib.shell: commands, words, assignments, redirections and positions from tree-sitter."""

from __future__ import annotations

from effects_support import snippet

from cmdlib.model import Interpolation, ShellSnippet, Span
from cmdlib.shell import Assignment, parse_script, parse_snippet, placeholder_ranges, span_of


def test_words_are_quote_removed_literals() -> None:
    command = parse_script("echo 'a b' \"c\\\"d\" e\\ f g'h'i").commands[0]
    assert [word.value for word in command.words] == ["echo", "a b", 'c"d', "e f", "ghi"]


def test_words_with_expansions_are_dynamic_and_keep_their_source() -> None:
    command = parse_script('ls "$DIR"/x ${A} $(pwd) `date` $((1+2))').commands[0]
    words = command.words[1:]
    assert all(word.value is None for word in words)
    assert [word.source for word in words] == ['"$DIR"/x', "${A}", "$(pwd)", "`date`", "$((1+2))"]


def test_unquoted_variable_word_records_its_name() -> None:
    command = parse_script('$KEXEC ls ${OTHER} "$QUOTED"').commands[0]
    assert [word.variable for word in command.words] == ["KEXEC", None, "OTHER", None]


def test_positions_are_character_indices_even_after_non_ascii() -> None:
    text = "echo 'héllo wörld' && rm x"
    command = parse_script(text).commands[1]
    assert text[command.start : command.end] == "rm x"


def test_assignments_are_split_the_way_expansion_resplits_them() -> None:
    script = parse_script('K="kubectl exec $POD --"')
    assignment = script.statements[0]
    assert isinstance(assignment, Assignment)
    assert [word.value for word in assignment.value] == ["kubectl", "exec", None, "--"]
    assert assignment.dynamic


def test_prefix_assignments_are_not_script_assignments() -> None:
    script = parse_script("A=1 ls")
    assert not any(isinstance(item, Assignment) for item in script.statements)


def test_redirects_and_heredocs_are_attached_to_their_command() -> None:
    command = parse_script("cat <<'EOF' > /tmp/out 2>&1\nbody $X\nEOF\n").commands[0]
    operators = [redirect.operator for redirect in command.redirects]
    assert operators == ["<<", ">", ">&"]
    assert command.redirects[0].heredoc == "body $X\n"
    assert command.redirects[1].target is not None
    assert command.redirects[1].target.value == "/tmp/out"
    assert command.redirects[2].descriptor == "2"


def test_commands_inside_substitutions_and_functions_are_found() -> None:
    script = parse_script("f() { rm -f x; }\necho $(date)\n")
    names = [(command.words[0].value, command.function) for command in script.commands]
    assert names == [("rm", "f"), ("echo", None), ("date", None)]
    assert script.functions == frozenset({"f"})


def test_syntax_errors_are_problems_with_positions() -> None:
    script = parse_script("ls\nif [ x ; then\n")
    assert not script.parseable
    assert script.text[script.problems[0].start :].startswith("if")


def test_clean_script_has_no_problems() -> None:
    assert parse_script("set -euo pipefail\nls -la\n").parseable


def _local_exec(text: str, interpolation_at: int, length: int) -> ShellSnippet:
    base = snippet(text, origin="local-exec", first_line=5)
    line, column = base.offsets[interpolation_at]
    span = Span(line, column, line, column + length)
    source = text[interpolation_at + 2 : interpolation_at + length - 1]
    return ShellSnippet(
        base.text, base.origin, base.span, base.offsets, (Interpolation(source, span, "X"),)
    )


def test_hcl_interpolations_become_placeholders_found_through_offsets() -> None:
    text = 'du -sh "${var.DIR}" | sort'
    local = _local_exec(text, 8, len("${var.DIR}"))
    assert placeholder_ranges(local) == [(8, 18)]
    script = parse_snippet(local)
    assert script.parseable
    word = script.commands[0].words[2]
    assert word.value is None and word.source == '"${var.DIR}"'


def test_without_placeholders_hcl_interpolation_is_a_bash_error() -> None:
    assert not parse_script('du -sh "${var.DIR}"').parseable


def test_script_bodies_keep_their_shell_expansions() -> None:
    body = snippet('echo "${HOME}"', origin="script-body")
    assert placeholder_ranges(body) == []


def test_span_of_maps_text_ranges_to_file_positions() -> None:
    text = "uptime\nsystemctl restart x\n"
    located = span_of(snippet(text, first_line=10), 7, 26)
    assert (located.line, located.column, located.end_line, located.end_column) == (11, 1, 11, 20)
