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

variable "TAG_VALUE" {
  type        = string
  description = "Value of the Service tag of the instances"
  validation {
    condition     = can(regex("^[A-Za-z0-9-]{1,64}$", var.TAG_VALUE))
    error_message = "TAG_VALUE is not valid."
  }
}

resource "tensor9_command" "this" {
  name        = "instance-status"
  display     = "Instance status"
  description = "Shows the EC2 status checks of the instances tagged Service=TAG_VALUE. Read-only."
  data_access = ["Infrastructure"]
  # t9: permissions = "ReadOnly"
}

data "aws_instances" "tagged" {
  instance_tags = {
    Service = var.TAG_VALUE
  }
}

resource "terraform_data" "status" {
  for_each = toset(data.aws_instances.tagged.ids)
  provisioner "local-exec" {
    command = "aws ec2 describe-instance-status --instance-ids ${each.value}"
  }
}
