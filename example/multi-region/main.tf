################################################################################
# Providers
################################################################################

provider "aws" {
  alias  = "primary"
  region = var.primary_region
}

provider "aws" {
  alias  = "secondary"
  region = var.secondary_region
}

################################################################################
# Registry alias
################################################################################

# Owns the certificate's validation record: ACM asks for the same record in every region of an account.
module "ecr_domain_primary" {
  source = "../../"

  providers = {
    aws = aws.primary
  }

  name        = var.name
  domain_name = var.domain_name
  zone_id     = var.zone_id

  dns_latency_routing = true
  create_health_check = true

  pull_repositories = var.pull_repositories

  tags = var.tags
}

# Waits for its own certificate, which the primary region's record validates; destroying this copy leaves
# the record, and so every other region's renewals, alone.
module "ecr_domain_secondary" {
  source = "../../"

  providers = {
    aws = aws.secondary
  }

  name        = var.name
  domain_name = var.domain_name
  zone_id     = var.zone_id

  create_certificate_validation_record = false

  dns_latency_routing = true
  create_health_check = true

  pull_repositories = var.pull_repositories

  tags = var.tags
}
