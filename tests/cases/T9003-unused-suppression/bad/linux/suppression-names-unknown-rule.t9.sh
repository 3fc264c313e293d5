#!/usr/bin/env bash
: <<'TENSOR9'
name        = "suppression-names-unknown-rule"
display     = "Memory usage"
description = "Shows memory and swap totals with free. Read-only."
data_access = ["Metrics"]
TENSOR9
set -euo pipefail
# t9lint-ignore: no-such-rule -- copied from another repository
free -h
# t9lint-ignore: -- nothing named
uptime
