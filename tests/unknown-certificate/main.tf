# A certificate made in the same apply, passed as certificate_arn while create_certificate stays true (the default):
# Terraform cannot know the ARN at plan, and the module must fail the plan rather than stop the apply half-way.

terraform {
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}

provider "aws" {
  region = "eu-west-1"
}

resource "aws_acm_certificate" "mine" {
  domain_name       = "ecr.example.com"
  validation_method = "DNS"
}

module "registry" {
  source = "../.."

  domain_name     = "ecr.example.com"
  zone_id         = "Z0123456789ABCDEFGHIJ"
  certificate_arn = aws_acm_certificate.mine.arn
}
