#!/usr/bin/env bash
: <<'TENSOR9'
name        = "long-running-queries"
display     = "Long-running queries"
description = "Lists the queries that have run longer than MIN_SECONDS seconds, from pg_stat_activity. Read-only."
data_access = ["Database"]
permissions = "ReadOnly"

variable "MIN_SECONDS" {
  type        = number
  description = "Only show queries running at least this many seconds"
  default     = 60
  validation {
    condition     = var.MIN_SECONDS >= 1 && var.MIN_SECONDS <= 86400
    error_message = "MIN_SECONDS must be between 1 and 86400."
  }
}
TENSOR9
set -euo pipefail
psql -X -A -c "SELECT pid, now() - query_start AS runtime, left(query, 80)
  FROM pg_stat_activity WHERE state = 'active'
  AND now() - query_start > make_interval(secs => ${MIN_SECONDS}) ORDER BY runtime DESC"
