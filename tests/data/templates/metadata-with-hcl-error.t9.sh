: <<'TENSOR9'
name = "metadata-with-hcl-error"
display = 
variable "X" {
TENSOR9
echo "$X"
