# t9lint-ignore: T9990 -- covers the whole resource block below
resource "null_resource" "df" {
  provisioner "local-exec" {
    command = "df -h"
  }
}

# t9lint-ignore: T9990 -- covers only the next line
locals { a = 1 }
locals { b = 2 }
