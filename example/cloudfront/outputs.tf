################################################################################
# Registry alias
################################################################################

output "domain_url" {
  description = "HTTPS URL of the registry alias. Check it with curl -i on its /v2/ path."
  value       = module.ecr_domain.domain_url
}

output "registry_host" {
  description = "The ECR registry behind the distribution."
  value       = module.ecr_domain.registry_host
}

output "cloudfront_distribution_domain_name" {
  description = "The distribution's own host name, which the A/AAAA records point at. Use it as the target when you move DNS out of Route 53."
  value       = module.ecr_domain.cloudfront_distribution_domain_name
}

output "pull_policy_json" {
  description = "IAM policy (JSON) to attach to the principals that pull through the alias."
  value       = module.ecr_domain.pull_policy_json
}

output "push_policy_json" {
  description = "IAM policy (JSON) to attach to the principals that push through the alias; null when push_repositories is empty."
  value       = module.ecr_domain.push_policy_json
}
