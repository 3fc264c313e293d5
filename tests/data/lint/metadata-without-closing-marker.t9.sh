#!/usr/bin/env bash
: <<'TENSOR9'
name        = "metadata-without-closing-marker"
display     = "Memory usage"
description = "Shows memory and swap totals with free. Read-only."
data_access = ["Metrics"]
set -euo pipefail
free -h
