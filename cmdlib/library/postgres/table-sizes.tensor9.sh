#!/usr/bin/env bash
: <<'TENSOR9'
name        = "table-sizes"
display     = "Largest PostgreSQL tables"
description = "Lists the 20 largest tables of DATABASE: total, table and index sizes and live rows. Read-only."
data_access = ["Storage", "Metrics"]
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
TENSOR9
set -euo pipefail
psql --no-psqlrc --dbname "$DATABASE" -c "SELECT schemaname, relname,
 pg_size_pretty(pg_total_relation_size(relid)) AS total, pg_size_pretty(pg_relation_size(relid)) AS tables,
 pg_size_pretty(pg_indexes_size(relid)) AS indexes, n_live_tup AS live_rows FROM pg_stat_user_tables
 ORDER BY pg_total_relation_size(relid) DESC LIMIT 20"
