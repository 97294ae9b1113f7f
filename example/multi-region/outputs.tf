################################################################################
# Registry alias
################################################################################

output "domain_url" {
  description = "HTTPS URL of the registry alias. Check it with curl -i on its /v2/ path; Route 53 answers with the closest healthy region."
  value       = module.ecr_domain_primary.domain_url
}

output "registry_hosts" {
  description = "The ECR registry each region's alias sends clients to, keyed by region. Use it to check that replication covers every repository."
  value = {
    (var.primary_region)   = module.ecr_domain_primary.registry_host
    (var.secondary_region) = module.ecr_domain_secondary.registry_host
  }
}

output "health_check_ids" {
  description = "Route 53 health check of each region's API, keyed by region. Use them to alarm on the HealthCheckStatus metric."
  value = {
    (var.primary_region)   = module.ecr_domain_primary.health_check_id
    (var.secondary_region) = module.ecr_domain_secondary.health_check_id
  }
}

output "pull_policy_json" {
  description = "IAM policy (JSON) to attach to the principals that pull through the alias, for the primary region's registry; the secondary region's grants the same repositories there."
  value       = module.ecr_domain_primary.pull_policy_json
}
