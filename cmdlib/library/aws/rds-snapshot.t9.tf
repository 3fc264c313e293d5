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

variable "DB_ID" {
  type        = string
  description = "Identifier of the RDS DB instance to snapshot"
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,62}$", var.DB_ID))
    error_message = "DB_ID must be an RDS identifier: a letter, then lowercase letters, digits and '-'."
  }
}

variable "SNAP_ID" {
  type        = string
  description = "Identifier to give the new DB snapshot, e.g. orders-db-before-upgrade"
  validation {
    condition     = can(regex("^[a-z]([a-z0-9-]{0,253}[a-z0-9])?$", var.SNAP_ID))
    error_message = "SNAP_ID must be a letter, then lowercase letters, digits and '-', not ending in '-'."
  }
}

resource "tensor9_command" "this" {
  name         = "rds-snapshot"
  # t9: permissions = "ReadWrite"
  display      = "Snapshot an RDS instance"
  description  = "Creates one manual DB snapshot SNAP_ID of RDS instance DB_ID, then waits until it is available."
  data_access  = ["Storage", "Infrastructure"]
  side_effects = ["rds-snapshot"]
}

resource "null_resource" "create_snapshot" {
  provisioner "local-exec" {
    command = "aws rds create-db-snapshot --db-instance-identifier ${var.DB_ID} --db-snapshot-identifier ${var.SNAP_ID}"
  }
}

resource "null_resource" "wait_available" {
  depends_on = [null_resource.create_snapshot]

  provisioner "local-exec" {
    command = "aws rds wait db-snapshot-available --db-snapshot-identifier ${var.SNAP_ID}"
  }
}
