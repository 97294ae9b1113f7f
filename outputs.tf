################################################################################
# Common
################################################################################

output "registry_host" {
  description = "The registry (host[:port]) the alias sends clients to. Compare with `docker info` or your pull logs when a pull goes somewhere unexpected."
  value       = local.registry
}

################################################################################
# API Gateway
################################################################################

output "api_id" {
  description = "ID of the HTTP API; null with front_door = \"cloudfront\". Use it to find the API in the console or in CloudWatch metrics (ApiId dimension)."
  value       = one(aws_apigatewayv2_api.this[*].id)
}

output "api_arn" {
  description = "ARN of the HTTP API; null unless front_door = \"api-gateway\". Use it in IAM policies that manage the API. AWS WAF cannot guard HTTP APIs: limit clients with throttling, or put CloudFront with a web ACL in front (front_door = \"cloudfront\" with cloudfront.web_acl_id, or front_door = \"ecs\" with ecs.web_acl_arn)."
  value       = one(aws_apigatewayv2_api.this[*].arn)
}

output "api_endpoint" {
  description = "The API's execute-api endpoint, which the module enables only for the health check (create_health_check = true); null while it is disabled and with front_door = \"cloudfront\". Clients use domain_url; use this to probe the region's API directly, as Route 53 does."
  value       = local.create_health_check ? aws_apigatewayv2_api.this[0].api_endpoint : null
}

output "api_execution_arn" {
  description = "Execution ARN of the API; null with front_door = \"cloudfront\". Use it to scope further Lambda permissions, for example for an authorizer."
  value       = one(aws_apigatewayv2_api.this[*].execution_arn)
}

output "stage_id" {
  description = "ID of the API's $default stage; null with front_door = \"cloudfront\". Use it to find the stage in CloudWatch metrics (Stage dimension) or with aws apigatewayv2 commands."
  value       = one(aws_apigatewayv2_stage.default[*].id)
}

output "stage_arn" {
  description = "ARN of the API's $default stage; null unless front_door = \"api-gateway\". Use it to scope IAM policies to the stage. It takes no WAF web ACL (WAF guards REST APIs, not HTTP APIs): the stage's throttling is the limit."
  value       = one(aws_apigatewayv2_stage.default[*].arn)
}

################################################################################
# Custom domain
################################################################################

output "domain_name" {
  description = "The registry's own name. Use it in image names (\"<domain_name>/app:tag\") and as the credHelpers key in ~/.docker/config.json."
  value       = var.domain_name
}

output "domain_url" {
  description = "HTTPS URL of the registry alias. Use it to check the alias, for example with curl -i on its /v2/ path."
  value       = "https://${var.domain_name}"
}

output "domain_target_domain_name" {
  description = "Regional API Gateway host name behind the custom domain, or the load balancer's DNS name with front_door = \"ecs\"; null with front_door = \"cloudfront\" (see cloudfront_distribution_domain_name). Use it as the alias or CNAME target when your DNS is not in Route 53."
  value       = local.create_ecs ? aws_lb.this[0].dns_name : one(aws_apigatewayv2_domain_name.this[*].domain_name_configuration[0].target_domain_name)
}

output "domain_hosted_zone_id" {
  description = "Route 53 hosted zone ID of domain_target_domain_name (the API's or the load balancer's); null with front_door = \"cloudfront\". Use it as the alias target's zone when you create the records yourself."
  value       = local.create_ecs ? aws_lb.this[0].zone_id : one(aws_apigatewayv2_domain_name.this[*].domain_name_configuration[0].hosted_zone_id)
}

################################################################################
# CloudFront
################################################################################

output "cloudfront_distribution_id" {
  description = "ID of the CloudFront distribution; null with front_door = \"api-gateway\". Use it with `aws cloudfront` commands (create-invalidation is never needed: nothing is cached) or to find its metrics."
  value       = one(aws_cloudfront_distribution.this[*].id)
}

output "cloudfront_distribution_arn" {
  description = "ARN of the CloudFront distribution; null unless front_door = \"cloudfront\". Use it in IAM policies and alarms; a WAF web ACL attaches through cloudfront.web_acl_id, not to this ARN."
  value       = one(aws_cloudfront_distribution.this[*].arn)
}

output "cloudfront_distribution_domain_name" {
  description = "The distribution's own host name, such as d111111abcdef8.cloudfront.net; null with front_door = \"api-gateway\". Use it as the alias or CNAME target in your DNS provider when DNS is not in Route 53."
  value       = one(aws_cloudfront_distribution.this[*].domain_name)
}

output "cloudfront_distribution_hosted_zone_id" {
  description = "Route 53 hosted zone ID of cloudfront_distribution_domain_name (the same for every distribution); null with front_door = \"api-gateway\". Use it as the alias target's zone when you create the records yourself."
  value       = one(aws_cloudfront_distribution.this[*].hosted_zone_id)
}

output "cloudfront_function_name" {
  description = "Name of the CloudFront Function (name and a hash of its code, so it changes with each build); null unless front_door = \"cloudfront\". Use it with aws cloudfront test-function or describe-function."
  value       = one(aws_cloudfront_function.this[*].name)
}

output "cloudfront_log_group_name" {
  description = "Log group of the distribution's access logs with cloudfront.access_logs = \"cloudwatch-logs\" (one JSON record per request, no request header), else null. Use it with Logs Insights to see every request, its status, edge and latency."
  value       = one(aws_cloudwatch_log_group.cloudfront[*].name)
}

output "cloudfront_function_arn" {
  description = "ARN of the CloudFront Function that keeps the registry's Location and Link headers on domain_name; null with front_door = \"api-gateway\". Use it to find the function and its metrics, or to test it with aws cloudfront test-function."
  value       = one(aws_cloudfront_function.this[*].arn)
}

################################################################################
# Certificate
################################################################################

output "certificate_arn" {
  description = "ARN of the ACM certificate the custom domain or the distribution serves, the one passed in or the one created. Use it to watch its expiry or renewal."
  value       = local.certificate_arn
}

output "certificate_domain_validation_options" {
  description = "The DNS record (domain_name, resource_record_name, resource_record_type, resource_record_value) that validates the certificate the module creates; empty with create_certificate = false. Use it to write the record yourself when create_certificate_validation_record = false and no other copy of the module owns it."
  value       = local.create_certificate ? tolist(aws_acm_certificate.this[0].domain_validation_options) : []
}

################################################################################
# DNS
################################################################################

output "dns_record_fqdns" {
  description = "FQDNs of the A and AAAA (dualstack only) alias records the module created, keyed by record type; empty when DNS is managed elsewhere. Use them to check resolution."
  value       = { for type, record in aws_route53_record.alias : type => record.fqdn }
}

################################################################################
# Health check
################################################################################

output "health_check_id" {
  description = "ID of this region's Route 53 health check when create_health_check = true, else null. Use it on your own failover or latency records, or to alarm on the Route 53 HealthCheckStatus metric."
  value       = one(aws_route53_health_check.this[*].id)
}

################################################################################
# Lambda function
################################################################################

output "function_name" {
  description = "Name of the alias function; null with front_door = \"cloudfront\". Use it with `aws lambda` commands or to find its metrics."
  value       = one(aws_lambda_function.this[*].function_name)
}

output "function_arn" {
  description = "ARN of the alias function; null with front_door = \"cloudfront\". Use it to grant further invocations or to attach alarms."
  value       = one(aws_lambda_function.this[*].arn)
}

output "function_invoke_arn" {
  description = "Invoke ARN of the alias function (the URI API Gateway integrations call); null with front_door = \"cloudfront\". Use it to put the function behind another API Gateway route or API."
  value       = one(aws_lambda_function.this[*].invoke_arn)
}

################################################################################
# Log groups
################################################################################

# Read from the log groups when the module creates them, so that whatever uses these outputs waits for them.
output "function_log_group_name" {
  description = "Log group of the alias function; null with front_door = \"cloudfront\". Use it with `aws logs tail` or Logs Insights to see each decision, or for metric filters and subscriptions (which then wait for the log group)."
  value       = local.create_log_groups ? aws_cloudwatch_log_group.function[0].name : local.create_api_gateway ? local.function_log_group_name : null
}

output "function_log_group_arn" {
  description = "ARN of the alias function's log group; null with front_door = \"cloudfront\". Use it to grant access to the logs or to subscribe to them."
  value       = local.create_api_gateway ? local.function_log_group_arn : null
}

output "api_log_group_name" {
  description = "Log group of the API's JSON access logs (no request headers); null with front_door = \"cloudfront\". Use it to see every request, its status and its latency."
  value       = local.create_log_groups ? aws_cloudwatch_log_group.api[0].name : local.create_api_gateway ? local.api_log_group_name : null
}

output "api_log_group_arn" {
  description = "ARN of the API's access log group; null with front_door = \"cloudfront\". Use it to grant access to the logs or to subscribe to them."
  value       = local.create_api_gateway ? local.api_log_group_arn : null
}

################################################################################
# IAM
################################################################################

output "function_role_arn" {
  description = "ARN of the function's role, which may write its own logs and, with access = \"public\", pull public.repositories; null with front_door = \"cloudfront\". Use it as the principal in the repository policies of a registry in another account."
  value       = one(aws_iam_role.function[*].arn)
}

output "function_role_name" {
  description = "Name of the function's role (role_name, or <name>-<region>); null unless front_door = \"api-gateway\". Use it to attach further policies with aws_iam_role_policy_attachment."
  value       = one(aws_iam_role.function[*].name)
}

################################################################################
# Public access
################################################################################

output "access_mode" {
  description = "\"private\" or \"public\": who may pull through the alias. Use it to label the registry for its users."
  value       = var.access
}

output "public_repositories" {
  description = "Repository names and globs that anyone (or anyone passing public_auth_mode) may pull through the alias; empty in private mode. Use it to publish the list of images."
  value       = local.public ? var.public.repositories : []
}

output "public_auth_mode" {
  description = "How public pulls authenticate: \"none\", \"basic\" or \"custom\"; null in private mode. Use it to tell users whether they need docker login."
  value       = local.public ? var.public.auth : null
}

output "public_repository_arns" {
  description = "IAM resources (repository ARNs, globs as wildcards) the function, or the ecs door's tasks, may pull from; empty in private mode. Use them to check or mirror the grant, for example in the repository policies of a registry in another account."
  value       = local.public_repository_arns
}

output "authorizer_id" {
  description = "ID of the Lambda authorizer on the $default route when public.auth = \"custom\", else null. Use it to find the authorizer in the console or in logs."
  value       = one(aws_apigatewayv2_authorizer.this[*].id)
}

################################################################################
# Registry policies
################################################################################

output "pull_policy_json" {
  description = "IAM policy document (JSON) that allows ecr:GetAuthorizationToken and pulls from pull_repositories; null when that list is empty. Attach it to the users or roles that pull through the alias."
  value       = one(data.aws_iam_policy_document.pull[*].json)
}

output "push_policy_json" {
  description = "IAM policy document (JSON) that allows ecr:GetAuthorizationToken, pulls and pushes on push_repositories; null when that list is empty. Attach it to the users or roles (CI) that push through the alias."
  value       = one(data.aws_iam_policy_document.push[*].json)
}

################################################################################
# ECS
################################################################################

output "ecs_cluster_arn" {
  description = "ARN of the ECS cluster the service runs in, created or given; null unless front_door = \"ecs\". Use it with `aws ecs` commands and in IAM policies."
  value       = local.create_ecs ? local.ecs_cluster_arn : null
}

output "ecs_cluster_name" {
  description = "Name of the ECS cluster the service runs in, created or given; null unless front_door = \"ecs\". Use it with `aws ecs` commands and to find its metrics (ClusterName dimension)."
  value       = local.create_ecs ? local.ecs_cluster_name : null
}

output "ecs_service_name" {
  description = "Name of the ECS service that runs serve; null unless front_door = \"ecs\". Use it with `aws ecs update-service --force-new-deployment` or to find its metrics (ServiceName dimension)."
  value       = one(aws_ecs_service.this[*].name)
}

output "task_definition_arn" {
  description = "ARN of the task definition revision the service runs (image, command, sizes); null unless front_door = \"ecs\". Use it to run a one-off task or to check what a deployment rolled out."
  value       = one(aws_ecs_task_definition.this[*].arn)
}

output "ecs_log_group_name" {
  description = "Log group of serve's tasks; null unless front_door = \"ecs\". Use it with `aws logs tail --follow` or Logs Insights to see what serve reports (the load balancer's own access logs go to ecs.access_logs_bucket)."
  value       = one(aws_cloudwatch_log_group.ecs[*].name)
}

output "ecs_task_role_arn" {
  description = "ARN of the tasks' role, which has no permission in private mode and pulls public.repositories with access = \"public\"; null unless front_door = \"ecs\". Use it as the principal in the repository policies of a registry in another account."
  value       = one(aws_iam_role.ecs_task[*].arn)
}

output "ecs_task_role_name" {
  description = "Name of the tasks' role (role_name, or <name>-task-<region>); null unless front_door = \"ecs\". Use it to attach further policies with aws_iam_role_policy_attachment."
  value       = one(aws_iam_role.ecs_task[*].name)
}

output "ecs_execution_role_name" {
  description = "Name of the role ECS starts the tasks with (ecs.execution_role_name, or <name>-exec-<region>); null unless front_door = \"ecs\". Use it to let the tasks pull an image from elsewhere, with aws_iam_role_policy."
  value       = one(aws_iam_role.ecs_execution[*].name)
}

output "ecs_execution_role_arn" {
  description = "ARN of the role ECS starts the tasks with (pulls ecs.image, writes the log group); null unless front_door = \"ecs\". Use it as the principal in the repository policy when ecs.image is in another account's ECR."
  value       = one(aws_iam_role.ecs_execution[*].arn)
}

output "ecs_tasks_security_group_id" {
  description = "ID of the tasks' security group (HTTP from the load balancer only, HTTPS out); null unless front_door = \"ecs\". Use it to let the tasks reach something else, such as a registry inside the VPC."
  value       = one(aws_security_group.ecs_tasks[*].id)
}

################################################################################
# Load balancer
################################################################################

output "load_balancer_arn" {
  description = "ARN of the Application Load Balancer; null unless front_door = \"ecs\". Use it to find its metrics (LoadBalancer dimension: the ARN's suffix), or to attach a regional WAF web ACL yourself while ecs.associate_web_acl = false."
  value       = one(aws_lb.this[*].arn)
}

output "load_balancer_name" {
  description = "Name of the load balancer, also its target group's (at most 32 characters, from name); null unless front_door = \"ecs\". Use it to find the load balancer with aws elbv2 describe-load-balancers --names."
  value       = one(aws_lb.this[*].name)
}

output "load_balancer_dns_name" {
  description = "DNS name of the load balancer; null unless front_door = \"ecs\". Use it as the alias or CNAME target when your DNS is not in Route 53."
  value       = one(aws_lb.this[*].dns_name)
}

output "load_balancer_zone_id" {
  description = "Route 53 hosted zone ID of load_balancer_dns_name; null unless front_door = \"ecs\". Use it as the alias target's zone when you create the records yourself."
  value       = one(aws_lb.this[*].zone_id)
}

output "load_balancer_security_group_id" {
  description = "ID of the load balancer's security group (443 and 80 from ecs.allowed_cidr_blocks); null unless front_door = \"ecs\". Use it to add rules of your own, such as from a prefix list."
  value       = one(aws_security_group.load_balancer[*].id)
}

output "target_group_arn" {
  description = "ARN of the target group of the tasks (HTTP 8080, health check /readyz); null unless front_door = \"ecs\". Use it to watch healthy targets (TargetGroup dimension) or with `aws elbv2 describe-target-health`."
  value       = one(aws_lb_target_group.this[*].arn)
}

################################################################################
# VPC endpoints
################################################################################

output "vpc_endpoint_ids" {
  description = "IDs of the VPC endpoints the module created, keyed by service (\"ecr.api\", \"ecr.dkr\", \"logs\", \"basic-auth\", \"s3\"); empty unless ecs.create_vpc_endpoints = true. Use them in endpoint policies or to find them in the console."
  value       = merge({ for service, endpoint in aws_vpc_endpoint.interface : service => endpoint.id }, { for endpoint in aws_vpc_endpoint.s3 : "s3" => endpoint.id })
}

output "vpc_endpoints_security_group_id" {
  description = "ID of the interface endpoints' security group (443 from the tasks only); null unless ecs.create_vpc_endpoints = true. Use it to let other workloads in the VPC use the endpoints."
  value       = one(aws_security_group.vpc_endpoints[*].id)
}
