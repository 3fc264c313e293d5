#!/usr/bin/env bash
: <<'TENSOR9'
name        = "top-processes"
display     = "Top processes"
description = "Lists the COUNT processes using the most CPU, with ps. Read-only."
data_access = ["Metrics"]
permissions = "ReadOnly"

variable "COUNT" {
  type        = number
  description = "How many processes"
  default     = 10
}
TENSOR9
set -euo pipefail
ps -eo pid,user,pcpu,pmem,comm --sort=-pcpu | head -n "$((COUNT + 1))"
