"""Whole templates through the real loader: every flavor, Terraform blocks, the library."""

from __future__ import annotations

from pathlib import Path

import pytest

from cmdlib.effects import Tier, classify_template, covers, required_permission
from cmdlib.loader import load_bytes
from cmdlib.model import Template
from cmdlib.naming import find_templates

LIBRARY = Path(__file__).resolve().parents[2] / "cmdlib" / "library"

TF_HEAD = """terraform {
  required_providers {
    tensor9 = { source = "tensor9/tensor9", version = "~> 2.41" }
  }
}
provider "tensor9" { mode = "ops" }
resource "tensor9_command" "this" {
  name        = "example"
  display     = "Example"
  description = "Example template."
  data_access = ["Infrastructure"]
}
"""


def load(name: str, text: str) -> Template:
    return load_bytes(Path(name), text.encode())


def tf(body: str) -> Template:
    return load("example.t9.tf", TF_HEAD + body)


def test_both_branches_of_an_hcl_conditional_are_classified() -> None:
    template = tf(
        'variable "FORCE" {\n  type = bool\n}\n'
        'resource "null_resource" "x" {\n  provisioner "local-exec" {\n'
        '    command = var.FORCE ? "rm -rf /srv/cache" : "ls /srv/cache"\n  }\n}\n'
    )
    effects = classify_template(template)
    tiers = {step.argv0: step.tier for step in effects.steps}
    assert tiers == {"rm": Tier.DESTRUCTIVE, "ls": Tier.READ_ONLY}
    assert effects.tier is Tier.DESTRUCTIVE


def test_local_exec_interpolations_are_dynamic_words_not_syntax_errors() -> None:
    template = tf(
        'variable "UNIT" {\n  type = string\n}\n'
        'resource "null_resource" "x" {\n  provisioner "local-exec" {\n'
        '    command = "systemctl status \\"${var.UNIT}\\" && journalctl -u ${var.UNIT}"\n'
        "  }\n}\n"
    )
    effects = classify_template(template)
    assert effects.tier is Tier.READ_ONLY
    assert [step.argv0 for step in effects.steps] == ["systemctl", "journalctl"]
    assert effects.steps[0].words[2] == '"${var.UNIT}"'


def test_interpolated_command_word_is_unknown() -> None:
    template = tf(
        'variable "TOOL" {\n  type = string\n}\n'
        'resource "null_resource" "x" {\n  provisioner "local-exec" {\n'
        '    command = "${var.TOOL} --version"\n  }\n}\n'
    )
    assert classify_template(template).tier is Tier.UNKNOWN


def test_interpolated_kubectl_kind_to_delete_is_destructive() -> None:
    template = tf(
        'variable "KIND" {\n  type = string\n}\n'
        'resource "null_resource" "x" {\n  provisioner "local-exec" {\n'
        '    command = "kubectl delete ${var.KIND} web"\n  }\n}\n'
    )
    assert classify_template(template).tier is Tier.DESTRUCTIVE


def test_local_exec_step_span_points_into_the_hcl_string() -> None:
    template = tf(
        'resource "null_resource" "x" {\n  provisioner "local-exec" {\n'
        '    command = "uptime && systemctl restart nginx"\n  }\n}\n'
    )
    step = classify_template(template).first_changing()
    assert step is not None
    line = template.lines[step.span.line - 1]
    assert line[step.span.column - 1 :].startswith("systemctl restart nginx")


def test_managed_provider_resources_are_mutating() -> None:
    template = tf('resource "aws_ebs_snapshot" "s" {\n  volume_id = "vol-1"\n}\n')
    effects = classify_template(template)
    assert effects.tier is Tier.MUTATING
    assert "aws_ebs_snapshot" in effects.steps[0].reason


def test_data_and_output_blocks_are_read_only() -> None:
    template = tf(
        'data "aws_instances" "all" {}\noutput "ids" {\n  value = data.aws_instances.all.ids\n}\n'
    )
    effects = classify_template(template)
    assert effects.tier is Tier.READ_ONLY
    assert effects.first_changing() is None


def test_external_data_source_runs_a_program_and_is_unknown() -> None:
    template = tf('data "external" "x" {\n  program = ["sh", "x.sh"]\n}\n')
    assert classify_template(template).tier is Tier.UNKNOWN


def test_null_resource_and_terraform_data_have_no_effect_of_their_own() -> None:
    template = tf('resource "null_resource" "a" {}\nresource "terraform_data" "b" {}\n')
    assert classify_template(template).tier is Tier.READ_ONLY


def test_local_file_resource_writes_a_file() -> None:
    template = tf('resource "local_file" "f" {\n  filename = "/tmp/x"\n  content = "x"\n}\n')
    assert classify_template(template).tier is Tier.MUTATING


SCRIPT = """#!/usr/bin/env bash
: <<'TENSOR9'
name        = "example"
display     = "Example"
description = "Example template."
data_access = ["Infrastructure"]
TENSOR9
set -euo pipefail
{body}
"""


def test_script_body_is_classified_with_file_lines() -> None:
    template = load("example.t9.sh", SCRIPT.format(body='systemctl restart "$SERVICE"'))
    step = classify_template(template).first_changing()
    assert step is not None and step.span.line == 9 and step.argv0 == "systemctl"


def test_metadata_heredoc_of_a_script_is_not_a_step() -> None:
    template = load("example.t9.sh", SCRIPT.format(body="uptime"))
    assert [step.argv0 for step in classify_template(template).steps] == ["set", "uptime"]


KUBECTL = """: <<'TENSOR9'
name        = "example"
display     = "Example"
description = "Example template."
data_access = ["Infrastructure"]
TENSOR9
{body}
"""


def test_kubectl_lines_with_placeholders_are_classified() -> None:
    template = load(
        "example.t9.kubectl",
        KUBECTL.format(body="kubectl get pods -n ${NS}\nkubectl delete pod ${POD} -n ${NS}"),
    )
    effects = classify_template(template)
    assert [step.tier for step in effects.steps] == [Tier.READ_ONLY, Tier.MUTATING]
    assert effects.steps[1].span.line == 8


def test_template_that_does_not_load_is_unknown() -> None:
    template = load("example.t9.tf", 'resource "tensor9_command" "this" {\n  name = "x"\n')
    assert not template.ok
    assert classify_template(template).tier is Tier.UNKNOWN


@pytest.mark.parametrize("path", find_templates(LIBRARY), ids=lambda p: str(p.relative_to(LIBRARY)))
def test_every_bundled_template_classifies_without_unknown(path: Path) -> None:
    template = load_bytes(path, path.read_bytes())
    effects = classify_template(template)
    unknown = [step for step in effects.steps if step.tier is Tier.UNKNOWN]
    assert not unknown, [step.reason for step in unknown]


def test_the_library_is_there_to_be_checked() -> None:
    assert len(find_templates(LIBRARY)) >= 20


def test_literal_shell_c_with_interpolations_is_parsed_with_dynamic_holes() -> None:
    template = tf(
        'variable "DIR" {\n  type = string\n}\n'
        'resource "null_resource" "x" {\n  provisioner "local-exec" {\n'
        "    command = \"sh -c 'du -sh ${var.DIR} && ls ${var.DIR}'\"\n  }\n}\n"
    )
    effects = classify_template(template)
    assert effects.tier is Tier.READ_ONLY
    assert [step.argv0 for step in effects.steps] == ["du", "ls"]
    line = template.lines[effects.steps[1].span.line - 1]
    assert line[effects.steps[1].span.column - 1 :].startswith("ls ${var.DIR}")


def test_interpolated_verb_inside_shell_c_fails_closed() -> None:
    template = tf(
        'variable "ACTION" {\n  type = string\n}\n'
        'resource "null_resource" "x" {\n  provisioner "local-exec" {\n'
        "    command = \"bash -c 'systemctl ${var.ACTION} nginx'\"\n  }\n}\n"
    )
    step = classify_template(template).steps[0]
    assert step.tier is Tier.UNKNOWN
    assert "${var.ACTION}" in step.reason


def test_kubectl_exec_shell_c_with_placeholders_is_classified() -> None:
    body = "kubectl exec ${POD} -n ${NS} -- sh -c 'kill -HUP $(cat /run/${APP}.pid)'"
    template = load("example.t9.kubectl", KUBECTL.format(body=body))
    effects = classify_template(template)
    assert effects.tier is Tier.MUTATING
    kill = next(step for step in effects.steps if step.argv0 == "kill")
    assert "kubectl exec > sh -c" in kill.reason
    assert template.lines[6][kill.span.column - 1 :].startswith("kill -HUP")


def test_heredoc_script_steps_point_at_their_own_lines() -> None:
    template = load(
        "example.t9.sh",
        SCRIPT.format(body="bash <<'EOF'\nuptime\nrm -rf /srv/cache\nEOF"),
    )
    rm = next(step for step in classify_template(template).steps if step.argv0 == "rm")
    assert (rm.span.line, rm.span.column) == (11, 1)


def test_local_exec_with_a_shell_interpreter_is_classified_as_shell() -> None:
    template = tf(
        'resource "null_resource" "x" {\n  provisioner "local-exec" {\n'
        '    interpreter = ["/bin/bash", "-c"]\n    command = "uptime"\n  }\n}\n'
    )
    assert classify_template(template).tier is Tier.READ_ONLY


def test_local_exec_with_another_interpreter_is_unknown() -> None:
    template = tf(
        'resource "null_resource" "x" {\n  provisioner "local-exec" {\n'
        '    interpreter = ["python3", "-c"]\n    command = "print(1)"\n  }\n}\n'
    )
    effects = classify_template(template)
    assert effects.tier is Tier.UNKNOWN
    assert any("python3" in step.reason for step in effects.steps)


def test_remote_exec_provisioner_is_unknown() -> None:
    template = tf(
        'resource "null_resource" "x" {\n  provisioner "remote-exec" {\n'
        '    inline = ["uptime"]\n  }\n}\n'
    )
    assert classify_template(template).tier is Tier.UNKNOWN


@pytest.mark.parametrize(
    ("body", "needed"),
    [("uptime", "ReadOnly"), ('systemctl restart "$X"', "ReadWrite"), ("reboot", "Admin")],
)
def test_required_permission_follows_the_tier(body: str, needed: str) -> None:
    template = load("example.t9.sh", SCRIPT.format(body=body))
    assert required_permission(template) == needed


@pytest.mark.parametrize(
    ("granted", "needed", "expected"),
    [
        ("Admin", "ReadWrite", True),
        ("ReadWrite", "ReadWrite", True),
        ("ReadOnly", "ReadOnly", True),
        ("ReadOnly", "ReadWrite", False),
        ("ReadWrite", "Admin", False),
        ("Root", "ReadOnly", False),
        ("ReadWrite", "Sudo", False),
    ],
)
def test_covers_compares_tiers_and_rejects_unknown_names(
    granted: str, needed: str, expected: bool
) -> None:
    assert covers(granted, needed) is expected
