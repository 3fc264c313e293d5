#!/usr/bin/env bash
: <<'TENSOR9'
name         = "resolved-command-prefix"
display      = "Restart a service"
description  = "Restarts SERVICE with systemctl and shows its status."
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
TENSOR9
set -euo pipefail
SYSTEMCTL="sudo systemctl --no-pager"
$SYSTEMCTL restart "$SERVICE"
$SYSTEMCTL status "$SERVICE"
