terraform {
  required_providers {
    tensor9 = { source = "tensor9/tensor9", version = "~> 2.41" }
  }
}

provider "tensor9" { mode = "ops" }

variable "NAMESPACE" {
  type        = string
  description = "Kubernetes namespace"
  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", var.NAMESPACE))
    error_message = "NAMESPACE must be a DNS label"
  }
}

variable "LOG_PATH" {
  type        = string
  description = "Absolute log directory"
  default     = "/var/log"
  validation {
    condition     = startswith(var.LOG_PATH, "/") && !endswith(var.LOG_PATH, "/")
    error_message = "LOG_PATH must be absolute without a trailing slash"
  }
}

variable "LEVEL" {
  type        = string
  description = "Log level"
  default     = "info"
  validation {
    condition     = contains(["debug", "info", "warn"], var.LEVEL)
    error_message = "LEVEL must be debug, info or warn"
  }
}

variable "LINES" {
  type        = number
  description = "How many lines to show"
  default     = 100
  validation {
    condition     = var.LINES >= 1 && var.LINES <= 10000
    error_message = "LINES must be between 1 and 10000"
  }
}

variable "SUFFIX" {
  type        = string
  description = "Optional file suffix"
  default     = ""
  validation {
    condition = (
      var.SUFFIX == "" ||
      (length(var.SUFFIX) <= 8 && can(regex("^\\.[a-z]+$", var.SUFFIX)))
    )
    error_message = "SUFFIX must be empty or like .log"
  }
}

resource "tensor9_command" "this" {
  name        = "validations-of-every-idiom"
  display     = "Show logs"
  description = "Show the last LINES lines of the logs of NAMESPACE. Read-only."
  data_access = ["Logs"]
}

resource "null_resource" "tail" {
  provisioner "local-exec" {
    command = "tail -n ${var.LINES} ${var.LOG_PATH}/${var.NAMESPACE}${var.SUFFIX}"
  }
}
