################################################################################
# Registry alias
################################################################################

output "domain_url" {
  description = "HTTPS URL of the registry alias. Check it with curl -i on its /v2/ path."
  value       = module.ecr_domain.domain_url
}

output "public_repositories" {
  description = "Repositories anyone (or anyone with the basic-auth password) may pull, such as <domain>/public/tool:1.0."
  value       = module.ecr_domain.public_repositories
}

output "public_auth_mode" {
  description = "\"none\" for anonymous pulls, \"basic\" when pulls need docker login."
  value       = module.ecr_domain.public_auth_mode
}

output "function_log_group_name" {
  description = "Log group of the alias function. Follow it with `aws logs tail --follow`."
  value       = module.ecr_domain.function_log_group_name
}
