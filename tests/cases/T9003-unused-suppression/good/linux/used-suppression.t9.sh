#!/usr/bin/env bash
# t9lint-ignore-file: T9104 -- display and description come from the catalogue
: <<'TENSOR9'
name        = "used-suppression"
data_access = ["Metrics"]
TENSOR9
set -euo pipefail
free -h
