#!/usr/bin/env bash
: <<'TENSOR9'
name         = "rotate-logs"
display      = "Force a log rotation"
description  = "Forces logrotate to rotate now the log files of one configuration under /etc/logrotate.d."
data_access  = ["Logs", "Storage"]
side_effects = ["log-rotation"]
permissions  = "ReadWrite"

variable "CONFIG_PATH" {
  type        = string
  description = "logrotate configuration to apply, under /etc/logrotate.d"
  validation {
    condition     = can(regex("^/etc/logrotate\\.d/[a-z0-9][a-z0-9._-]{0,63}$", var.CONFIG_PATH))
    error_message = "CONFIG_PATH must name a file directly under /etc/logrotate.d/."
  }
}
TENSOR9
set -euo pipefail
logrotate --force --verbose "$CONFIG_PATH"
