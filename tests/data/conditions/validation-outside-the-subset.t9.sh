#!/usr/bin/env bash
: <<'TENSOR9'
name        = "validation-outside-the-subset"
display     = "Show a unit"
description = "Show the status of UNIT with systemctl. Read-only."
data_access = ["Infrastructure"]
permissions = "ReadOnly"

variable "UNIT" {
  type        = string
  description = "systemd unit name"
  validation {
    condition     = lower(var.UNIT) == var.UNIT
    error_message = "UNIT must be lower case"
  }
}
TENSOR9
systemctl status --no-pager "$UNIT"
