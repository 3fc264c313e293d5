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

variable "IAM_USER" {
  type        = string
  description = "IAM user whose access key to rotate"
  validation {
    condition     = can(regex("^[A-Za-z0-9+.@_-]{1,64}$", var.IAM_USER))
    error_message = "IAM_USER must be an IAM user name: letters, digits, '+', '.', '@', '_' and '-'."
  }
}

variable "OLD_KEY" {
  type        = string
  description = "ID of the access key to deactivate once the new key exists"
  validation {
    condition     = length(var.OLD_KEY) == 20 && can(regex("^AKIA[A-Z0-9]{16}$", var.OLD_KEY))
    error_message = "OLD_KEY must be an access key ID like AKIAIOSFODNN7EXAMPLE."
  }
}

resource "tensor9_command" "this" {
  name         = "rotate-iam-access-key"
  # t9: permissions = "Admin"
  display      = "Rotate an IAM access key"
  description  = "Creates a new access key for IAM user IAM_USER, then deactivates (not deletes) OLD_KEY."
  icon         = "key"
  data_access  = ["Infrastructure"]
  side_effects = ["iam-key-rotation"]
}

resource "terraform_data" "create_key" {
  provisioner "local-exec" {
    command = "aws iam create-access-key --user-name ${var.IAM_USER}"
  }
}

resource "terraform_data" "deactivate_old_key" {
  depends_on = [terraform_data.create_key]

  provisioner "local-exec" {
    command = "aws iam update-access-key --user-name ${var.IAM_USER} --access-key-id ${var.OLD_KEY} --status Inactive"
  }
}

resource "terraform_data" "list_keys" {
  depends_on = [terraform_data.deactivate_old_key]

  provisioner "local-exec" {
    command = "aws iam list-access-keys --user-name ${var.IAM_USER} --output table"
  }
}
