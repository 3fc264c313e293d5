: <<'TENSOR9'
name = "two-metadata-blocks"
TENSOR9
echo one
: <<'TENSOR9'
name = "again"
TENSOR9
