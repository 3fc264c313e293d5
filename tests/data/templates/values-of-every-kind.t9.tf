resource "tensor9_command" "this" {
  name        = "values-of-every-kind"
  display     = "Tab\there \"quoted\" back\\slash \u00e9 \U0001F600"
  description = "Literal $${NOT_INTERPOLATED} and %%{ not a directive }"
  data_access = ["Storage", "Logs"]
  count_int   = 42
  negative    = -7
  ratio       = 0.25
  enabled     = true
  disabled    = false
  nothing     = null
  nested      = { inner = { deep = [1, 2, "three"] }, "quoted key" = "v" }
  mixed       = ["a", var.B, 3]
  reference   = var.REGION
  call        = timestamp()
  conditional = var.ALL ? "all" : "some"
  interpolated = "prefix-${var.REGION}-suffix"
  example_output = <<-EOT
    first line
      indented line

    after a blank line
  EOT
  raw_heredoc = <<EOT
  kept   as is
$${HOME}
EOT
}

variable "REGION" {
  type    = string
  default = "eu-west-1"
}

variable "COUNT" {
  type    = number
  default = 3
  validation {
    condition     = var.COUNT >= 1 && var.COUNT <= 10
    error_message = "COUNT must be between 1 and 10."
  }
}

resource "terraform_data" "run" {
  triggers_replace = [timestamp()]
  provisioner "local-exec" {
    command = <<-EOT
      echo "region ${var.REGION}"
      echo "home $${HOME}"
    EOT
  }
}
