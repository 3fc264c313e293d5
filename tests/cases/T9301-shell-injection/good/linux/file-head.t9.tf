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

variable "FILE_PATH" {
  type        = string
  description = "Absolute path of the file to read"
  validation {
    condition     = can(regex("^/[A-Za-z0-9._/-]+$", var.FILE_PATH)) && !can(regex("[.][.]", var.FILE_PATH))
    error_message = "FILE_PATH must be an absolute path of letters, digits, '.', '_', '-' and '/'."
  }
}

variable "MAX_BYTES" {
  type        = number
  description = "How many bytes to print from the start of the file"
  default     = 4096
  validation {
    condition     = var.MAX_BYTES >= 1 && var.MAX_BYTES <= 65536
    error_message = "MAX_BYTES must be between 1 and 65536."
  }
}

resource "tensor9_command" "this" {
  name        = "file-head"
  display     = "First bytes of a file"
  description = "Prints the first MAX_BYTES bytes of the file FILE_PATH with head. Read-only."
  data_access = ["Storage"]
  # t9: permissions = "ReadOnly"
}

resource "terraform_data" "head" {
  provisioner "local-exec" {
    command = "head -c ${var.MAX_BYTES} '${var.FILE_PATH}'"
  }
}
