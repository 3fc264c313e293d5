#!/usr/bin/env bash
: <<'TENSOR9'
name        = "valid-script-template"
display     = "Memory and swap usage"
description = "Shows memory and swap totals, load averages and the ten processes using the most memory. Read-only."
icon        = "memory"
data_access = ["Metrics"]
permissions = "ReadOnly"
TENSOR9
set -euo pipefail
uptime
free -h
ps -eo pid,user,pmem,rss,comm --sort=-pmem | awk 'NR <= 11'
