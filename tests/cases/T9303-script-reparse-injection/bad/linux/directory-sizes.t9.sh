#!/usr/bin/env bash
: <<'TENSOR9'
name        = "directory-sizes"
display     = "Directory sizes"
description = "Lists the 20 largest entries below DIRECTORY with du, biggest first. Read-only."
data_access = ["Storage"]
permissions = "ReadOnly"

variable "DIRECTORY" {
  type        = string
  description = "Directory whose subdirectories are measured"
  validation {
    condition     = startswith(var.DIRECTORY, "/")
    error_message = "DIRECTORY is not valid."
  }
}
TENSOR9
set -euo pipefail
bash -c "du -xh --max-depth=1 $DIRECTORY | sort -rh | head -n 20"
