#!/usr/bin/env bash
: <<'TENSOR9'
name        = "tail-log-file"
display     = "Tail a log file"
description = "Prints the last 100 lines of one log file under /var/log. Read-only."
data_access = ["Logs"]
permissions = "ReadOnly"

variable "LOG_FILE" {
  type        = string
  description = "Log file under /var/log"
  validation {
    condition     = startswith(var.LOG_FILE, "/var/log/")
    error_message = "LOG_FILE is not valid."
  }
}
TENSOR9
set -euo pipefail
tail -n 100 -- "$LOG_FILE"
