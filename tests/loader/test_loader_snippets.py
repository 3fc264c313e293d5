"""Shell snippets: what each flavor hands the classifier, and the map back to the file."""

from __future__ import annotations

from loader_support import codes, load_named, load_text

from cmdlib.model import ShellSnippet, Template


def assert_offsets_point_at_the_written_characters(
    template: Template, snippet: ShellSnippet
) -> None:
    """Each character maps to itself in the file, except decoded escapes and ``$${``."""
    for index, char in enumerate(snippet.text):
        line, column = snippet.position(index)
        written = template.lines[line - 1][column - 1 : column]
        if char == "\n":
            assert written == "", (index, line, column)
        else:
            assert written == char or (written == "\\" and char in '"\\'), (index, char, written)


def test_conditional_command_gives_one_snippet_per_branch_then_the_heredoc() -> None:
    template = load_named("conditional-command.t9.tf")
    assert codes(template) == []
    texts = [snippet.text for snippet in template.snippets]
    assert texts == [
        'ls -la "${var.DIR}"',
        "ls",
        'set -e\nfor f in $(ls "${var.DIR}"); do\n  echo "$f" ${HOME}\ndone\n',
    ]
    assert {snippet.block for snippet in template.snippets} == {"terraform_data.ls"}
    for snippet in template.snippets:
        assert_offsets_point_at_the_written_characters(template, snippet)


def test_heredoc_snippet_offsets_skip_the_stripped_indentation() -> None:
    template = load_named("conditional-command.t9.tf")
    heredoc = template.snippets[2]
    assert heredoc.position(0) == (17, 7)  # "set -e" is written at column 7
    assert heredoc.text.index("for") == 7
    assert heredoc.position(7) == (18, 7)
    [interpolation] = heredoc.interpolations
    assert (interpolation.span.line, interpolation.span.column) == (18, 22)
    assert heredoc.offsets[-1] == (21, 1)


def test_quoted_command_offsets_go_through_backslash_escapes() -> None:
    template = load_named("conditional-command.t9.tf")
    first = template.snippets[0]
    quote = first.text.index('"')
    line, column = first.position(quote)
    assert template.lines[line - 1][column - 1 : column + 1] == '\\"'
    # The character after the escape lands two columns on, not one.
    assert first.position(quote + 1) == (line, column + 2)


def test_dollar_dollar_maps_to_the_first_dollar() -> None:
    template = load_named("conditional-command.t9.tf")
    heredoc = template.snippets[2]
    index = heredoc.text.index("${HOME}")
    line, column = heredoc.position(index)
    assert template.lines[line - 1][column - 1 : column + 7] == "$${HOME}"
    assert heredoc.position(index + 1) == (line, column + 2)


def test_a_command_that_is_not_a_string_is_kept_as_its_source() -> None:
    template = load_text(
        "r.t9.tf",
        'resource "null_resource" "r" {\n  provisioner "local-exec" {\n'
        '    command = join(" ", ["rm", var.PATH])\n  }\n}\n',
    )
    [snippet] = template.snippets
    assert snippet.text == 'join(" ", ["rm", var.PATH])'
    assert snippet.position(0) == (3, 15)
    assert snippet.block == "null_resource.r"


def test_only_local_exec_commands_are_snippets() -> None:
    template = load_text(
        "r.t9.tf",
        'resource "null_resource" "r" {\n  provisioner "remote-exec" {\n'
        '    command = "rm -rf /"\n  }\n  command = "ls"\n}\n',
    )
    assert template.snippets == ()


def test_script_body_references_cover_braced_defaulted_and_positional_forms() -> None:
    template = load_text(
        "s.t9.sh",
        ": <<'TENSOR9'\nname = \"s\"\nTENSOR9\necho \"$A\" ${B:-x} $1 '$NOT_IN_SINGLE_QUOTES'\n",
    )
    assert codes(template) == []
    body = template.script_body
    assert body is not None
    found = [(i.source, i.variable, i.span.column) for i in body.interpolations]
    assert found == [("A", "A", 7), ("B:-x", "B", 11), ("1", None, 19)]


def test_script_body_offsets_are_file_positions() -> None:
    template = load_named("restart-service.t9.sh")
    body = template.script_body
    assert body is not None
    assert_offsets_point_at_the_written_characters(template, body)
    assert body.position(0) == (19, 1)


def test_kubectl_reference_inside_quotes_is_still_recorded() -> None:
    template = load_text(
        "k.t9.kubectl",
        ": <<'TENSOR9'\nname = \"k\"\nTENSOR9\nkubectl get pods -l 'app=${APP}' \"${NS}\"\n",
    )
    assert codes(template) == []
    [invocation] = template.kubectl
    assert [i.variable for i in invocation.interpolations] == ["APP", "NS"]
    assert invocation.argv == ("kubectl", "get", "pods", "-l", "app=${APP}", "${NS}")


def test_kubectl_comment_lines_and_trailing_comments_are_not_arguments() -> None:
    template = load_text(
        "k.t9.kubectl",
        ": <<'TENSOR9'\nname = \"k\"\nTENSOR9\n\n  # a note \\\nkubectl get ns # all of them\n",
    )
    assert codes(template) == []
    [invocation] = template.kubectl
    assert invocation.argv == ("kubectl", "get", "ns")
    assert invocation.span.line == 6


def test_kubectl_continuation_offsets_skip_the_backslash_newline() -> None:
    template = load_named("list-pods.t9.kubectl")
    snippet = template.snippets[1]
    assert_offsets_point_at_the_written_characters(template, snippet)
    index = snippet.text.index("--namespace")
    assert snippet.position(index) == (16, 3)
