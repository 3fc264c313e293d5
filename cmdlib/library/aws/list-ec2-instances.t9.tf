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

variable "STATE" {
  type        = string
  description = "Instance state to list"
  default     = "running"
  validation {
    condition     = contains(["pending", "running", "stopping", "stopped"], var.STATE)
    error_message = "STATE must be one of pending, running, stopping, stopped."
  }
}

variable "NAME_PREFIX" {
  type        = string
  description = "Only instances whose Name tag starts with this prefix; empty lists all"
  default     = ""
  validation {
    condition     = var.NAME_PREFIX == "" || can(regex("^[A-Za-z0-9._-]{1,128}$", var.NAME_PREFIX))
    error_message = "NAME_PREFIX must be empty or letters, digits, '.', '_' and '-' (at most 128)."
  }
}

resource "tensor9_command" "this" {
  name        = "list-ec2-instances"
  # t9: permissions = "ReadOnly"
  display     = "List EC2 instances"
  description = "Lists IDs and private IPs of EC2 instances in STATE whose Name starts with NAME_PREFIX. Read-only."
  data_access = ["Infrastructure"]

  example_output = <<-EOT
    instance_ids = ["i-0a1b2c3d4e5f67890", "i-0f9e8d7c6b5a43210"]
    private_ips  = ["10.0.12.7", "10.0.14.9"]
  EOT
}

data "aws_instances" "selected" {
  instance_state_names = [var.STATE]

  filter {
    name   = "tag:Name"
    values = ["${var.NAME_PREFIX}*"]
  }
}

output "instance_ids" {
  value = data.aws_instances.selected.ids
}

output "private_ips" {
  value = data.aws_instances.selected.private_ips
}
