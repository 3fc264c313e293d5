resource "tensor9_command" "this" {
  name = "conditional-command"
}

variable "ALL" {
  type    = bool
  default = false
}

resource "terraform_data" "ls" {
  provisioner "local-exec" {
    command = var.ALL ? "ls -la \"${var.DIR}\"" : "ls"
  }
  provisioner "local-exec" {
    interpreter = ["/bin/bash", "-c"]
    command     = <<-EOT
      set -e
      for f in $(ls "${var.DIR}"); do
        echo "$f" $${HOME}
      done
    EOT
  }
}
