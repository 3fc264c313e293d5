#!/usr/bin/env bash
: <<'TENSOR9'
name        = "disk-usage"
display     = "Disk usage"
description = "Shows disk usage of every mounted filesystem with df. Read-only."
data_access = ["Storage"]
permissions = "ReadOnly"
TENSOR9
set -euo pipefail
df -hP
