################################################################################
# Providers
################################################################################

# The registry's region.
provider "aws" {
  region = var.region
}

# CloudFront reads its certificate in us-east-1, so the module, which creates it, runs there.
provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"
}

data "aws_caller_identity" "current" {}

################################################################################
# Registry alias
################################################################################

module "ecr_domain" {
  source = "../../"

  providers = {
    aws = aws.us_east_1
  }

  name        = var.name
  domain_name = var.domain_name
  zone_id     = var.zone_id

  # CloudFront streams every request, layer uploads of any size included, to the registry.
  front_door = "cloudfront"

  # The module runs in us-east-1; the registry stays in var.region.
  registry = "${data.aws_caller_identity.current.account_id}.dkr.ecr.${var.region}.amazonaws.com"

  pull_repositories = var.pull_repositories
  push_repositories = var.push_repositories

  tags = var.tags
}
