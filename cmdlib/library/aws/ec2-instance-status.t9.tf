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

variable "INSTANCE_ID" {
  type        = string
  description = "ID of the EC2 instance, e.g. i-0123456789abcdef0"
  validation {
    condition     = startswith(var.INSTANCE_ID, "i-") && can(regex("^i-[0-9a-f]{8,17}$", var.INSTANCE_ID))
    error_message = "INSTANCE_ID must look like i-0123456789abcdef0."
  }
}

resource "tensor9_command" "this" {
  name        = "ec2-instance-status"
  # t9: permissions = "ReadOnly"
  display     = "EC2 instance status checks"
  description = "Shows the state, system and instance status checks and scheduled events of INSTANCE_ID. Read-only."
  data_access = ["Infrastructure"]

  example_output = <<-EOT
    {
        "InstanceStatuses": [
            {
                "InstanceId": "i-0123456789abcdef0",
                "InstanceState": {"Code": 16, "Name": "running"},
                "SystemStatus": {"Status": "ok"},
                "InstanceStatus": {"Status": "ok"}
            }
        ]
    }
  EOT
}

resource "terraform_data" "status" {
  provisioner "local-exec" {
    command = "aws ec2 describe-instance-status --instance-ids ${var.INSTANCE_ID} --include-all-instances"
  }
}
