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
  description = "systemd unit name, e.g. nginx.service"
  validation {
    condition     = can(regex("^[A-Za-z0-9@._-]+$", var.SERVICE))
    error_message = "SERVICE must be a unit name"
  }
}

variable "TIMEOUT_SECONDS" {
  type        = number
  description = "How long to wait for the restart"
  default     = 30
  validation {
    condition     = var.TIMEOUT_SECONDS >= 1 && var.TIMEOUT_SECONDS <= 600
    error_message = "TIMEOUT_SECONDS is not valid."
  }
}
TENSOR9
set -euo pipefail
systemctl restart "$SERVICE"
systemctl status --no-pager "$SERVICE"
