################################################################################
# Providers
################################################################################

provider "aws" {
  region = var.region
}

################################################################################
# Registry alias
################################################################################

module "ecr_domain" {
  source = "../"

  name        = var.name
  domain_name = var.domain_name
  zone_id     = var.zone_id

  throttling = {
    burst_limit = 200
    rate_limit  = 100
  }

  function = {
    memory_size = 256
  }

  log_retention_in_days = 14
  pull_repositories     = var.pull_repositories
  push_repositories     = var.push_repositories

  tags = var.tags
}
