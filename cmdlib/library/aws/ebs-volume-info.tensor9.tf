terraform {
  required_providers {
    tensor9 = {
      source  = "tensor9/tensor9"
      version = "~> 2.41"
    }
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

provider "tensor9" {
  mode = "ops"
}

variable "VOLUME_ID" {
  type        = string
  description = "ID of the EBS volume, e.g. vol-0123456789abcdef0"
  validation {
    condition     = can(regex("^vol-[0-9a-f]{8,17}$", var.VOLUME_ID))
    error_message = "VOLUME_ID must look like vol-0123456789abcdef0."
  }
}

resource "tensor9_command" "this" {
  name        = "ebs-volume-info"
  # t9: permissions = "ReadOnly"
  display     = "EBS volume details"
  description = "Shows the size, type, IOPS, encryption and availability zone of EBS volume VOLUME_ID. Read-only."
  data_access = ["Storage", "Infrastructure"]
}

data "aws_ebs_volume" "selected" {
  filter {
    name   = "volume-id"
    values = [var.VOLUME_ID]
  }
}

output "size_gib" {
  value = data.aws_ebs_volume.selected.size
}

output "volume_type" {
  value = data.aws_ebs_volume.selected.type
}

output "iops" {
  value = data.aws_ebs_volume.selected.iops
}

output "encrypted" {
  value = data.aws_ebs_volume.selected.encrypted
}

output "availability_zone" {
  value = data.aws_ebs_volume.selected.availability_zone
}
