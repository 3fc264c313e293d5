#!/usr/bin/env bash
: <<'TENSOR9'
name         = "restart-with-side-effects"
display      = "Restart a systemd service"
description  = "Restarts SERVICE with systemctl and shows its status afterwards."
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
sudo systemctl restart "$SERVICE"
systemctl status --no-pager "$SERVICE"
