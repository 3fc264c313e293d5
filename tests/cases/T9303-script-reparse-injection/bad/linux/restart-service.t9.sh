#!/usr/bin/env bash
: <<'TENSOR9'
name         = "restart-service"
display      = "Restart a systemd service"
description  = "Restarts SERVICE with systemctl and shows its status afterwards."
data_access  = ["Infrastructure"]
side_effects = ["service-restart"]
permissions  = "ReadWrite"

variable "SERVICE" {
  type        = string
  description = "systemd unit name"
  validation {
    condition     = length(var.SERVICE) > 0
    error_message = "SERVICE is not valid."
  }
}
TENSOR9
set -euo pipefail
eval "systemctl restart $SERVICE"
