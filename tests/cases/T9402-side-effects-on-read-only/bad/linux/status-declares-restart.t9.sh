#!/usr/bin/env bash
: <<'TENSOR9'
name         = "status-declares-restart"
display      = "Service status"
description  = "Shows the status and recent journal of SERVICE. Read-only."
data_access  = ["Infrastructure", "Logs"]
side_effects = ["service-restart"]
permissions  = "ReadOnly"

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
systemctl status --no-pager "$SERVICE"
journalctl -u "$SERVICE" -n 20 --no-pager
