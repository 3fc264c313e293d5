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

variable "MOUNT_PATH" {
  type        = string
  description = "Mount point to report on, e.g. /var"
  default     = "/"
  validation {
    condition     = can(regex("^/[A-Za-z0-9._/-]*$", var.MOUNT_PATH))
    error_message = "MOUNT_PATH must be an absolute path of letters, digits, '.', '_', '-' and '/'."
  }
}

resource "tensor9_command" "this" {
  name        = "disk-usage"
  display     = "Disk usage"
  description = "Shows used and free space of the filesystem mounted at MOUNT_PATH, with df. Read-only."
  data_access = ["Storage"]
  # t9: permissions = "ReadOnly"
}

resource "terraform_data" "space" {
  provisioner "local-exec" {
    command = "df -hP ${var.MOUNT_PATH}"
  }
}
