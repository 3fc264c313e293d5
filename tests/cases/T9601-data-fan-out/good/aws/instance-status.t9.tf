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

variable "INSTANCE_IDS" {
  type        = string
  description = "Space-separated instance ids, at most 20"
  validation {
    condition     = can(regex("^i-[0-9a-f]{8,17}( i-[0-9a-f]{8,17}){0,19}$", var.INSTANCE_IDS))
    error_message = "INSTANCE_IDS is not valid."
  }
}

resource "tensor9_command" "this" {
  name        = "instance-status"
  display     = "Instance status"
  description = "Shows the EC2 status checks of the instances in INSTANCE_IDS. Read-only."
  data_access = ["Infrastructure"]
  # t9: permissions = "ReadOnly"
}

resource "terraform_data" "status" {
  for_each = toset(split(" ", var.INSTANCE_IDS))
  provisioner "local-exec" {
    command = "aws ec2 describe-instance-status --instance-ids ${each.value}"
  }
}
