resource "tensor9_command" "this" {
  name = "unclosed-string
}
