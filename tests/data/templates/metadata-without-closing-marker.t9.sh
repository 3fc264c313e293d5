#!/usr/bin/env bash
: <<'TENSOR9'
name = "metadata-without-closing-marker"
display = "Oops"
echo hello
