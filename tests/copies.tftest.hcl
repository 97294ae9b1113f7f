# Many copies of the module in one account: default names derived from each domain never collide, a domain known only
# at apply plans, and create = false creates nothing. tests/copies/ is the root a platform team would write.

mock_provider "aws" {
  source = "./tests/mocks"
}

# The cloudfront door runs on a us-east-1 provider.
mock_provider "aws" {
  alias  = "us_east_1"
  source = "./tests/mocks"

  mock_data "aws_region" {
    defaults = {
      id          = "us-east-1"
      name        = "us-east-1"
      description = "US East (N. Virginia)"
      endpoint    = "ec2.us-east-1.amazonaws.com"
    }
  }
}

run "plans_three_api_gateway_copies_with_default_names_one_domain_known_only_at_apply" {
  command = plan

  module {
    source = "./tests/copies"
  }

  variables {
    front_door = "api-gateway"
  }

  assert {
    condition     = length(output.names) == 3 && length(output.names["prod"]) == 4 && length(setintersection(output.names["prod"], output.names["staging"])) == 0
    error_message = "All three copies plan, and two give their function, role and log groups different names."
  }

  assert {
    condition     = contains(output.names["prod"], "ecr-example-com") && contains(output.names["staging"], "ecr-staging-example-com-eu-west-1")
    error_message = "Each copy is named after its domain."
  }
}

run "plans_three_cloudfront_copies_with_default_names_one_domain_known_only_at_apply" {
  command = plan

  providers = {
    aws = aws.us_east_1
  }

  module {
    source = "./tests/copies"
  }

  variables {
    front_door = "cloudfront"
  }

  assert {
    condition     = length(output.names["prod"]) == 2 && length(setintersection(output.names["prod"], output.names["staging"])) == 0
    error_message = "Two copies give their CloudFront Function and access log group different names."
  }
}

run "plans_three_ecs_copies_with_default_names_one_domain_known_only_at_apply" {
  command = plan

  module {
    source = "./tests/copies"
  }

  variables {
    front_door = "ecs"
  }

  assert {
    condition     = length(output.names["prod"]) == 6 && length(setintersection(output.names["prod"], output.names["staging"])) == 0
    error_message = "Two copies give their cluster, service, log group, roles and load balancer different names."
  }
}

# create = false, as terraform-aws-modules' create: a copy kept in the configuration without any resource.
run "creates_nothing_with_create_false_for_the_api_gateway_door" {
  command = plan

  variables {
    create              = false
    domain_name         = "ecr.example.com"
    zone_id             = "Z0123456789ABCDEFGHIJ"
    create_health_check = true
    dns_latency_routing = true
    access              = "public"
    public              = { repositories = ["app"], auth = "custom", authorizer_function_arn = "arn:aws:lambda:eu-west-1:123456789012:function:authz" }
    function            = { tracing_mode = "Active" }
    pull_repositories   = ["app"]
    push_repositories   = ["app"]
  }

  assert {
    condition = alltrue([for resources in [
      aws_apigatewayv2_api.this, aws_apigatewayv2_stage.default, aws_apigatewayv2_integration.function, aws_apigatewayv2_route.default,
      aws_apigatewayv2_route.ping, aws_apigatewayv2_domain_name.this, aws_apigatewayv2_api_mapping.this, aws_cloudfront_function.this,
      aws_cloudfront_distribution.this, aws_cloudwatch_log_group.cloudfront, aws_cloudwatch_log_delivery_source.cloudfront, aws_cloudwatch_log_delivery_destination.cloudfront,
      aws_cloudwatch_log_delivery.cloudfront, aws_acm_certificate.this, terraform_data.certificate_arn_needs_create_certificate_false, aws_route53_record.certificate_validation,
      aws_acm_certificate_validation.this, aws_route53_record.alias, aws_route53_health_check.this, aws_lambda_function.this,
      aws_lambda_permission.api, aws_cloudwatch_log_group.function, aws_cloudwatch_log_group.api, aws_iam_role.function,
      aws_iam_role_policy.function_logs, aws_iam_role_policy.function_tracing, aws_iam_role_policy.function_public, aws_iam_role_policy.function_basic_auth,
      aws_apigatewayv2_authorizer.this, aws_lambda_permission.authorizer, aws_ecs_cluster.this, aws_cloudwatch_log_group.ecs,
      aws_ecs_task_definition.this, aws_ecs_service.this, aws_appautoscaling_target.ecs, aws_appautoscaling_policy.ecs_requests,
      aws_appautoscaling_policy.ecs_cpu, aws_iam_role.ecs_execution, aws_iam_role_policy.ecs_execution, aws_iam_role.ecs_task,
      aws_iam_role_policy.ecs_task_public, aws_iam_role_policy.ecs_task_basic_auth, aws_lb.this, aws_lb_target_group.this,
      aws_lb_listener.https, aws_lb_listener_rule.metrics, aws_lb_listener.http, aws_wafv2_web_acl_association.this,
      aws_security_group.load_balancer, aws_vpc_security_group_ingress_rule.load_balancer, aws_vpc_security_group_egress_rule.load_balancer, aws_security_group.ecs_tasks,
      aws_vpc_security_group_ingress_rule.ecs_tasks, aws_vpc_security_group_egress_rule.ecs_tasks, aws_vpc_endpoint.interface, aws_vpc_endpoint.s3,
      aws_security_group.vpc_endpoints, aws_vpc_security_group_ingress_rule.vpc_endpoints,
    ] : length(resources) == 0])
    error_message = "create = false creates no resource at all, whatever else is asked for."
  }

  assert {
    condition     = output.function_name == null && output.cloudfront_distribution_id == null && output.load_balancer_arn == null && output.ecs_cluster_arn == null && output.dns_record_fqdns == {} && output.certificate_domain_validation_options == [] && output.pull_policy_json == null && output.push_policy_json == null && output.vpc_endpoint_ids == {}
    error_message = "Every output of a part that was not created is null or empty."
  }
}

run "creates_nothing_with_create_false_for_the_cloudfront_door" {
  command = plan

  providers = {
    aws = aws.us_east_1
  }

  variables {
    create      = false
    domain_name = "ecr.example.com"
    zone_id     = "Z0123456789ABCDEFGHIJ"
    front_door  = "cloudfront"
    registry    = "123456789012.dkr.ecr.eu-west-1.amazonaws.com"
  }

  assert {
    condition = alltrue([for resources in [
      aws_apigatewayv2_api.this, aws_apigatewayv2_stage.default, aws_apigatewayv2_integration.function, aws_apigatewayv2_route.default,
      aws_apigatewayv2_route.ping, aws_apigatewayv2_domain_name.this, aws_apigatewayv2_api_mapping.this, aws_cloudfront_function.this,
      aws_cloudfront_distribution.this, aws_cloudwatch_log_group.cloudfront, aws_cloudwatch_log_delivery_source.cloudfront, aws_cloudwatch_log_delivery_destination.cloudfront,
      aws_cloudwatch_log_delivery.cloudfront, aws_acm_certificate.this, terraform_data.certificate_arn_needs_create_certificate_false, aws_route53_record.certificate_validation,
      aws_acm_certificate_validation.this, aws_route53_record.alias, aws_route53_health_check.this, aws_lambda_function.this,
      aws_lambda_permission.api, aws_cloudwatch_log_group.function, aws_cloudwatch_log_group.api, aws_iam_role.function,
      aws_iam_role_policy.function_logs, aws_iam_role_policy.function_tracing, aws_iam_role_policy.function_public, aws_iam_role_policy.function_basic_auth,
      aws_apigatewayv2_authorizer.this, aws_lambda_permission.authorizer, aws_ecs_cluster.this, aws_cloudwatch_log_group.ecs,
      aws_ecs_task_definition.this, aws_ecs_service.this, aws_appautoscaling_target.ecs, aws_appautoscaling_policy.ecs_requests,
      aws_appautoscaling_policy.ecs_cpu, aws_iam_role.ecs_execution, aws_iam_role_policy.ecs_execution, aws_iam_role.ecs_task,
      aws_iam_role_policy.ecs_task_public, aws_iam_role_policy.ecs_task_basic_auth, aws_lb.this, aws_lb_target_group.this,
      aws_lb_listener.https, aws_lb_listener_rule.metrics, aws_lb_listener.http, aws_wafv2_web_acl_association.this,
      aws_security_group.load_balancer, aws_vpc_security_group_ingress_rule.load_balancer, aws_vpc_security_group_egress_rule.load_balancer, aws_security_group.ecs_tasks,
      aws_vpc_security_group_ingress_rule.ecs_tasks, aws_vpc_security_group_egress_rule.ecs_tasks, aws_vpc_endpoint.interface, aws_vpc_endpoint.s3,
      aws_security_group.vpc_endpoints, aws_vpc_security_group_ingress_rule.vpc_endpoints,
    ] : length(resources) == 0])
    error_message = "create = false creates no resource at all, whatever else is asked for."
  }

  assert {
    condition     = output.function_name == null && output.cloudfront_distribution_id == null && output.load_balancer_arn == null && output.ecs_cluster_arn == null && output.dns_record_fqdns == {} && output.certificate_domain_validation_options == [] && output.pull_policy_json == null && output.push_policy_json == null && output.vpc_endpoint_ids == {}
    error_message = "Every output of a part that was not created is null or empty."
  }
}

run "creates_nothing_with_create_false_for_the_ecs_door" {
  command = plan

  variables {
    create      = false
    domain_name = "ecr.example.com"
    zone_id     = "Z0123456789ABCDEFGHIJ"
    front_door  = "ecs"
    access      = "public"
    public      = { repositories = ["app"], auth = "basic", basic_auth_ssm_parameter_name = "/ecr/basic-auth" }
    ecs = {
      image                        = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/ecr-custom-domain@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
      vpc_id                       = "vpc-0123456789abcdef0"
      subnet_ids                   = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
      create_vpc_endpoints         = true
      vpc_endpoint_route_table_ids = ["rtb-0123456789abcdef0"]
      associate_web_acl            = true
      web_acl_arn                  = "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/registry/0a1b2c3d-1111-2222-3333-444455556666"
    }
  }

  assert {
    condition = alltrue([for resources in [
      aws_apigatewayv2_api.this, aws_apigatewayv2_stage.default, aws_apigatewayv2_integration.function, aws_apigatewayv2_route.default,
      aws_apigatewayv2_route.ping, aws_apigatewayv2_domain_name.this, aws_apigatewayv2_api_mapping.this, aws_cloudfront_function.this,
      aws_cloudfront_distribution.this, aws_cloudwatch_log_group.cloudfront, aws_cloudwatch_log_delivery_source.cloudfront, aws_cloudwatch_log_delivery_destination.cloudfront,
      aws_cloudwatch_log_delivery.cloudfront, aws_acm_certificate.this, terraform_data.certificate_arn_needs_create_certificate_false, aws_route53_record.certificate_validation,
      aws_acm_certificate_validation.this, aws_route53_record.alias, aws_route53_health_check.this, aws_lambda_function.this,
      aws_lambda_permission.api, aws_cloudwatch_log_group.function, aws_cloudwatch_log_group.api, aws_iam_role.function,
      aws_iam_role_policy.function_logs, aws_iam_role_policy.function_tracing, aws_iam_role_policy.function_public, aws_iam_role_policy.function_basic_auth,
      aws_apigatewayv2_authorizer.this, aws_lambda_permission.authorizer, aws_ecs_cluster.this, aws_cloudwatch_log_group.ecs,
      aws_ecs_task_definition.this, aws_ecs_service.this, aws_appautoscaling_target.ecs, aws_appautoscaling_policy.ecs_requests,
      aws_appautoscaling_policy.ecs_cpu, aws_iam_role.ecs_execution, aws_iam_role_policy.ecs_execution, aws_iam_role.ecs_task,
      aws_iam_role_policy.ecs_task_public, aws_iam_role_policy.ecs_task_basic_auth, aws_lb.this, aws_lb_target_group.this,
      aws_lb_listener.https, aws_lb_listener_rule.metrics, aws_lb_listener.http, aws_wafv2_web_acl_association.this,
      aws_security_group.load_balancer, aws_vpc_security_group_ingress_rule.load_balancer, aws_vpc_security_group_egress_rule.load_balancer, aws_security_group.ecs_tasks,
      aws_vpc_security_group_ingress_rule.ecs_tasks, aws_vpc_security_group_egress_rule.ecs_tasks, aws_vpc_endpoint.interface, aws_vpc_endpoint.s3,
      aws_security_group.vpc_endpoints, aws_vpc_security_group_ingress_rule.vpc_endpoints,
    ] : length(resources) == 0])
    error_message = "create = false creates no resource at all, whatever else is asked for."
  }

  assert {
    condition     = output.function_name == null && output.cloudfront_distribution_id == null && output.load_balancer_arn == null && output.ecs_cluster_arn == null && output.dns_record_fqdns == {} && output.certificate_domain_validation_options == [] && output.pull_policy_json == null && output.push_policy_json == null && output.vpc_endpoint_ids == {}
    error_message = "Every output of a part that was not created is null or empty."
  }
}
