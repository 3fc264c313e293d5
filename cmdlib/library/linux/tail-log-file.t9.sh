#!/usr/bin/env bash
: <<'TENSOR9'
name        = "tail-log-file"
display     = "Tail a log file"
description = "Prints the last LINE_COUNT lines of one .log file under /var/log, with tail. Read-only."
data_access = ["Logs"]
permissions = "ReadOnly"

variable "LOG_FILE" {
  type        = string
  description = "Absolute path of a .log file under /var/log, e.g. /var/log/nginx/error.log"
  validation {
    condition     = endswith(var.LOG_FILE, ".log") && can(regex("^/var/log(/[\\w-][\\w.-]*)+$", var.LOG_FILE))
    error_message = "LOG_FILE must be a .log file under /var/log; no path component may start with '.'."
  }
}

variable "LINE_COUNT" {
  type        = number
  description = "How many lines to print from the end of the file (1 to 10000)"
  default     = 100
  validation {
    condition     = var.LINE_COUNT >= 1 && var.LINE_COUNT <= 10000
    error_message = "LINE_COUNT must be between 1 and 10000."
  }
}

example_output = <<-EOT
  2026/11/21 09:14:02 [error] 812#812: *4411 upstream timed out (110: Connection timed out)
  2026/11/21 09:14:07 [warn] 812#812: *4415 an upstream response is buffered to a temporary file
EOT
TENSOR9
set -euo pipefail
tail -n "$LINE_COUNT" -- "$LOG_FILE"
