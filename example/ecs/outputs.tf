################################################################################
# Registry alias
################################################################################

output "domain_url" {
  description = "HTTPS URL of the registry alias. Check it with curl -i on its /v2/ path (from inside the VPC when internal = true)."
  value       = module.ecr_domain.domain_url
}

output "registry_host" {
  description = "The ECR registry behind the service."
  value       = module.ecr_domain.registry_host
}

output "load_balancer_dns_name" {
  description = "The load balancer's own name, which the A/AAAA records point at. Use it as the target when you move DNS out of Route 53."
  value       = module.ecr_domain.load_balancer_dns_name
}

output "ecs_cluster_arn" {
  description = "The cluster of the service. Use it with `aws ecs list-tasks --cluster`."
  value       = module.ecr_domain.ecs_cluster_arn
}

output "ecs_service_name" {
  description = "The service that runs serve. Roll out a new image by changing the image variable; `aws ecs describe-services` shows the deployment."
  value       = module.ecr_domain.ecs_service_name
}

output "ecs_log_group_name" {
  description = "Log group of the tasks. Follow it with `aws logs tail --follow`."
  value       = module.ecr_domain.ecs_log_group_name
}

output "push_policy_json" {
  description = "IAM policy that lets CI push push_repositories through the alias."
  value       = module.ecr_domain.push_policy_json
}
