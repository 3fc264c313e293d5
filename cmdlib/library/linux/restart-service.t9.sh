#!/usr/bin/env bash
: <<'TENSOR9'
name         = "restart-service"
display      = "Restart a systemd service"
description  = "Restarts the systemd service SERVICE with systemctl restart, then shows its status and recent journal."
icon         = "refresh"
data_access  = ["Infrastructure", "Logs"]
side_effects = ["service-restart"]
permissions  = "ReadWrite"

variable "SERVICE" {
  type        = string
  description = "systemd service unit to restart, e.g. nginx.service"
  validation {
    condition     = can(regex("^[A-Za-z0-9@._-]{1,247}\\.service$", var.SERVICE))
    error_message = "SERVICE must be a unit name ending in .service (letters, digits, '@', '.', '_', '-')."
  }
}
TENSOR9
set -euo pipefail
systemctl restart "$SERVICE"
systemctl status --no-pager --lines 20 "$SERVICE"
