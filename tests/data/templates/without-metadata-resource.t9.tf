resource "null_resource" "df" {
  provisioner "local-exec" {
    command = "df -h"
  }
}
