#!/usr/bin/env bash
: <<'TENSOR9'
name        = "top-processes"
display     = "Top processes by CPU or memory"
description = "Lists the COUNT processes using the most CPU or memory (SORT_BY), with ps. Read-only."
icon        = "cpu"
data_access = ["Metrics"]
permissions = "ReadOnly"

variable "COUNT" {
  type        = number
  description = "How many processes to list (1 to 200)"
  default     = 15
  validation {
    condition     = var.COUNT >= 1 && var.COUNT <= 200
    error_message = "COUNT must be between 1 and 200."
  }
}

variable "SORT_BY" {
  type        = string
  description = "Resource to rank processes by: cpu or memory"
  default     = "cpu"
  validation {
    condition     = contains(["cpu", "memory"], var.SORT_BY)
    error_message = "SORT_BY must be cpu or memory."
  }
}

example_output = <<-EOT
      PID USER     %CPU %MEM     ELAPSED COMMAND
     2314 app      87.5 12.1    03:12:44 java
      911 postgres 12.0  4.3  1-02:03:11 postgres
EOT
TENSOR9
set -euo pipefail

if [[ "$SORT_BY" == "memory" ]]; then
  sort_key="-pmem"
else
  sort_key="-pcpu"
fi

# awk reads all of ps's output, so ps never dies of SIGPIPE under pipefail.
ps -eo pid,user,pcpu,pmem,etime,comm --sort="$sort_key" | awk -v limit="$COUNT" 'NR <= limit + 1'
