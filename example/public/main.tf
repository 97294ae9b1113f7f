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
  source = "../../"

  name        = var.name
  domain_name = var.domain_name
  zone_id     = var.zone_id

  # Anyone may pull these repositories, read-only; with a parameter name, only who knows its username:password.
  access = "public"
  public = {
    repositories                  = var.public_repositories
    auth                          = var.basic_auth_ssm_parameter_name == null ? "none" : "basic"
    basic_auth_ssm_parameter_name = var.basic_auth_ssm_parameter_name
  }

  function = {
    reserved_concurrent_executions = 10
  }

  log_retention_in_days = 14

  tags = var.tags
}
