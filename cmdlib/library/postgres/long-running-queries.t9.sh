#!/usr/bin/env bash
: <<'TENSOR9'
name        = "long-running-queries"
display     = "Long-running PostgreSQL queries"
description = "Lists the non-idle sessions of DATABASE whose query has run over MIN_SECONDS, longest first. Read-only."
data_access = ["Metrics", "Infrastructure"]
permissions = "ReadOnly"

variable "DATABASE" {
  type        = string
  description = "Database to connect to; host, port and user come from the PG* environment of the appliance"
  default     = "postgres"
  validation {
    condition     = can(regex("^[a-z_][a-z0-9_]{0,62}$", var.DATABASE))
    error_message = "DATABASE must be a lowercase identifier: letters, digits and '_', at most 63."
  }
}

variable "MIN_SECONDS" {
  type        = number
  description = "Only queries running for longer than this many seconds (1 to 86400)"
  default     = 60
  validation {
    condition     = var.MIN_SECONDS >= 1 && var.MIN_SECONDS <= 86400
    error_message = "MIN_SECONDS must be between 1 and 86400."
  }
}

example_output = <<-EOT
   pid  | duration |        state        | usename |                query
  ------+----------+---------------------+---------+-------------------------------------
   8812 | 00:14:03 | active              | app     | SELECT * FROM orders o JOIN line_it
   9120 | 00:02:41 | idle in transaction | report  | UPDATE invoices SET status = 'sent'
EOT
TENSOR9
set -euo pipefail

# The threshold travels as a session setting, so the SQL text stays a fixed literal.
PGOPTIONS="-c tensor9.min_seconds=$MIN_SECONDS" psql --no-psqlrc --dbname "$DATABASE" -c "SELECT pid,
 date_trunc('second', now() - query_start) AS duration, state, usename, left(query, 60) AS query
 FROM pg_stat_activity WHERE state <> 'idle'
 AND now() - query_start > current_setting('tensor9.min_seconds')::int * interval '1 second'
 ORDER BY duration DESC"
