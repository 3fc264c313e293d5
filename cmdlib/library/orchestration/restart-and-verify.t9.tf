terraform {
  required_providers {
    tensor9 = {
      source  = "tensor9/tensor9"
      version = "~> 2.41"
    }
    null = {
      source  = "hashicorp/null"
      version = "~> 3.2"
    }
  }
}

provider "tensor9" {
  mode = "ops"
}

variable "NAMESPACE" {
  type        = string
  description = "Kubernetes namespace of the deployment"
  validation {
    condition     = can(regex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", var.NAMESPACE))
    error_message = "NAMESPACE must be a DNS label: lowercase letters, digits and '-', at most 63."
  }
}

variable "DEPLOYMENT" {
  type        = string
  description = "Name of the deployment to restart"
  validation {
    condition     = can(regex("^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$", var.DEPLOYMENT))
    error_message = "DEPLOYMENT must be a DNS subdomain name: lowercase letters, digits, '.' and '-'."
  }
}

variable "TIMEOUT_SECONDS" {
  type        = number
  description = "How long to wait for the new pods to become ready, in seconds (30 to 1800)"
  default     = 300
  validation {
    condition     = var.TIMEOUT_SECONDS >= 30 && var.TIMEOUT_SECONDS <= 1800
    error_message = "TIMEOUT_SECONDS must be between 30 and 1800."
  }
}

resource "tensor9_command" "this" {
  name         = "restart-and-verify"
  # t9: permissions = "ReadWrite"
  display      = "Restart a deployment and verify it"
  description  = "Restarts every pod of DEPLOYMENT in NAMESPACE (rollout restart), waits for the rollout, shows it."
  data_access  = ["Infrastructure"]
  side_effects = ["pod-restarts"]
}

resource "null_resource" "restart" {
  provisioner "local-exec" {
    command = "kubectl rollout restart deployment ${var.DEPLOYMENT} -n ${var.NAMESPACE}"
  }
}

resource "null_resource" "wait_rollout" {
  depends_on = [null_resource.restart]

  provisioner "local-exec" {
    command = "kubectl rollout status deploy ${var.DEPLOYMENT} -n ${var.NAMESPACE} --timeout=${var.TIMEOUT_SECONDS}s"
  }
}

resource "null_resource" "show_deployment" {
  depends_on = [null_resource.wait_rollout]

  provisioner "local-exec" {
    command = "kubectl get deployment ${var.DEPLOYMENT} -n ${var.NAMESPACE} -o wide"
  }
}
