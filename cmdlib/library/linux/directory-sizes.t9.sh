#!/usr/bin/env bash
: <<'TENSOR9'
name        = "directory-sizes"
display     = "Largest entries of a directory"
description = "Lists the COUNT largest entries directly under DIRECTORY, by disk usage (du, one filesystem). Read-only."
data_access = ["Storage"]
permissions = "ReadOnly"

variable "DIRECTORY" {
  type        = string
  description = "Absolute path of the directory to measure"
  default     = "/var"
  validation {
    condition     = can(regex("^/[A-Za-z0-9._/-]{0,255}$", var.DIRECTORY))
    error_message = "DIRECTORY must be an absolute path of letters, digits, '.', '_', '-' and '/'."
  }
}

variable "COUNT" {
  type        = number
  description = "How many entries to list (1 to 100)"
  default     = 20
  validation {
    condition     = var.COUNT >= 1 && var.COUNT <= 100
    error_message = "COUNT must be between 1 and 100."
  }
}
TENSOR9
set -euo pipefail
du -xh --max-depth=1 -- "$DIRECTORY" | sort -rh | awk -v limit="$COUNT" 'NR <= limit'
