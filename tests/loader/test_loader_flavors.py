"""The happy path of each flavor: metadata, variables, snippets and their exact spans."""

from __future__ import annotations

from pathlib import Path

import pytest
from loader_support import TEMPLATES, codes, load_named, load_text

from cmdlib.errors import TemplateNotFound
from cmdlib.loader import is_template_path, load_bytes, load_file
from cmdlib.model import Expression, Flavor, Span


def test_terraform_template_gives_metadata_variables_and_local_exec_snippet() -> None:
    template = load_named("disk-usage.t9.tf")
    assert template.flavor is Flavor.TERRAFORM
    assert template.diagnostics == ()
    assert template.metadata.text("name") == "disk-usage"
    assert template.metadata.tags("data_access") == ("Storage",)
    assert template.metadata.tags("side_effects") == ()
    assert template.metadata.text("permissions") == "ReadOnly"
    assert template.metadata.text("example_output") == (
        "Filesystem      Size  Used Avail Use% Mounted on\n"
        "/dev/nvme0n1p1   50G   21G   29G  42% /\n"
    )
    [variable] = template.variables
    assert (variable.name, variable.type, variable.default) == ("MOUNT_PREFIX", "string", "/")
    assert variable.name_span == Span(11, 10, 11, 24, 156, 170)
    [validation] = variable.validations
    assert validation.condition == 'startswith(var.MOUNT_PREFIX, "/")'
    assert validation.condition_span.line == 16
    assert validation.condition_span.column == 21
    [snippet] = template.snippets
    assert snippet.origin == "local-exec"
    assert snippet.block == "null_resource.df"
    assert snippet.text == "df -h | awk -v p=\"${var.MOUNT_PREFIX}\" 'NR==1 || index($6, p) == 1'"
    [interpolation] = snippet.interpolations
    assert interpolation.variable == "MOUNT_PREFIX"
    assert (interpolation.span.line, interpolation.span.column) == (37, 35)


def test_terraform_snippet_offsets_land_on_the_file_column_through_escapes() -> None:
    template = load_named("disk-usage.t9.tf")
    [snippet] = template.snippets
    line = template.lines[36]
    for index, char in enumerate(snippet.text):
        row, column = snippet.position(index)
        assert row == 37
        written = line[column - 1]
        assert written == char or (char == '"' and written == "\\")


def test_script_template_gives_metadata_body_and_shell_references() -> None:
    template = load_named("restart-service.t9.sh")
    assert template.flavor is Flavor.SCRIPT
    assert template.diagnostics == ()
    assert template.metadata.text("permissions") == "ReadWrite"
    assert template.metadata.span == Span(2, 1, 18, 8, 20, 511)
    assert template.variable("SERVICE") is not None
    body = template.script_body
    assert body is not None
    assert body.text.startswith("set -euo pipefail\n")
    assert body.span.line == 19
    assert template.snippets == (body,)
    references = [(i.source, i.variable, i.span.line, i.span.column) for i in body.interpolations]
    assert references == [("SERVICE", "SERVICE", 20, 20), ("SERVICE", "SERVICE", 21, 30)]


def test_kubectl_template_gives_one_invocation_per_logical_line() -> None:
    template = load_named("list-pods.t9.kubectl")
    assert template.flavor is Flavor.KUBECTL
    assert template.diagnostics == ()
    assert [invocation.argv for invocation in template.kubectl] == [
        ("kubectl", "get", "pods", "-n", "${NAMESPACE}", "-o", "wide"),
        ("kubectl", "get", "events", "--namespace=${NAMESPACE}", "--sort-by=.lastTimestamp"),
    ]
    second = template.kubectl[1]
    assert (second.span.line, second.span.end_line) == (15, 17)
    [reference] = second.interpolations
    assert (reference.variable, reference.span.line, reference.span.column) == ("NAMESPACE", 16, 15)
    assert len(template.snippets) == 2


def test_content_hash_is_of_the_raw_bytes() -> None:
    import hashlib

    raw = (TEMPLATES / "disk-usage.t9.tf").read_bytes()
    assert load_named("disk-usage.t9.tf").content_sha256 == hashlib.sha256(raw).hexdigest()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a.t9.tf", True),
        ("a.tensor9.sh", True),
        ("a.t9.kubectl", True),
        ("a.tf", False),
        (".t9.tf", False),
        ("a.t9.tf.bak", False),
    ],
)
def test_is_template_path_knows_the_six_extensions(name: str, expected: bool) -> None:
    assert is_template_path(Path(name)) is expected


def test_load_file_raises_template_not_found_for_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(TemplateNotFound):
        load_file(tmp_path / "absent.t9.tf")


def test_load_file_raises_template_not_found_for_a_directory(tmp_path: Path) -> None:
    folder = tmp_path / "dir.t9.tf"
    folder.mkdir()
    with pytest.raises(TemplateNotFound):
        load_file(folder)


def test_interpolated_string_is_an_expression_not_a_string() -> None:
    template = load_text(
        "x.t9.tf",
        'resource "tensor9_command" "this" {\n  name = "a-${var.X}"\n}\n',
    )
    assert template.metadata.get("name") is not None
    assert template.metadata.fields["name"].value == Expression('"a-${var.X}"')
    assert codes(template) == []


@pytest.mark.parametrize(
    "where",
    ["first", "last", "only"],
)
def test_permissions_comment_is_read_wherever_it_sits_in_the_block(where: str) -> None:
    comment = '  # t9: permissions = "Admin"\n'
    name = '  name = "abc"\n'
    body = {"first": comment + name, "last": name + comment, "only": comment}[where]
    source = f'resource "tensor9_command" "this" {{\n{body}}}\n'.encode()
    template = load_bytes(Path("x/abc.t9.tf"), source)
    assert template.metadata.text("permissions") == "Admin"
    permissions = template.metadata.get("permissions")
    assert permissions is not None
    assert permissions.span.line == (2 if where != "last" else 3)


def test_a_permissions_comment_outside_the_metadata_block_is_not_read() -> None:
    source = (
        b'# t9: permissions = "Admin"\n'
        b'resource "tensor9_command" "this" {\n  name = "abc"\n}\n'
        b'resource "null_resource" "x" {\n  # t9: permissions = "Admin"\n}\n'
    )
    assert load_bytes(Path("x/abc.t9.tf"), source).metadata.get("permissions") is None
