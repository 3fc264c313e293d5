terraform {
  required_providers {
    tensor9 = {
      source  = "tensor9/tensor9"
      version = "~> 2.41"
    }
    null = {
      source  = "hashicorp/null"
      version = "~> 3.2"
    }
  }
}

provider "tensor9" {
  mode = "ops"
}

variable "VOLUME_ID" {
  type        = string
  description = "ID of the EBS volume to snapshot, e.g. vol-0123456789abcdef0"
  validation {
    condition     = can(regex("^vol-[0-9a-f]{8,17}$", var.VOLUME_ID))
    error_message = "VOLUME_ID must look like vol-0123456789abcdef0."
  }
}

variable "TICKET" {
  type        = string
  description = "Change or incident reference recorded in the snapshot description, e.g. OPS-1234"
  validation {
    condition     = can(regex("^[A-Z][A-Z0-9]{1,9}-[0-9]{1,7}$", var.TICKET))
    error_message = "TICKET must look like OPS-1234."
  }
}

resource "tensor9_command" "this" {
  name         = "ebs-snapshot"
  # t9: permissions = "ReadWrite"
  display      = "Snapshot an EBS volume"
  description  = "Creates one EBS snapshot of volume VOLUME_ID, described with TICKET, and prints the new snapshot."
  data_access  = ["Storage"]
  side_effects = ["ebs-snapshot"]

  example_output = <<-EOT
    {
        "SnapshotId": "snap-0a1b2c3d4e5f67890",
        "VolumeId": "vol-0123456789abcdef0",
        "State": "pending",
        "Description": "ops-OPS-1234"
    }
  EOT
}

resource "null_resource" "create_snapshot" {
  provisioner "local-exec" {
    command = "aws ec2 create-snapshot --volume-id ${var.VOLUME_ID} --description ops-${var.TICKET}"
  }
}
