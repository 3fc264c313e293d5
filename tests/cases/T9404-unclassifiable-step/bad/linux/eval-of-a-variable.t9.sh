#!/usr/bin/env bash
: <<'TENSOR9'
name         = "eval-of-a-variable"
display      = "Service action"
description  = "Runs ACTION on SERVICE (start, stop or restart)."
data_access  = ["Infrastructure"]
side_effects = ["service-restart"]
permissions  = "ReadWrite"

variable "SERVICE" {
  type        = string
  description = "systemd unit name"
  validation {
    condition     = can(regex("^[A-Za-z0-9@._-]+$", var.SERVICE))
    error_message = "SERVICE must be a unit name."
  }
}

variable "ACTION" {
  type        = string
  description = "start, stop or restart"
  validation {
    condition     = contains(["start", "stop", "restart"], var.ACTION)
    error_message = "ACTION must be start, stop or restart."
  }
}
TENSOR9
set -euo pipefail
eval "systemctl $ACTION $SERVICE"
