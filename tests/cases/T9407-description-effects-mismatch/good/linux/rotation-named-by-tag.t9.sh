#!/usr/bin/env bash
: <<'TENSOR9'
name         = "rotation-named-by-tag"
display      = "Rotate nginx logs"
description  = "Forces the nginx log rotation now."
data_access  = ["Logs"]
side_effects = ["log-rotation"]
permissions  = "ReadWrite"
TENSOR9
set -euo pipefail
logrotate --force /etc/logrotate.d/nginx
