"""Each library check fails on a template that breaks it (so a clean library means something)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from library_checks import (
    ALL_CHECKS,
    effect_problems,
    metadata_problems,
    script_problems,
    shellcheck_problems,
    terraform_problems,
    text_problems,
    variable_problems,
)

from cmdlib.loader import load_bytes
from cmdlib.model import Template

Check = Callable[[Template], list[str]]

GOOD_SCRIPT = """\
#!/usr/bin/env bash
: <<'TENSOR9'
name         = "restart-service"
display      = "Restart a systemd service"
description  = "Restarts the systemd service SERVICE with systemctl restart and shows its status."
data_access  = ["Infrastructure"]
side_effects = ["service-restart"]
permissions  = "ReadWrite"

variable "SERVICE" {
  type        = string
  description = "systemd service to restart"
  default     = "nginx.service"
  validation {
    condition     = can(regex("^[a-z0-9@._-]{1,64}$", var.SERVICE))
    error_message = "SERVICE must be a unit name."
  }
}
TENSOR9
set -euo pipefail
systemctl restart "$SERVICE"
systemctl status --no-pager "$SERVICE"
"""

GOOD_KUBECTL = """\
: <<'TENSOR9'
name        = "list-pods"
display     = "List pods"
description = "Lists the pods of NAMESPACE with their phase and node. Read-only."
data_access = ["Infrastructure"]
permissions = "ReadOnly"

variable "NAMESPACE" {
  type        = string
  description = "Kubernetes namespace"
  validation {
    condition     = can(regex("^[a-z0-9-]{1,63}$", var.NAMESPACE))
    error_message = "NAMESPACE must be a DNS label."
  }
}
TENSOR9
kubectl get pods -n ${NAMESPACE} -o wide
"""

GOOD_TERRAFORM = """\
terraform {
  required_providers {
    tensor9 = {
      source  = "tensor9/tensor9"
      version = "~> 2.41"
    }
  }
}

provider "tensor9" {
  mode = "ops"
}

variable "MOUNT_PATH" {
  type        = string
  description = "Mount point to report on"
  default     = "/"
  validation {
    condition     = can(regex("^/[A-Za-z0-9._/-]*$", var.MOUNT_PATH))
    error_message = "MOUNT_PATH must be an absolute path."
  }
}

resource "tensor9_command" "this" {
  name        = "disk-usage"
  # t9: permissions = "ReadOnly"
  display     = "Disk usage"
  description = "Shows used and free space of the filesystem holding MOUNT_PATH. Read-only."
  data_access = ["Storage"]
}

resource "terraform_data" "df" {
  provisioner "local-exec" {
    command = "df -hP ${var.MOUNT_PATH}"
  }
}
"""


def _script(text: str = GOOD_SCRIPT, name: str = "restart-service") -> Template:
    return load_bytes(Path(f"linux/{name}.t9.sh"), text.encode())


def _kubectl(text: str = GOOD_KUBECTL) -> Template:
    return load_bytes(Path("k8s/list-pods.t9.kubectl"), text.encode())


def _terraform(text: str = GOOD_TERRAFORM) -> Template:
    return load_bytes(Path("linux/disk-usage.t9.tf"), text.encode())


def _replace(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new)


@pytest.mark.parametrize("template", [_script, _kubectl, _terraform], ids=lambda f: f.__name__)
@pytest.mark.parametrize("check", ALL_CHECKS, ids=lambda check: check.__name__)
def test_the_good_examples_pass_every_check(template: Callable[[], Template], check: Check) -> None:
    assert check(template()) == []


def _problems(check: Check, template: Template) -> str:
    found = check(template)
    assert found, f"{check.__name__} found nothing"
    return "\n".join(found)


def test_name_that_differs_from_the_stem_is_flagged() -> None:
    assert "must equal the stem" in _problems(metadata_problems, _script(name="restart"))


def test_read_only_description_without_read_only_is_flagged() -> None:
    text = _replace(GOOD_KUBECTL, "phase and node. Read-only.", "phase and the node it runs on.")
    assert "must say 'Read-only.'" in _problems(metadata_problems, _kubectl(text))


def test_mutating_description_claiming_read_only_is_flagged() -> None:
    text = _replace(GOOD_SCRIPT, "shows its status.", "shows its status. Read-only.")
    assert "must not claim read-only" in _problems(metadata_problems, _script(text))


def test_data_access_outside_the_vocabulary_is_flagged() -> None:
    text = _replace(GOOD_SCRIPT, '["Infrastructure"]', '["logs"]')
    assert "data_access" in _problems(metadata_problems, _script(text))


def test_side_effect_that_is_not_kebab_case_is_flagged() -> None:
    text = _replace(GOOD_SCRIPT, '["service-restart"]', '["Service_Restart"]')
    assert "not kebab-case" in _problems(metadata_problems, _script(text))


def test_missing_permissions_is_flagged() -> None:
    text = _replace(GOOD_SCRIPT, 'permissions  = "ReadWrite"\n', "")
    assert "permissions None" in _problems(metadata_problems, _script(text))


def test_short_description_is_flagged() -> None:
    text = _replace(GOOD_KUBECTL, "Lists the pods of NAMESPACE with their phase and node. ", "")
    assert "not 40 to 400" in _problems(metadata_problems, _kubectl(text))


def test_mutating_body_without_side_effects_is_flagged() -> None:
    text = _replace(GOOD_SCRIPT, 'side_effects = ["service-restart"]\n', "")
    assert "side_effects is []" in _problems(effect_problems, _script(text))


def test_permissions_above_what_the_body_needs_are_flagged() -> None:
    text = _replace(GOOD_KUBECTL, '"ReadOnly"', '"ReadWrite"')
    assert "needs exactly 'ReadOnly'" in _problems(effect_problems, _kubectl(text))


def test_a_command_the_classifier_does_not_know_is_flagged() -> None:
    text = _replace(GOOD_SCRIPT, "systemctl status --no-pager", "frobnicate --no-pager")
    assert "cannot classify `frobnicate`" in _problems(effect_problems, _script(text))


def test_unpinned_provider_is_flagged() -> None:
    text = _replace(GOOD_TERRAFORM, '"~> 2.41"', '">= 2.0"')
    assert "required_providers.tensor9" in _problems(terraform_problems, _terraform(text))


def test_provider_without_ops_mode_is_flagged() -> None:
    text = _replace(GOOD_TERRAFORM, '  mode = "ops"\n', "")
    assert 'mode = "ops"' in _problems(terraform_problems, _terraform(text))


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("  provisioner", '  for_each = toset(["a"])\n\n  provisioner', "no for_each"),
        ("  provisioner", "  triggers = { x = 1 }\n\n  provisioner", "no triggers"),
        ('"df -hP ${var.MOUNT_PATH}"', '"df -hP ${var.MOUNT_PATH} ${timestamp()}"', "timestamp"),
        (
            '"df -hP ${var.MOUNT_PATH}"',
            "<<-EOT\n      df -hP ${var.MOUNT_PATH}\n    EOT",
            "one line per local-exec step",
        ),
    ],
)
def test_terraform_review_hazards_are_flagged(old: str, new: str, expected: str) -> None:
    text = _replace(GOOD_TERRAFORM, old, new)
    assert expected in _problems(terraform_problems, _terraform(text))


def test_a_second_metadata_resource_is_flagged() -> None:
    text = GOOD_TERRAFORM + 'resource "tensor9_command" "other" {\n  name = "x"\n}\n'
    assert "exactly one" in _problems(terraform_problems, _terraform(text))


def test_unused_variable_is_flagged() -> None:
    text = _replace(GOOD_SCRIPT, 'systemctl status --no-pager "$SERVICE"', "systemctl --failed")
    text = _replace(text, 'systemctl restart "$SERVICE"', "systemctl daemon-reload")
    assert "SERVICE is declared but never used" in _problems(variable_problems, _script(text))


def test_undeclared_kubectl_variable_is_flagged() -> None:
    text = _replace(GOOD_KUBECTL, "-o wide", "-l ${SELECTOR}")
    assert "SELECTOR is used but not declared" in _problems(variable_problems, _kubectl(text))


def test_undeclared_terraform_variable_is_flagged() -> None:
    text = _replace(GOOD_TERRAFORM, '"df -hP ${var.MOUNT_PATH}"', '"df -hP ${var.MOUNT}"')
    assert "MOUNT is used but not declared" in _problems(variable_problems, _terraform(text))


def test_lowercase_variable_name_is_flagged() -> None:
    text = GOOD_KUBECTL.replace("NAMESPACE", "namespace")
    assert "not UPPER_SNAKE_CASE" in _problems(variable_problems, _kubectl(text))


def test_variable_without_validation_is_flagged() -> None:
    start = GOOD_KUBECTL.index("  validation {")
    end = GOOD_KUBECTL.index("  }\n}", start) + 4
    text = GOOD_KUBECTL[:start] + GOOD_KUBECTL[end:]
    assert "has no validation" in _problems(variable_problems, _kubectl(text))


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("[a-z0-9-]{1,63}", "not anchored"),
        ("^[a-z0-9-]{1,63}", "not anchored"),
        ("^[a-z0-9 -]{1,63}$", "admits ' '"),
        ("^.*$", "admits"),
        ("^[a-z0-9,-]{1,63}$", "admits ','"),
        ("^[a-z0-9=-]{1,63}$", "admits '='"),
        ("^[^/]+$", "admits"),
        ("^(?<=a)b$", "not RE2"),
    ],
)
def test_unsafe_regexes_are_flagged(pattern: str, expected: str) -> None:
    text = _replace(GOOD_KUBECTL, "^[a-z0-9-]{1,63}$", pattern)
    assert expected in _problems(variable_problems, _kubectl(text))


def test_default_that_fails_its_own_validation_is_flagged() -> None:
    text = _replace(GOOD_SCRIPT, '"nginx.service"', '"Nginx Service"')
    assert "default 'Nginx Service' fails" in _problems(variable_problems, _script(text))


def test_tabs_long_lines_and_trailing_blanks_are_flagged() -> None:
    text = _replace(
        GOOD_SCRIPT, "set -euo pipefail\n", "set -euo pipefail \n#\t" + "x" * 130 + "\n"
    )
    found = _problems(text_problems, _script(text))
    assert "tab" in found and "more than 120" in found and "trailing whitespace" in found


def test_script_without_strict_mode_first_is_flagged() -> None:
    text = _replace(GOOD_SCRIPT, "set -euo pipefail\n", "")
    assert "set -euo pipefail" in _problems(script_problems, _script(text))


def test_unquoted_variable_in_a_script_is_flagged() -> None:
    text = _replace(GOOD_SCRIPT, 'systemctl restart "$SERVICE"', "systemctl restart $SERVICE")
    assert "$SERVICE must be double-quoted" in _problems(script_problems, _script(text))


def test_shellcheck_warning_in_a_script_is_flagged() -> None:
    text = _replace(GOOD_SCRIPT, "set -euo pipefail\n", "set -euo pipefail\nunused=1\n")
    assert "SC2034" in _problems(shellcheck_problems, _script(text))


def test_shellcheck_warning_in_a_local_exec_command_is_flagged() -> None:
    text = _replace(
        GOOD_TERRAFORM, '"df -hP ${var.MOUNT_PATH}"', '"cd ${var.MOUNT_PATH}; df -hP ."'
    )
    assert "SC2164" in _problems(shellcheck_problems, _terraform(text))
