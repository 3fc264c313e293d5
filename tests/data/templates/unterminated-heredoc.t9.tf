resource "tensor9_command" "this" {
  name           = "unterminated-heredoc"
  example_output = <<EOT
hello
}
