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

variable "NODE" {
  type        = string
  description = "Name of the Kubernetes node, as kubectl get nodes shows it"
  validation {
    condition     = can(regex("^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$", var.NODE))
    error_message = "NODE must be a DNS subdomain name: lowercase letters, digits, '.' and '-'."
  }
}

variable "VOLUME_ID" {
  type        = string
  description = "ID of the node's EBS data volume to snapshot, e.g. vol-0123456789abcdef0"
  validation {
    condition     = can(regex("^vol-[0-9a-f]{8,17}$", var.VOLUME_ID))
    error_message = "VOLUME_ID must look like vol-0123456789abcdef0."
  }
}

variable "DRAIN_TIMEOUT_SECONDS" {
  type        = number
  description = "How long the drain may take before it gives up, in seconds (60 to 1800)"
  default     = 300
  validation {
    condition     = var.DRAIN_TIMEOUT_SECONDS >= 60 && var.DRAIN_TIMEOUT_SECONDS <= 1800
    error_message = "DRAIN_TIMEOUT_SECONDS must be between 60 and 1800."
  }
}

resource "tensor9_command" "this" {
  name         = "drain-node-and-snapshot"
  # t9: permissions = "Admin"
  display      = "Drain a node and snapshot its volume"
  description  = "Cordons and drains node NODE (evicts its pods), then creates one EBS snapshot of VOLUME_ID."
  data_access  = ["Infrastructure", "Storage"]
  side_effects = ["node-cordon", "node-drain", "pod-evictions", "ebs-snapshot"]
}

resource "terraform_data" "cordon" {
  provisioner "local-exec" {
    command = "kubectl cordon ${var.NODE}"
  }
}

resource "terraform_data" "drain" {
  depends_on = [terraform_data.cordon]

  provisioner "local-exec" {
    command = "kubectl drain ${var.NODE} --ignore-daemonsets --timeout=${var.DRAIN_TIMEOUT_SECONDS}s"
  }
}

resource "terraform_data" "snapshot" {
  depends_on = [terraform_data.drain]

  provisioner "local-exec" {
    command = "aws ec2 create-snapshot --volume-id ${var.VOLUME_ID} --description ops-drain-${var.NODE}"
  }
}

resource "terraform_data" "show_node" {
  depends_on = [terraform_data.snapshot]

  provisioner "local-exec" {
    command = "kubectl get node ${var.NODE} -o wide"
  }
}
