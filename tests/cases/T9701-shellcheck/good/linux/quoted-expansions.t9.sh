#!/usr/bin/env bash
: <<'TENSOR9'
name         = "quoted-expansions"
display      = "Cache sizes"
description  = "Shows the size of CACHE_DIR and lists its entries. Read-only."
data_access  = ["Storage"]
permissions  = "ReadOnly"

variable "CACHE_DIR" {
  type        = string
  description = "cache directory under /var/cache"
  validation {
    condition     = can(regex("^/var/cache/[a-z0-9-]{1,63}$", var.CACHE_DIR))
    error_message = "CACHE_DIR must be a directory directly under /var/cache."
  }
}
TENSOR9
set -euo pipefail
du -sh "$CACHE_DIR"
for f in "$CACHE_DIR"/*; do
  echo "$f"
done
