resource "tensor9_command" "this" {
  name = "two-syntax-errors"
}

resource "null_resource" "a" {
  triggers = { a = 1 + }
}

resource "null_resource" "b" {
  triggers = { b = (2 }
}

variable "OK" {
  type = string
}
