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

variable "LOG_GROUP" {
  type        = string
  description = "CloudWatch Logs group to read, e.g. /aws/lambda/orders-api"
  validation {
    condition     = can(regex("^[A-Za-z0-9_./-]{1,512}$", var.LOG_GROUP))
    error_message = "LOG_GROUP must be a log group name of letters, digits, '_', '.', '/' and '-'."
  }
}

variable "SINCE_MINUTES" {
  type        = number
  description = "How far back to read, in minutes (1 to 1440)"
  default     = 15
  validation {
    condition     = var.SINCE_MINUTES >= 1 && var.SINCE_MINUTES <= 1440
    error_message = "SINCE_MINUTES must be between 1 and 1440."
  }
}

resource "tensor9_command" "this" {
  name        = "cloudwatch-log-tail"
  # t9: permissions = "ReadOnly"
  display     = "Recent CloudWatch log events"
  description = "Prints the events of LOG_GROUP from the last SINCE_MINUTES minutes, with aws logs tail. Read-only."
  data_access = ["Logs"]

  example_output = <<-EOT
    2026-11-21T09:14:02 4f1c START RequestId: 4f1c Version: 42
    2026-11-21T09:14:03 4f1c ERROR order 8812 rejected: card declined
  EOT
}

resource "terraform_data" "tail" {
  provisioner "local-exec" {
    command = "aws logs tail ${var.LOG_GROUP} --since ${var.SINCE_MINUTES}m --format short"
  }
}
