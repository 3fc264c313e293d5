resource "tensor9_command" "this" {
  name = "first"
}

resource "tensor9_command" "other" {
  name = "second"
}
