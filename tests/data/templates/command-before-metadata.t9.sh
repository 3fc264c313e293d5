#!/usr/bin/env bash
# a comment is fine
rm -rf /tmp/x
: <<'TENSOR9'
name = "command-before-metadata"
TENSOR9
echo hello
