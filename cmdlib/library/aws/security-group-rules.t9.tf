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

variable "GROUP_ID" {
  type        = string
  description = "ID of the security group, e.g. sg-0123456789abcdef0"
  validation {
    condition     = can(regex("^sg-[0-9a-f]{8,17}$", var.GROUP_ID))
    error_message = "GROUP_ID must look like sg-0123456789abcdef0."
  }
}

resource "tensor9_command" "this" {
  name        = "security-group-rules"
  # t9: permissions = "ReadOnly"
  display     = "Security group rules"
  description = "Lists every inbound and outbound rule of security group GROUP_ID as a table. Read-only."
  data_access = ["Network"]
}

resource "terraform_data" "rules" {
  provisioner "local-exec" {
    command = "aws ec2 describe-security-group-rules --filters Name=group-id,Values=${var.GROUP_ID} --output table"
  }
}
