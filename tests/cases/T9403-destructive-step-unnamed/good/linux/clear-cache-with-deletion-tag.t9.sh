#!/usr/bin/env bash
: <<'TENSOR9'
name         = "clear-cache-with-deletion-tag"
display      = "Clear a cache directory"
description  = "Deletes everything under CACHE_DIR after printing its size."
data_access  = ["Storage"]
side_effects = ["cache-file-deletion"]
permissions  = "Admin"

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
rm -rf "${CACHE_DIR:?}"/*
