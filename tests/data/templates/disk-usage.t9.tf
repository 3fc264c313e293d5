terraform {
  required_providers {
    tensor9 = { source = "tensor9/tensor9", version = "~> 2.41" }
  }
}

provider "tensor9" {
  mode = "ops"
}

variable "MOUNT_PREFIX" {
  type        = string
  default     = "/"
  description = "Only show file systems mounted under this prefix"
  validation {
    condition     = startswith(var.MOUNT_PREFIX, "/")
    error_message = "MOUNT_PREFIX must be an absolute path"
  }
}

resource "tensor9_command" "this" {
  name         = "disk-usage"
  display      = "Disk usage"
  description  = "Show disk usage of the file systems mounted under MOUNT_PREFIX. Read-only."
  icon         = "disk"
  data_access  = ["Storage"]
  side_effects = []
  # t9: permissions = "ReadOnly"
  example_output = <<-EOT
    Filesystem      Size  Used Avail Use% Mounted on
    /dev/nvme0n1p1   50G   21G   29G  42% /
  EOT
}

resource "null_resource" "df" {
  provisioner "local-exec" {
    command = "df -h | awk -v p=\"${var.MOUNT_PREFIX}\" 'NR==1 || index($6, p) == 1'"
  }
}
