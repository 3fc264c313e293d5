#!/usr/bin/env bash
: <<'TENSOR9'
name        = "suppression-with-reason"
display     = "Memory usage"
description = "Shows memory and swap totals with free. Read-only."
data_access = ["Metrics"]
TENSOR9
set -euo pipefail
# t9lint-ignore: T9104 -- the display text is supplied by the catalogue
free -h
