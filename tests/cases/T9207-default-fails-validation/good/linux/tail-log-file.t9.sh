#!/usr/bin/env bash
: <<'TENSOR9'
name        = "tail-log-file"
display     = "Tail a log file"
description = "Prints the last LINE_COUNT lines of one .log file under /var/log. Read-only."
data_access = ["Logs"]
permissions = "ReadOnly"

variable "LOG_FILE" {
  type        = string
  description = "Log file under /var/log"
  default     = "/var/log/dpkg.log"
  validation {
    condition     = can(regex("^/var/log/[A-Za-z0-9._/-]+[.]log$", var.LOG_FILE))
    error_message = "LOG_FILE is not valid."
  }
}

variable "LINE_COUNT" {
  type        = number
  description = "Lines to print"
  default     = 100
  validation {
    condition     = var.LINE_COUNT >= 1 && var.LINE_COUNT <= 10000
    error_message = "LINE_COUNT is not valid."
  }
}
TENSOR9
set -euo pipefail
tail -n "$LINE_COUNT" -- "$LOG_FILE"
