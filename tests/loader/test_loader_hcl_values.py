"""HCL values, strings, heredocs and their positions, one rule at a time."""

from __future__ import annotations

import pytest
from loader_support import codes, load_named, load_text

from cmdlib.model import Attribute, Expression, Span, Template


def metadata_template(body: str) -> Template:
    return load_text("v.t9.tf", f'resource "tensor9_command" "this" {{\n{body}\n}}\n')


def attribute(template: Template, name: str) -> Attribute:
    found = template.blocks[0].attribute(name)
    assert found is not None, name
    return found


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ('"plain"', "plain"),
        ('"tab\\there"', "tab\there"),
        ('"say \\"hi\\""', 'say "hi"'),
        ('"back\\\\slash"', "back\\slash"),
        ('"\\u00e9\\U0001F600"', "é😀"),
        ('"$${HOME} and %%{x}"', "${HOME} and %{x}"),
        ("42", 42),
        ("-7", -7),
        ("0.5", 0.5),
        ("true", True),
        ("false", False),
        ("null", None),
        ('["a", 1]', ("a", 1)),
        ("[]", ()),
        ('{ a = 1, "b c" = "d" }', {"a": 1, "b c": "d"}),
    ],
)
def test_literals_become_python_values(written: str, value: object) -> None:
    template = metadata_template(f"  x = {written}")
    assert codes(template) == []
    assert attribute(template, "x").value == value
    assert attribute(template, "x").source == written


@pytest.mark.parametrize(
    "written",
    [
        "var.X",
        "string",
        "timestamp()",
        "1 + 2",
        "var.A ? 1 : 2",
        '"a-${var.X}"',
        '"%{ if true }x%{ endif }"',
        "-var.X",
        "(1)",
    ],
)
def test_non_literals_stay_expressions_with_their_source(written: str) -> None:
    template = metadata_template(f"  x = {written}")
    assert codes(template) == []
    assert attribute(template, "x").value == Expression(written)


def test_an_expression_inside_a_list_stays_an_expression() -> None:
    template = metadata_template('  x = ["a", var.B]')
    assert attribute(template, "x").value == ("a", Expression("var.B"))


@pytest.mark.parametrize("written", ['"a\\qb"', '"a \\u12"'])
def test_invalid_escape_is_a_syntax_error_at_the_string(written: str) -> None:
    template = metadata_template(f"  x = {written}")
    first = template.diagnostics[0]
    assert (first.code, first.span.line) == ("hcl-syntax", 2)
    assert 7 <= first.span.column < 7 + len(written)


def test_flush_heredoc_strips_the_smallest_indentation_and_keeps_blank_lines() -> None:
    template = metadata_template("  x = <<-EOT\n    one\n      two\n\n    three\n  EOT")
    found = attribute(template, "x")
    assert found.value == "one\n  two\n\nthree\n"
    assert found.is_heredoc


def test_plain_heredoc_keeps_indentation_and_decodes_no_backslash() -> None:
    template = metadata_template('  x = <<EOT\n  a \\n "b"\n$${c}\nEOT')
    assert attribute(template, "x").value == '  a \\n "b"\n${c}\n'


def test_interpolated_heredoc_is_an_expression_with_interpolation_spans() -> None:
    template = metadata_template("  x = <<-EOT\n    echo ${var.A}\n  EOT")
    found = attribute(template, "x")
    assert found.value == Expression("<<-EOT\n    echo ${var.A}\n  EOT")
    [interpolation] = found.interpolations
    assert interpolation.source == "var.A"
    assert interpolation.variable == "A"
    assert (interpolation.span.line, interpolation.span.column) == (3, 10)
    assert (interpolation.span.end_line, interpolation.span.end_column) == (3, 18)


def test_strip_markers_and_non_variable_interpolations() -> None:
    template = metadata_template('  x = "${~ var.A ~}${upper(var.B)}"')
    first, second = attribute(template, "x").interpolations
    assert (first.source, first.variable) == ("var.A", "A")
    assert (second.source, second.variable) == ("upper(var.B)", None)


def test_columns_count_code_points_not_bytes() -> None:
    template = metadata_template('  é = "ü"\n  after = "ß${var.Ω}"')
    after = attribute(template, "after")
    assert after.name_span == Span(3, 3, 3, 8, after.name_span.start_byte, after.name_span.end_byte)
    [interpolation] = after.interpolations
    assert (interpolation.span.column, interpolation.span.end_column) == (13, 21)
    assert interpolation.variable == "Ω"
    # Byte offsets are into the UTF-8 text.
    data = template.text.encode()
    assert data[interpolation.span.start_byte : interpolation.span.end_byte] == "${var.Ω}".encode()


def test_block_labels_comments_and_nested_blocks_have_spans() -> None:
    template = load_named("disk-usage.t9.tf")
    resource = template.blocks[3]
    assert (resource.type, resource.labels) == ("resource", ("tensor9_command", "this"))
    assert resource.label_spans[0] == Span(21, 10, 21, 27, resource.label_spans[0].start_byte,
                                           resource.label_spans[0].end_byte)  # fmt: skip
    [comment] = resource.comments
    assert comment.text == 't9: permissions = "ReadOnly"'
    assert (comment.span.line, comment.span.column) == (28, 3)
    runner = template.blocks[4]
    [provisioner] = runner.children("provisioner")
    assert provisioner.labels == ("local-exec",)


def test_permissions_comment_value_span_is_the_quoted_tier() -> None:
    template = load_named("disk-usage.t9.tf")
    field = template.metadata.get("permissions")
    assert field is not None
    line = template.lines[field.value_span.line - 1]
    assert line[field.value_span.column - 1 : field.value_span.end_column - 1] == '"ReadOnly"'
    data = template.text.encode()
    assert data[field.value_span.start_byte : field.value_span.end_byte] == b'"ReadOnly"'


def test_permissions_attribute_wins_over_the_comment() -> None:
    template = metadata_template('  permissions = "Admin"\n  # t9: permissions = "ReadOnly"')
    assert template.metadata.text("permissions") == "Admin"


def test_a_comment_that_is_not_the_permissions_marker_is_ignored() -> None:
    template = metadata_template('  # permissions = "ReadOnly"\n  # t9: permission = "Admin"')
    assert template.metadata.get("permissions") is None


def test_variable_fields_and_validation() -> None:
    template = load_named("values-of-every-kind.t9.tf")
    region = template.variable("REGION")
    count = template.variable("COUNT")
    assert region is not None
    assert count is not None
    assert (region.type, region.default, region.has_default) == ("string", "eu-west-1", True)
    assert (count.type, count.default) == ("number", 3)
    [validation] = count.validations
    assert validation.condition == "var.COUNT >= 1 && var.COUNT <= 10"
    assert validation.error_message == "COUNT must be between 1 and 10."
    line = template.lines[validation.condition_span.line - 1]
    start, end = validation.condition_span.column - 1, validation.condition_span.end_column - 1
    assert line[start:end] == validation.condition


def test_variable_without_default_has_no_default() -> None:
    template = load_text("n.t9.tf", 'variable "X" {\n  type = "string"\n}\n')
    [variable] = template.variables
    assert (variable.has_default, variable.default, variable.type) == (False, None, "string")
    assert variable.description is None


@pytest.mark.parametrize("written", ["1" * 5000, "1" * 400 + ".5"])
def test_numbers_python_cannot_hold_exactly_stay_expressions(written: str) -> None:
    template = metadata_template(f"  x = {written}")
    assert attribute(template, "x").value == Expression(written)


def test_an_attribute_set_twice_is_reported_at_the_second_and_the_first_is_kept() -> None:
    template = metadata_template('  name = "one"\n  display = "d"\n  name = "two"')
    [diagnostic] = template.diagnostics
    assert diagnostic.code == "hcl-duplicate-attribute"
    assert (diagnostic.span.line, diagnostic.span.column) == (4, 3)
    assert "line 2" in diagnostic.message
    assert template.metadata.text("name") == "one"


def test_the_same_attribute_in_two_blocks_is_not_a_duplicate() -> None:
    template = load_text(
        "two.t9.tf",
        'resource "tensor9_command" "this" {\n  name = "a"\n}\n'
        'resource "null_resource" "b" {\n  name = "b"\n}\n',
    )
    assert codes(template) == []
