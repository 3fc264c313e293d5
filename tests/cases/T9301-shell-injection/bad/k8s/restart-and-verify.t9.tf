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

variable "NAMESPACE" {
  type        = string
  description = "Kubernetes namespace"
  validation {
    condition     = can(regex("^[a-z0-9-]+$", var.NAMESPACE))
    error_message = "NAMESPACE is not valid."
  }
}

variable "DEPLOYMENT" {
  type        = string
  description = "Deployment to restart"
  validation {
    condition     = length(var.DEPLOYMENT) > 0 && length(var.DEPLOYMENT) <= 253
    error_message = "DEPLOYMENT is not valid."
  }
}

variable "HEALTH_PATH" {
  type        = string
  description = "HTTP path of the health check inside the pod"
  default     = "/healthz"
  validation {
    condition     = startswith(var.HEALTH_PATH, "/")
    error_message = "HEALTH_PATH is not valid."
  }
}

resource "tensor9_command" "this" {
  name         = "restart-and-verify"
  display      = "Restart a deployment and verify"
  description  = "Restarts DEPLOYMENT in NAMESPACE with kubectl rollout restart and waits for the rollout."
  data_access  = ["Infrastructure"]
  side_effects = ["pod-restarts"]
  # t9: permissions = "ReadWrite"
}

resource "terraform_data" "restart" {
  provisioner "local-exec" {
    command = "kubectl rollout restart deployment/${var.DEPLOYMENT} -n ${var.NAMESPACE}"
  }
}

resource "terraform_data" "verify" {
  depends_on = [terraform_data.restart]
  provisioner "local-exec" {
    command = "kubectl exec deploy/${var.DEPLOYMENT} -n ${var.NAMESPACE} -- sh -c 'curl -fsS localhost:8080${var.HEALTH_PATH}'"
  }
}
