"""Building templates from text and running one rule over them, for the rule unit tests."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from cmdlib.loader import load_bytes
from cmdlib.model import Template
from t9lint.findings import Finding
from t9lint.rules.base import Rule, RuleContext, RuleSettings

PROVIDERS = """terraform {
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
"""

MOUNT_PATH = """
variable "MOUNT_PATH" {
  type        = string
  description = "Mount point to report on"
  default     = "/"
  validation {
    condition     = can(regex("^/[A-Za-z0-9._/-]*$", var.MOUNT_PATH))
    error_message = "MOUNT_PATH must be an absolute path."
  }
}
"""

DISK_USAGE_META = """
resource "tensor9_command" "this" {
  name        = "disk-usage"
  display     = "Disk usage"
  description = "Shows used and free space of the filesystem at MOUNT_PATH with df. Read-only."
  data_access = ["Storage"]
}
"""

DISK_USAGE_BODY = """
resource "terraform_data" "space" {
  provisioner "local-exec" {
    command = "df -hP ${var.MOUNT_PATH}"
  }
}
"""

DISK_USAGE = PROVIDERS + MOUNT_PATH + DISK_USAGE_META + DISK_USAGE_BODY

SERVICE = """
variable "SERVICE" {
  type        = string
  description = "systemd unit name"
  validation {
    condition     = can(regex("^[A-Za-z0-9@._-]+$", var.SERVICE))
    error_message = "SERVICE must be a unit name"
  }
}
"""

RESTART_META = """name         = "restart-service"
display      = "Restart a systemd service"
description  = "Restarts SERVICE with systemctl and shows its status afterwards."
data_access  = ["Infrastructure"]
side_effects = ["service-restart"]
permissions  = "ReadWrite"
"""

RESTART_BODY = 'set -euo pipefail\nsystemctl restart "$SERVICE"\n'


def script(meta: str = RESTART_META, variables: str = SERVICE, body: str = RESTART_BODY) -> str:
    return f"#!/usr/bin/env bash\n: <<'TENSOR9'\n{meta}{variables}TENSOR9\n{body}"


NAMESPACE = """
variable "NAMESPACE" {
  type        = string
  description = "Kubernetes namespace"
  default     = "default"
  validation {
    condition     = can(regex("^[a-z0-9-]{1,63}$", var.NAMESPACE))
    error_message = "NAMESPACE must be a DNS label."
  }
}
"""

PODS_META = """name        = "list-pods"
display     = "List pods"
description = "Lists the pods of NAMESPACE with their phase and node. Read-only."
data_access = ["Infrastructure"]
"""


def kubectl(
    meta: str = PODS_META,
    variables: str = NAMESPACE,
    body: str = "kubectl get pods -n ${NAMESPACE} -o wide\n",
) -> str:
    return f": <<'TENSOR9'\n{meta}{variables}TENSOR9\n{body}"


def load(path: str, text: str) -> Template:
    return load_bytes(Path(path), text.encode("utf-8"))


def run(rule: Rule, template: Template, settings: RuleSettings | None = None) -> list[Finding]:
    assert rule.check_file is not None
    ctx = RuleContext(template, str(template.path), settings or RuleSettings())
    return list(rule.check_file(ctx))


def run_tree(rule: Rule, templates: Sequence[Template]) -> list[Finding]:
    assert rule.check_tree is not None
    return list(rule.check_tree([RuleContext(t, str(t.path)) for t in templates]))


def where(findings: Sequence[Finding]) -> list[tuple[str, int, int]]:
    """(code, line, column) of each finding, sorted: the exact positions tests assert."""
    return sorted((f.code, f.span.line, f.span.column) for f in findings)


def line_of(text: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """1-based (line, column) of the n-th ``needle`` in test input written by the test."""
    start = -1
    for _ in range(occurrence):
        start = text.index(needle, start + 1)
    before = text[:start]
    return before.count("\n") + 1, start - (before.rfind("\n") + 1) + 1
