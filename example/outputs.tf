################################################################################
# Registry alias
################################################################################

output "domain_url" {
  description = "HTTPS URL of the registry alias. Check it with curl -i on its /v2/ path."
  value       = module.ecr_domain.domain_url
}

output "registry_host" {
  description = "The ECR registry the alias sends clients to."
  value       = module.ecr_domain.registry_host
}

output "function_log_group_name" {
  description = "Log group of the alias function. Follow it with `aws logs tail --follow`."
  value       = module.ecr_domain.function_log_group_name
}

output "pull_policy_json" {
  description = "IAM policy (JSON) to attach to the principals that pull through the alias."
  value       = module.ecr_domain.pull_policy_json
}

output "push_policy_json" {
  description = "IAM policy (JSON) to attach to the principals that push through the alias; null when push_repositories is empty."
  value       = module.ecr_domain.push_policy_json
}
