#!/usr/bin/env bash
: <<'TENSOR9'
name        = "validation-outside-the-subset"
display     = "Show routes"
description = "Show the routes to SUBNET with ip route. Read-only."
data_access = ["Network"]
permissions = "ReadOnly"

variable "SUBNET" {
  type        = string
  description = "IPv4 subnet in CIDR notation"
  validation {
    condition     = can(cidrhost(var.SUBNET, 0))
    error_message = "SUBNET must be a CIDR block"
  }
}
TENSOR9
ip route show "$SUBNET"
