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

variable "VOLUME_ID" {
  type        = string
  description = "ID of the EBS volume to snapshot"
  validation {
    condition     = can(regex("^vol-[0-9a-f]{8,17}$", var.VOLUME_ID))
    error_message = "VOLUME_ID must look like vol-0123456789abcdef0."
  }
}

resource "tensor9_command" "this" {
  # t9: permissions = "ReadWrite"
  name        = "snapshot-without-side-effects"
  display     = "Snapshot an EBS volume"
  description = "Creates one EBS snapshot of volume VOLUME_ID."
  data_access = ["Storage"]
}

resource "null_resource" "snapshot" {
  provisioner "local-exec" {
    command = "aws ec2 create-snapshot --volume-id ${var.VOLUME_ID}"
  }
}
