# A platform team's root: copies of the module in one account and region with default names, one per environment,
# for_each over fixed keys. Two domains are known at plan; the third is made by another resource, so Terraform knows
# it only at apply. tests/copies.tftest.hcl plans it for each front door.

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

variable "front_door" {
  description = "The front door every copy uses: \"api-gateway\", \"cloudfront\" or \"ecs\"."
  type        = string
}

# Stands for any resource or module output that names the domain, unknown until the apply.
resource "terraform_data" "preview_domain" {
  input = "ecr.preview.example.com"
}

module "registry" {
  source = "../.."
  for_each = {
    prod    = "ecr.example.com"
    staging = "ecr.staging.example.com"
    preview = terraform_data.preview_domain.output
  }

  domain_name = each.value
  zone_id     = "Z0123456789ABCDEFGHIJ"
  front_door  = var.front_door
  registry    = "123456789012.dkr.ecr.eu-west-1.amazonaws.com"

  ecs = {
    image      = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/ecr-custom-domain@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
    vpc_id     = "vpc-0123456789abcdef0"
    subnet_ids = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
  }
}

output "names" {
  description = "Every name a copy gives an account-wide or regional resource, by copy: no two copies may share one."
  value = { for key, copy in module.registry : key => [
    for name in [
      copy.function_name, copy.function_role_name, copy.function_log_group_name, copy.api_log_group_name,
      copy.cloudfront_function_name, copy.cloudfront_log_group_name,
      copy.ecs_cluster_name, copy.ecs_service_name, copy.ecs_log_group_name, copy.ecs_task_role_name, copy.ecs_execution_role_name, copy.load_balancer_name,
    ] : name if name != null
  ] }
}
