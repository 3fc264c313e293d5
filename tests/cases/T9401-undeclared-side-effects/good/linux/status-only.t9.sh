#!/usr/bin/env bash
: <<'TENSOR9'
name        = "status-only"
display     = "Show a service's status"
description = "Shows the status and the last 50 journal lines of SERVICE. Read-only."
data_access = ["Infrastructure", "Logs"]
permissions = "ReadOnly"

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
systemctl status --no-pager "$SERVICE" | head -n 20
journalctl -u "$SERVICE" -n 50 --no-pager 2>/dev/null
