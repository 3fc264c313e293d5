#!/usr/bin/env bash
: <<'TENSOR9'
name         = "literal-shell-c"
display      = "Disk usage"
description  = "Shows free space on / and the size of /var/log. Read-only."
data_access  = ["Storage"]
permissions  = "ReadOnly"
TENSOR9
set -euo pipefail
bash -c 'df -h / && du -sh /var/log'
