#!/usr/bin/env bash
: <<'TENSOR9'
name        = "journal-tail"
display     = "Recent journal entries of a unit"
description = "Prints the last LINE_COUNT journal entries of the systemd unit UNIT, with journalctl. Read-only."
data_access = ["Logs"]
permissions = "ReadOnly"

variable "UNIT" {
  type        = string
  description = "systemd unit whose journal to read, e.g. nginx.service"
  validation {
    condition     = can(regex("^[A-Za-z0-9@._:-]{1,255}$", var.UNIT))
    error_message = "UNIT must be a unit name: letters, digits, '@', '.', '_', ':' and '-'."
  }
}

variable "LINE_COUNT" {
  type        = number
  description = "How many of the most recent entries to print (1 to 5000)"
  default     = 200
  validation {
    condition     = var.LINE_COUNT >= 1 && var.LINE_COUNT <= 5000
    error_message = "LINE_COUNT must be between 1 and 5000."
  }
}
TENSOR9
set -euo pipefail
journalctl --unit "$UNIT" --lines "$LINE_COUNT" --no-pager --output short-iso
