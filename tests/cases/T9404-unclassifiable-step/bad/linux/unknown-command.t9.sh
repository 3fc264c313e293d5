#!/usr/bin/env bash
: <<'TENSOR9'
name         = "unknown-command"
display      = "Flush the app queues"
description  = "Flushes the application queues with appctl."
data_access  = ["Infrastructure"]
side_effects = ["queue-flush"]
permissions  = "ReadWrite"
TENSOR9
set -euo pipefail
appctl --flush-queues
