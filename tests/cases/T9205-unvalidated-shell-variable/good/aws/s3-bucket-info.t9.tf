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

variable "BUCKET" {
  type        = string
  description = "Name of the S3 bucket to describe"
}

resource "tensor9_command" "this" {
  name        = "s3-bucket-info"
  display     = "S3 bucket info"
  description = "Reads the region and ARN of the S3 bucket BUCKET. Read-only."
  data_access = ["Storage"]
  # t9: permissions = "ReadOnly"
}

data "aws_s3_bucket" "target" {
  bucket = var.BUCKET
}

output "bucket_region" {
  value = data.aws_s3_bucket.target.region
}
