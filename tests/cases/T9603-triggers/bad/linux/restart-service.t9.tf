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
  name         = "restart-service"
  display      = "Restart a service"
  description  = "Restarts nginx with systemctl when the configuration changed."
  data_access  = ["Infrastructure"]
  side_effects = ["service-restart"]
  # t9: permissions = "ReadWrite"
}

resource "null_resource" "restart" {
  triggers = {
    config = filesha256("/etc/nginx/nginx.conf")
  }
  provisioner "local-exec" {
    command = "systemctl restart nginx"
  }
}
