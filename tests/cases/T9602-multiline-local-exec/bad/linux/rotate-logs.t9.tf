terraform {
  required_providers {
    tensor9 = {
      source  = "tensor9/tensor9"
      version = "~> 2.41"
    }
  }
}

provider "tensor9" {
  mode = "ops"
}

resource "tensor9_command" "this" {
  name         = "rotate-logs"
  display      = "Rotate logs"
  description  = "Compresses the .log files of /var/log/app older than a day and deletes archives older than 30 days."
  data_access  = ["Logs"]
  side_effects = ["log-rotation", "file-deletion"]
  # t9: permissions = "ReadWrite"
}

resource "terraform_data" "rotate" {
  provisioner "local-exec" {
    command = <<-EOT
      find /var/log/app -name '*.log' -mtime +1 -exec gzip {} \;
      find /var/log/app -name '*.gz' -mtime +30 -delete
    EOT
  }
}
