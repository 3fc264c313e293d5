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
    condition     = can(regex("^/[A-Za-z0-9._/-]*$", var.DIRECTORY))
    error_message = "DIRECTORY is not valid."
  }
}
TENSOR9
set -euo pipefail
limit=20
for entry in "$@"; do echo "$entry"; done
echo "running as $USER in $PWD (home $HOME), status $?"
du -xh --max-depth=1 -- "$DIRECTORY" | sort -rh | head -n "$limit"
read -r TOTAL _ <<<"$(du -sh -- "$DIRECTORY")"
echo "total: $TOTAL"
