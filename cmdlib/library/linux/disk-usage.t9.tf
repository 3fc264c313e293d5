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
  description = "Absolute path of the mount point (or any path on it) to report on"
  default     = "/"
  validation {
    condition     = startswith(var.MOUNT_PATH, "/") && can(regex("^/[A-Za-z0-9._/-]{0,255}$", var.MOUNT_PATH))
    error_message = "MOUNT_PATH must be an absolute path of letters, digits, '.', '_', '-' and '/'."
  }
}

resource "tensor9_command" "this" {
  name        = "disk-usage"
  # t9: permissions = "ReadOnly"
  display     = "Disk usage of a filesystem"
  description = "Shows size, used and free space and inodes of the filesystem holding MOUNT_PATH (df). Read-only."
  icon        = "disk"
  data_access = ["Storage"]

  example_output = <<-EOT
    Filesystem      Size  Used Avail Use% Mounted on
    /dev/nvme0n1p1   80G   41G   40G  51% /
    Filesystem      Inodes IUsed IFree IUse% Mounted on
    /dev/nvme0n1p1    5.0M  412K  4.6M    9% /
  EOT
}

resource "terraform_data" "space" {
  provisioner "local-exec" {
    command = "df -hP ${var.MOUNT_PATH}"
  }
}

resource "terraform_data" "inodes" {
  depends_on = [terraform_data.space]

  provisioner "local-exec" {
    command = "df -hiP ${var.MOUNT_PATH}"
  }
}
