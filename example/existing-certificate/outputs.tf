################################################################################
# Zone
################################################################################

output "zone_name_servers" {
  description = "Name servers of the registry's own hosted zone, which the parent zone delegates to. Use them to check the delegation with dig NS."
  value       = aws_route53_zone.this.name_servers
}

################################################################################
# Registry alias
################################################################################

output "domain_url" {
  description = "HTTPS URL of the registry alias. Check it with curl -i on its /v2/ path."
  value       = module.ecr_domain.domain_url
}

output "certificate_arn" {
  description = "ARN of the certificate the example created and the alias serves. Use it to watch its renewal."
  value       = module.ecr_domain.certificate_arn
}

output "pull_policy_json" {
  description = "IAM policy (JSON) to attach to the principals that pull through the alias."
  value       = module.ecr_domain.pull_policy_json
}
