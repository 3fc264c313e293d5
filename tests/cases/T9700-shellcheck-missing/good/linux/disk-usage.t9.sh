#!/usr/bin/env bash
: <<'TENSOR9'
name         = "disk-usage"
display      = "Disk usage"
description  = "Shows free space on the root file system. Read-only."
data_access  = ["Storage"]
permissions  = "ReadOnly"
TENSOR9
set -euo pipefail
df -hP /
