#!/usr/bin/env bash
: <<'TENSOR9'
name         = "restart-without-permissions"
display      = "Restart a service"
description  = "Restarts SERVICE with systemctl."
data_access  = ["Infrastructure"]
side_effects = ["service-restart"]

variable "SERVICE" {
  type        = string
  description = "systemd unit name"
  validation {
    condition     = can(regex("^[A-Za-z0-9@._-]+$", var.SERVICE))
    error_message = "SERVICE must be a unit name."
  }
}
TENSOR9
set -euo pipefail
systemctl restart "$SERVICE"
