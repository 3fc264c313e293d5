#!/usr/bin/env bash
: <<'TENSOR9'
name        = "dynamic-step-without-side-effects"
display     = "Run a maintenance action"
description = "Runs the maintenance action ACTION on the host."
data_access = ["Infrastructure"]
permissions = "ReadWrite"

variable "ACTION" {
  type        = string
  description = "maintenance command to run"
  validation {
    condition     = contains(["uptime", "sync"], var.ACTION)
    error_message = "ACTION must be uptime or sync."
  }
}
TENSOR9
set -euo pipefail
$ACTION
