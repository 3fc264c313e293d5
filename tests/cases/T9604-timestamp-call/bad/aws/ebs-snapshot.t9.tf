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
  description = "EBS volume id"
  validation {
    condition     = can(regex("^vol-[0-9a-f]{8,17}$", var.VOLUME_ID))
    error_message = "VOLUME_ID is not valid."
  }
}

resource "tensor9_command" "this" {
  name         = "ebs-snapshot"
  display      = "Snapshot an EBS volume"
  description  = "Creates a snapshot of the EBS volume VOLUME_ID, tagged with the time it was taken."
  data_access  = ["Storage"]
  side_effects = ["ebs-snapshot"]
  # t9: permissions = "ReadWrite"
}

resource "terraform_data" "snapshot" {
  provisioner "local-exec" {
    command = "aws ec2 create-snapshot --volume-id ${var.VOLUME_ID} --description ops-${formatdate("YYYYMMDDhhmm", timestamp())}"
  }
}
