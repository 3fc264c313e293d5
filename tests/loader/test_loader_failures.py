"""Parse failures are data: each bad input gives stable diagnostics with exact positions."""

from __future__ import annotations

from pathlib import Path

import pytest
from loader_support import codes, load_named, load_text

from cmdlib.loader import MAX_TEMPLATE_BYTES, load_bytes
from cmdlib.model import Severity, Span


def where(template_name: str) -> list[tuple[str, int, int]]:
    template = load_named(template_name)
    return [(d.code, d.span.line, d.span.column) for d in template.diagnostics]


def test_unterminated_heredoc_points_at_its_opening_marker() -> None:
    assert where("unterminated-heredoc.t9.tf") == [
        ("hcl-unterminated-heredoc", 3, 22),
        ("hcl-syntax", 6, 1),
    ]


def test_two_syntax_errors_in_two_blocks_are_both_reported() -> None:
    template = load_named("two-syntax-errors.t9.tf")
    assert [(d.code, d.span.line, d.span.column) for d in template.diagnostics] == [
        ("hcl-syntax", 6, 22),
        ("hcl-syntax", 10, 23),
    ]
    assert not template.ok
    # What recovery kept is still there.
    assert template.variable("OK") is not None


def test_unclosed_string_points_at_its_opening_quote() -> None:
    template = load_named("unclosed-string.t9.tf")
    first = template.diagnostics[0]
    assert first.code == "hcl-unterminated-string"
    assert first.span == Span(2, 10, 2, 11, 45, 46)


def test_second_tensor9_command_resource_is_a_duplicate_at_its_label() -> None:
    template = load_named("two-tensor9-command-resources.t9.tf")
    [duplicate] = template.diagnostics
    assert duplicate.code == "metadata-duplicate"
    assert (duplicate.span.line, duplicate.span.column) == (5, 10)
    assert template.metadata.text("name") == "first"


def test_terraform_without_tensor9_command_has_metadata_missing() -> None:
    template = load_named("without-metadata-resource.t9.tf")
    assert codes(template) == ["metadata-missing"]
    assert template.metadata.span is None
    assert [snippet.text for snippet in template.snippets] == ["df -h"]


def test_script_metadata_without_closing_marker_is_unterminated() -> None:
    template = load_named("metadata-without-closing-marker.t9.sh")
    assert where("metadata-without-closing-marker.t9.sh")[0] == ("metadata-unterminated", 2, 1)
    # bash would read the whole rest of the file as the heredoc: there is no body.
    assert template.script_body is not None
    assert template.script_body.text == ""


def test_script_unquoted_delimiter_is_reported_at_the_delimiter() -> None:
    template = load_named("metadata-with-unquoted-delimiter.t9.sh")
    [diagnostic] = template.diagnostics
    assert diagnostic.code == "metadata-delimiter-unquoted"
    assert diagnostic.span == Span(1, 5, 1, 12)
    assert template.metadata.text("name") == "metadata-with-unquoted-delimiter"


def test_script_command_before_metadata_is_reported_on_its_line() -> None:
    assert where("command-before-metadata.t9.sh") == [("metadata-not-first", 3, 1)]


def test_script_second_metadata_block_is_a_duplicate() -> None:
    template = load_named("two-metadata-blocks.t9.sh")
    assert where("two-metadata-blocks.t9.sh") == [("metadata-duplicate", 5, 1)]
    assert template.metadata.text("name") == "two-metadata-blocks"


def test_script_without_metadata_block_is_missing_and_all_body() -> None:
    template = load_named("without-metadata-block.t9.sh")
    assert codes(template) == ["metadata-missing"]
    assert template.script_body is not None
    assert template.script_body.text == "#!/bin/sh\necho hello\n"


def test_script_bash_syntax_error_points_at_the_unclosed_quote() -> None:
    assert where("bash-syntax-error-in-body.t9.sh") == [("shell-syntax", 5, 9)]


def test_script_metadata_hcl_errors_are_at_file_positions() -> None:
    found = where("metadata-with-hcl-error.t9.sh")
    assert found
    assert {code for code, _, _ in found} == {"hcl-syntax"}
    assert all(2 <= line <= 5 for _, line, _ in found)


def test_kubectl_line_that_is_not_kubectl() -> None:
    template = load_named("line-not-kubectl.t9.kubectl")
    [diagnostic] = template.diagnostics
    assert diagnostic.code == "kubectl-not-kubectl"
    assert diagnostic.span == Span(5, 1, 5, 5, diagnostic.span.start_byte, diagnostic.span.end_byte)
    assert template.kubectl[1].argv == ("helm", "list", "-A")


def test_kubectl_shell_operators_each_at_their_exact_column() -> None:
    assert where("shell-operators-in-kubectl.t9.kubectl") == [
        ("kubectl-shell-operator", 4, 18),
        ("kubectl-shell-operator", 5, 18),
        ("kubectl-shell-operator", 5, 27),
        ("kubectl-shell-operator", 5, 47),
        ("kubectl-shell-operator", 6, 26),
        ("kubectl-shell-operator", 6, 43),
        ("kubectl-shell-operator", 6, 46),
    ]


def test_kubectl_operator_inside_single_quotes_is_not_an_operator() -> None:
    template = load_text(
        "q.t9.kubectl", ": <<'TENSOR9'\nname = \"q\"\nTENSOR9\nkubectl get pods -l 'a|b;c>d'\n"
    )
    assert codes(template) == []
    assert template.kubectl[0].argv[-1] == "a|b;c>d"


def test_kubectl_unclosed_quote_is_a_syntax_diagnostic() -> None:
    assert where("unclosed-quote-in-kubectl.t9.kubectl") == [("kubectl-syntax", 4, 1)]


def test_empty_file_of_each_flavor_has_metadata_missing() -> None:
    for name in ("e.t9.tf", "e.t9.sh", "e.t9.kubectl"):
        template = load_bytes(Path(name), b"")
        assert codes(template) == ["metadata-missing"], name


def test_nul_byte_is_binary_content_at_its_position() -> None:
    template = load_bytes(Path("b.t9.tf"), b'resource "x" {\n  a = "\x00"\n}\n')
    [diagnostic] = template.diagnostics
    assert diagnostic.code == "binary-content"
    assert (diagnostic.span.line, diagnostic.span.column) == (2, 8)


def test_random_binary_file_never_parses_as_a_template() -> None:
    data = bytes(range(256)) * 4
    template = load_bytes(Path("blob.t9.sh"), data)
    assert "binary-content" in codes(template)
    assert not template.ok


def test_invalid_utf8_reports_each_sequence_with_line_and_column() -> None:
    data = b'resource "tensor9_command" "this" {\n  name = "a\xffb"\n  display = "\xc3"\n}\n'
    template = load_bytes(Path("u.t9.tf"), data)
    invalid = [d for d in template.diagnostics if d.code == "invalid-utf8"]
    assert [(d.span.line, d.span.column) for d in invalid] == [(2, 12), (3, 14)]
    assert "byte 47" in invalid[0].message
    # The rest still parses with replacement characters.
    assert template.metadata.text("name") == "a\ufffdb"


def test_bom_is_stripped_and_positions_do_not_count_it() -> None:
    text = 'resource "tensor9_command" "this" {\n  name = "bom"\n}\n'
    template = load_bytes(Path("bom.t9.tf"), b"\xef\xbb\xbf" + text.encode())
    assert codes(template) == []
    assert template.text == text
    field = template.metadata.get("name")
    assert field is not None
    assert (field.value_span.line, field.value_span.column) == (2, 10)


def test_crlf_line_ends_parse_and_columns_ignore_the_carriage_return() -> None:
    text = ": <<'TENSOR9'\r\nname = \"crlf\"\r\nTENSOR9\r\nkubectl get pods -n ${NS}\r\n"
    template = load_bytes(Path("c.t9.kubectl"), text.encode())
    assert codes(template) == []
    assert template.metadata.text("name") == "crlf"
    [invocation] = template.kubectl
    assert invocation.argv == ("kubectl", "get", "pods", "-n", "${NS}")
    assert invocation.span.end_column == 26


def test_crlf_heredoc_value_has_no_carriage_returns() -> None:
    text = 'resource "tensor9_command" "this" {\r\n  example_output = <<EOT\r\na\r\nEOT\r\n}\r\n'
    template = load_bytes(Path("c.t9.tf"), text.encode())
    assert template.metadata.text("example_output") == "a\n"


def test_file_over_the_cap_is_too_large_and_not_parsed() -> None:
    data = b"# " + b"x" * (10 * 1024 * 1024) + b"\n"
    template = load_bytes(Path("big.t9.tf"), data)
    assert codes(template) == ["file-too-large"]
    assert template.blocks == ()
    assert len(template.content_sha256) == 64


def test_file_just_under_the_cap_is_parsed() -> None:
    line = b"# padding padding padding padding padding padding padding\n"
    data = line * (MAX_TEMPLATE_BYTES // len(line) - 1)
    template = load_bytes(Path("big.t9.tf"), data)
    assert codes(template) == ["metadata-missing"]


def test_unknown_extension_is_a_warning_and_still_loads() -> None:
    template = load_text("odd.tf", 'resource "tensor9_command" "this" {\n  name = "x"\n}\n')
    [diagnostic] = template.diagnostics
    assert diagnostic.code == "not-a-template-name"
    assert diagnostic.severity is Severity.WARNING
    assert template.ok


@pytest.mark.parametrize(
    "opener", [": <<'TENSOR9'", ': <<"TENSOR9"', ": << 'TENSOR9'", ":<<'TENSOR9'"]
)
def test_quoted_openers_are_accepted(opener: str) -> None:
    template = load_text("o.t9.sh", f'{opener}\nname = "o"\nTENSOR9\necho hi\n')
    assert codes(template) == []
    assert template.metadata.text("name") == "o"


def test_diagnostics_have_messages_and_hints() -> None:
    for name in (
        "unterminated-heredoc.t9.tf",
        "metadata-without-closing-marker.t9.sh",
        "line-not-kubectl.t9.kubectl",
        "shell-operators-in-kubectl.t9.kubectl",
    ):
        for diagnostic in load_named(name).diagnostics:
            assert diagnostic.message
            assert diagnostic.hint
            assert diagnostic.code == diagnostic.code.lower()
            assert " " not in diagnostic.code


def test_many_undecodable_or_control_bytes_without_nul_are_binary_content() -> None:
    template = load_bytes(Path("noise.t9.sh"), bytes(range(1, 256)) * 4)
    assert codes(template) == ["binary-content"]


def test_a_few_stray_control_characters_do_not_make_text_binary() -> None:
    template = load_text(
        "ctl.t9.sh", ': <<\'TENSOR9\'\nname = "ctl"\nTENSOR9\necho "\x1b[1mbold\x1b[0m"\n'
    )
    assert "binary-content" not in codes(template)
    assert template.script_body is not None


def test_an_unexpected_failure_inside_a_parser_becomes_a_diagnostic(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from cmdlib.flavors import terraform

    def explode(_source: object) -> object:
        raise RecursionError("too deep")

    monkeypatch.setattr(terraform, "parse_terraform", explode)
    template = load_text("x.t9.tf", 'resource "tensor9_command" "this" {}\n')
    assert codes(template) == ["loader-internal-error"]
    assert "RecursionError" in template.diagnostics[0].message
    assert not template.ok


def test_deeply_nested_blocks_are_a_diagnostic_not_a_crash() -> None:
    template = load_text("deep.t9.tf", "a {\n" * 2000 + "}\n" * 2000)
    assert "hcl-too-deep" in codes(template)
    assert "loader-internal-error" not in codes(template)


def test_deeply_nested_values_are_read_to_the_limit_then_kept_as_expression() -> None:
    nested = "[" * 3000 + "]" * 3000
    text = f'resource "tensor9_command" "this" {{\n  x = {nested}\n}}\n'
    template = load_text("deep.t9.tf", text)
    assert codes(template) == []
    value = template.metadata.fields["x"].value
    for _ in range(10):
        assert isinstance(value, tuple)
        value = value[0]


def test_deeply_nested_conditional_command_is_bounded() -> None:
    depth = 2000
    command = "var.A ? (" * depth + '"x"' + ') : "y"' * depth
    template = load_text(
        "deep.t9.tf",
        f'resource "r" "x" {{\n  provisioner "local-exec" {{\n    command = {command}\n  }}\n}}\n',
    )
    assert "loader-internal-error" not in codes(template)
    assert 0 < len(template.snippets) < 100


@pytest.mark.parametrize(
    ("name", "prefix", "suffix"),
    [
        ("d.t9.tf", 'resource "tensor9_command" "this" {\n  name = "d"\n}\n', ""),
        ("d.t9.sh", ": <<'TENSOR9'\nname = \"d\"\n", "TENSOR9\necho\n"),
    ],
)
def test_a_variable_declared_twice_is_reported_at_the_second(
    name: str, prefix: str, suffix: str
) -> None:
    variables = 'variable "X" {\n  type = string\n}\nvariable "X" {\n  type = number\n}\n'
    template = load_text(name, prefix + variables + suffix)
    [diagnostic] = template.diagnostics
    assert diagnostic.code == "variable-duplicate"
    assert diagnostic.span.line == prefix.count("\n") + 4
    assert diagnostic.span.column == 10
