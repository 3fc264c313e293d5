# t9lint-ignore-file: T9105
// t9lint-ignore: T9106 --
resource "tensor9_command" "this" {
  name = "file-suppression-without-reason"
}
