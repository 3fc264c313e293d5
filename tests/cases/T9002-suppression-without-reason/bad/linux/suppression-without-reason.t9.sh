#!/usr/bin/env bash
: <<'TENSOR9'
name        = "suppression-without-reason"
display     = "Memory usage"
description = "Shows memory and swap totals with free. Read-only."
data_access = ["Metrics"]
TENSOR9
set -euo pipefail
# t9lint-ignore: T9104
free -h
# t9lint-ignore: T9104 --
uptime
