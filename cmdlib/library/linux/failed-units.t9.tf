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

resource "tensor9_command" "this" {
  name        = "failed-units"
  # t9: permissions = "ReadOnly"
  display     = "List failed systemd units"
  description = "Lists every systemd unit in the failed state with its description (systemctl). Read-only."
  data_access = ["Infrastructure"]

  example_output = <<-EOT
    UNIT               LOAD   ACTIVE SUB    DESCRIPTION
    app-worker.service loaded failed failed Application background worker

    1 loaded units listed.
  EOT
}

resource "terraform_data" "failed_units" {
  provisioner "local-exec" {
    command = "systemctl list-units --state=failed --no-pager"
  }
}
