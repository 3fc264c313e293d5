: <<TENSOR9
name = "metadata-with-unquoted-delimiter"
TENSOR9
echo hello
