terraform {
  required_providers {
    tensor9 = {
      source  = "tensor9/tensor9"
      version = "~> 2.41"
    }
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

provider "tensor9" {
  mode = "ops"
}

variable "BUCKET" {
  type        = string
  description = "Name of the S3 bucket"
  validation {
    condition     = length(var.BUCKET) <= 63 && can(regex("^[a-z0-9][a-z0-9.-]+[a-z0-9]$", var.BUCKET))
    error_message = "BUCKET must be a bucket name: 3 to 63 lowercase letters, digits, '.' and '-'."
  }
}

resource "tensor9_command" "this" {
  name        = "s3-bucket-info"
  # t9: permissions = "ReadOnly"
  display     = "S3 bucket details"
  description = "Shows the ARN, region and domain names of S3 bucket BUCKET; it reads no object. Read-only."
  data_access = ["Storage"]

  example_output = <<-EOT
    arn                  = "arn:aws:s3:::acme-app-uploads"
    region               = "eu-west-1"
    regional_domain_name = "acme-app-uploads.s3.eu-west-1.amazonaws.com"
  EOT
}

data "aws_s3_bucket" "selected" {
  bucket = var.BUCKET
}

output "arn" {
  value = data.aws_s3_bucket.selected.arn
}

output "region" {
  value = data.aws_s3_bucket.selected.region
}

output "regional_domain_name" {
  value = data.aws_s3_bucket.selected.bucket_regional_domain_name
}
