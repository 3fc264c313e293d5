: <<'TENSOR9'
name = "bash-syntax-error-in-body"
TENSOR9
if [ -n "$X" ]; then
  echo "unclosed
