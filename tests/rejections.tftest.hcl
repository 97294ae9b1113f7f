# Every input validation and every precondition of the module, each refusing one value. expect_failures
# names the variable or resource that refuses it; test/terraform/terraform-cli.test.ts runs each of these
# runs again without expect_failures and checks that it fails with exactly the message the module declares
# for that object, and that every declared message is seen. Keep expect_failures on one line.

mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  domain_name = "ecr.example.com"
  zone_id     = "Z0123456789ABCDEFGHIJ"
}

################################################################################
# Common
################################################################################

run "rejects_an_unknown_front_door" {
  command = plan
  variables { front_door = "api-gw" }
  expect_failures = [var.front_door]
}

run "rejects_a_name_with_a_space" {
  command = plan
  variables { name = "has space" }
  expect_failures = [var.name]
}

# The api-gateway and ecs doors default to this account's registry in the provider's region; the cloudfront door,
# whose provider is in us-east-1, must be told.
run "rejects_the_cloudfront_door_without_a_registry" {
  command = plan
  variables {
    front_door         = "cloudfront"
    cloudfront         = { access_logs = "none" }
    create_certificate = false
    certificate_arn    = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666"
  }
  expect_failures = [aws_cloudfront_distribution.this]
}

################################################################################
# API Gateway
################################################################################

run "rejects_a_burst_limit_of_0_which_answers_429_to_everything" {
  command = plan
  variables {
    throttling = { burst_limit = 0, rate_limit = 10 }
  }
  expect_failures = [var.throttling]
}

run "rejects_a_rate_limit_of_0_which_answers_429_to_everything" {
  command = plan
  variables {
    throttling = { burst_limit = 10, rate_limit = 0 }
  }
  expect_failures = [var.throttling]
}

run "rejects_an_unknown_ip_address_type" {
  command = plan
  variables { ip_address_type = "ipv6" }
  expect_failures = [var.ip_address_type]
}

################################################################################
# Custom domain
################################################################################

run "rejects_a_domain_name_with_a_scheme" {
  command = plan
  variables { domain_name = "https://ecr.example.com" }
  expect_failures = [var.domain_name]
}

run "rejects_a_zone_id_with_its_path" {
  command = plan
  variables { zone_id = "/hostedzone/Z1D633PJN98FT9" }
  expect_failures = [var.zone_id]
}

run "rejects_create_certificate_false_without_a_certificate" {
  command = plan
  variables { create_certificate = false }
  expect_failures = [aws_apigatewayv2_domain_name.this]
}

run "rejects_a_certificate_in_another_region_for_the_api" {
  command = plan
  variables {
    create_certificate = false
    certificate_arn    = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666"
  }
  expect_failures = [aws_apigatewayv2_domain_name.this]
}

################################################################################
# CloudFront
################################################################################

run "rejects_an_unknown_price_class" {
  command = plan
  variables {
    cloudfront = { price_class = "PriceClass_300" }
  }
  expect_failures = [var.cloudfront]
}

run "rejects_an_origin_read_timeout_above_180" {
  command = plan
  variables {
    cloudfront = { origin_read_timeout = 181 }
  }
  expect_failures = [var.cloudfront]
}

run "rejects_an_origin_read_timeout_of_0" {
  command = plan
  variables {
    cloudfront = { origin_read_timeout = 0 }
  }
  expect_failures = [var.cloudfront]
}

run "rejects_a_negative_origin_read_timeout" {
  command = plan
  variables {
    cloudfront = { origin_read_timeout = -30 }
  }
  expect_failures = [var.cloudfront]
}

run "rejects_a_fractional_origin_read_timeout" {
  command = plan
  variables {
    cloudfront = { origin_read_timeout = 60.5 }
  }
  expect_failures = [var.cloudfront]
}

run "rejects_an_origin_keepalive_timeout_above_180" {
  command = plan
  variables {
    cloudfront = { origin_keepalive_timeout = 181 }
  }
  expect_failures = [var.cloudfront]
}

run "rejects_an_origin_keepalive_timeout_of_0" {
  command = plan
  variables {
    cloudfront = { origin_keepalive_timeout = 0 }
  }
  expect_failures = [var.cloudfront]
}

run "rejects_a_negative_origin_keepalive_timeout" {
  command = plan
  variables {
    cloudfront = { origin_keepalive_timeout = -5 }
  }
  expect_failures = [var.cloudfront]
}

run "rejects_a_fractional_origin_keepalive_timeout" {
  command = plan
  variables {
    cloudfront = { origin_keepalive_timeout = 2.5 }
  }
  expect_failures = [var.cloudfront]
}

run "rejects_a_negative_error_caching_min_ttl" {
  command = plan
  variables {
    cloudfront = { error_caching_min_ttl = -1 }
  }
  expect_failures = [var.cloudfront]
}

run "rejects_a_fractional_error_caching_min_ttl" {
  command = plan
  variables {
    cloudfront = { error_caching_min_ttl = 0.5 }
  }
  expect_failures = [var.cloudfront]
}

run "rejects_an_error_caching_min_ttl_above_a_year" {
  command = plan
  variables {
    cloudfront = { error_caching_min_ttl = 31536001 }
  }
  expect_failures = [var.cloudfront]
}

run "rejects_a_regional_web_acl_for_the_distribution" {
  command = plan
  variables {
    cloudfront = { web_acl_id = "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/registry/0a1b2c3d-1111-2222-3333-444455556666" }
  }
  expect_failures = [var.cloudfront]
}

run "rejects_an_unknown_access_log_destination" {
  command = plan
  variables {
    cloudfront = { access_logs = "firehose" }
  }
  expect_failures = [var.cloudfront]
}

run "rejects_s3_access_logs_without_a_bucket" {
  command = plan
  variables {
    cloudfront = { access_logs = "s3" }
  }
  expect_failures = [var.cloudfront]
}

run "rejects_cloudwatch_access_logs_outside_us_east_1" {
  command = plan
  variables {
    front_door         = "cloudfront"
    registry           = "123456789012.dkr.ecr.eu-west-1.amazonaws.com"
    create_certificate = false
    certificate_arn    = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666"
  }
  expect_failures = [aws_cloudwatch_log_group.cloudfront]
}

run "rejects_a_log_key_in_another_region_for_the_access_logs" {
  command = plan
  override_data {
    target = data.aws_region.current
    values = {
      id   = "us-east-1"
      name = "us-east-1"
    }
  }
  variables {
    front_door      = "cloudfront"
    registry        = "123456789012.dkr.ecr.eu-west-1.amazonaws.com"
    log_kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/0a1b2c3d-1111"
  }
  expect_failures = [aws_cloudwatch_log_group.cloudfront]
}

run "rejects_public_access_through_cloudfront" {
  command = plan
  variables {
    front_door         = "cloudfront"
    registry           = "123456789012.dkr.ecr.eu-west-1.amazonaws.com"
    cloudfront         = { access_logs = "none" }
    create_certificate = false
    certificate_arn    = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666"
    access             = "public"
    public             = { repositories = ["app"] }
  }
  expect_failures = [aws_cloudfront_distribution.this]
}

run "rejects_create_certificate_false_without_a_certificate_for_cloudfront" {
  command = plan
  variables {
    front_door         = "cloudfront"
    registry           = "123456789012.dkr.ecr.eu-west-1.amazonaws.com"
    cloudfront         = { access_logs = "none" }
    create_certificate = false
  }
  expect_failures = [aws_cloudfront_distribution.this]
}

run "rejects_a_certificate_outside_us_east_1_for_cloudfront" {
  command = plan
  variables {
    front_door         = "cloudfront"
    registry           = "123456789012.dkr.ecr.eu-west-1.amazonaws.com"
    cloudfront         = { access_logs = "none" }
    create_certificate = false
    certificate_arn    = "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666"
  }
  expect_failures = [aws_cloudfront_distribution.this]
}

run "rejects_latency_routing_with_cloudfront" {
  command = plan
  variables {
    front_door          = "cloudfront"
    registry            = "123456789012.dkr.ecr.eu-west-1.amazonaws.com"
    cloudfront          = { access_logs = "none" }
    create_certificate  = false
    certificate_arn     = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666"
    dns_latency_routing = true
  }
  expect_failures = [aws_cloudfront_distribution.this]
}

run "rejects_a_health_check_with_cloudfront" {
  command = plan
  variables {
    front_door          = "cloudfront"
    registry            = "123456789012.dkr.ecr.eu-west-1.amazonaws.com"
    cloudfront          = { access_logs = "none" }
    create_certificate  = false
    certificate_arn     = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666"
    create_health_check = true
  }
  expect_failures = [aws_cloudfront_distribution.this]
}

run "rejects_a_registry_port_with_cloudfront" {
  command = plan
  variables {
    front_door         = "cloudfront"
    cloudfront         = { access_logs = "none" }
    create_certificate = false
    certificate_arn    = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666"
    registry           = "registry.example.com:5000"
  }
  expect_failures = [aws_cloudfront_distribution.this]
}

################################################################################
# Certificate
################################################################################

run "rejects_a_certificate_arn_that_is_no_acm_arn" {
  command = plan
  variables {
    create_certificate = false
    certificate_arn    = "arn:aws:iam::123456789012:server-certificate/ecr"
  }
  expect_failures = [var.certificate_arn]
}

run "rejects_a_certificate_arn_while_the_module_creates_one" {
  command = plan
  variables { certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666" }
  expect_failures = [terraform_data.certificate_arn_needs_create_certificate_false]
}

run "rejects_a_validation_record_without_a_zone" {
  command = plan
  variables {
    zone_id            = null
    create_dns_records = false
  }
  expect_failures = [aws_acm_certificate.this]
}

run "rejects_a_cloudfront_certificate_created_outside_us_east_1" {
  command = plan
  variables {
    front_door = "cloudfront"
    registry   = "123456789012.dkr.ecr.eu-west-1.amazonaws.com"
    cloudfront = { access_logs = "none" }
  }
  expect_failures = [aws_acm_certificate.this]
}

################################################################################
# DNS
################################################################################

run "rejects_dns_records_without_a_zone" {
  command = plan
  variables {
    zone_id                              = null
    create_certificate_validation_record = false
    ip_address_type                      = "ipv4"
  }
  expect_failures = [aws_route53_record.alias]
}

################################################################################
# Health check
################################################################################

run "rejects_a_health_check_interval_other_than_10_or_30" {
  command = plan
  variables {
    health_check = { request_interval = 20 }
  }
  expect_failures = [var.health_check]
}

run "rejects_a_health_check_failure_threshold_above_10" {
  command = plan
  variables {
    health_check = { failure_threshold = 11 }
  }
  expect_failures = [var.health_check]
}

run "rejects_fewer_than_3_health_check_regions" {
  command = plan
  variables {
    health_check = { regions = ["us-east-1", "eu-west-1"] }
  }
  expect_failures = [var.health_check]
}

run "rejects_a_repeated_health_check_region_which_route_53_refuses" {
  command = plan
  variables {
    health_check = { regions = ["us-east-1", "eu-west-1", "us-east-1"] }
  }
  expect_failures = [var.health_check]
}

run "rejects_a_health_check_that_would_get_401" {
  command = plan
  variables {
    create_health_check = true
    access              = "public"
    public = {
      repositories                  = ["app"]
      auth                          = "basic"
      basic_auth_ssm_parameter_name = "/ecr/basic-auth"
    }
  }
  expect_failures = [aws_route53_health_check.this]
}

################################################################################
# Lambda function
################################################################################

run "rejects_nodejs20_x_on_which_lambda_creates_no_functions" {
  command = plan
  variables {
    function = { runtime = "nodejs20.x" }
  }
  expect_failures = [var.function]
}

run "rejects_an_unknown_architecture" {
  command = plan
  variables {
    function = { architecture = "arm" }
  }
  expect_failures = [var.function]
}

run "rejects_memory_below_128_mb" {
  command = plan
  variables {
    function = { memory_size = 64 }
  }
  expect_failures = [var.function]
}

run "rejects_a_timeout_of_30_s_or_more" {
  command = plan
  variables {
    function = { timeout = 30 }
  }
  expect_failures = [var.function]
}

run "rejects_fractional_memory_which_lambda_refuses" {
  command = plan
  variables {
    function = { memory_size = 256.5 }
  }
  expect_failures = [var.function]
}

run "rejects_a_fractional_timeout_which_lambda_refuses" {
  command = plan
  variables {
    function = { timeout = 9.5 }
  }
  expect_failures = [var.function]
}

run "rejects_an_unknown_tracing_mode" {
  command = plan
  variables {
    function = { tracing_mode = "active" }
  }
  expect_failures = [var.function]
}

run "rejects_a_reserved_concurrency_below_minus_1" {
  command = plan
  variables {
    function = { reserved_concurrent_executions = -2 }
  }
  expect_failures = [var.function]
}

run "rejects_a_registry_with_a_scheme" {
  command = plan
  variables { registry = "https://123456789012.dkr.ecr.eu-west-1.amazonaws.com" }
  expect_failures = [var.registry]
}

run "rejects_public_access_without_repositories" {
  command = plan
  variables {
    access = "public"
    public = { repositories = [] }
  }
  expect_failures = [aws_lambda_function.this]
}

run "rejects_a_basic_auth_secret_in_another_region" {
  command = plan
  variables {
    access = "public"
    public = {
      repositories          = ["app"]
      auth                  = "basic"
      basic_auth_secret_arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:ecr-basic-AbCdEf"
    }
  }
  expect_failures = [aws_lambda_function.this]
}

run "rejects_a_basic_auth_key_in_another_region" {
  command = plan
  variables {
    access = "public"
    public = {
      repositories                  = ["app"]
      auth                          = "basic"
      basic_auth_ssm_parameter_name = "/ecr/basic-auth"
      basic_auth_kms_key_arn        = "arn:aws:kms:us-east-1:123456789012:key/0a1b2c3d-1111"
    }
  }
  expect_failures = [aws_lambda_function.this]
}

################################################################################
# Log groups
################################################################################

run "rejects_a_retention_cloudwatch_does_not_offer" {
  command = plan
  variables { log_retention_in_days = 2 }
  expect_failures = [var.log_retention_in_days]
}

run "rejects_a_log_key_alias" {
  command = plan
  variables { log_kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:alias/logs" }
  expect_failures = [var.log_kms_key_arn]
}

run "rejects_a_log_key_in_another_region" {
  command = plan
  variables { log_kms_key_arn = "arn:aws:kms:us-east-1:123456789012:key/0a1b2c3d-1111" }
  expect_failures = [aws_cloudwatch_log_group.function]
}

run "rejects_an_unknown_log_group_class" {
  command = plan
  variables { log_group_class = "INFREQUENT" }
  expect_failures = [var.log_group_class]
}

################################################################################
# IAM
################################################################################

run "rejects_a_permissions_boundary_that_is_no_policy" {
  command = plan
  variables { role_permissions_boundary_arn = "arn:aws:iam::123456789012:role/boundary" }
  expect_failures = [var.role_permissions_boundary_arn]
}

run "rejects_a_role_name_with_a_slash" {
  command = plan
  variables { role_name = "registry/function" }
  expect_failures = [var.role_name]
}

run "rejects_a_role_path_without_its_trailing_slash" {
  command = plan
  variables { role_path = "/registry" }
  expect_failures = [var.role_path]
}

################################################################################
# Public access
################################################################################

run "rejects_an_unknown_access_mode" {
  command = plan
  variables { access = "protected" }
  expect_failures = [var.access]
}

run "rejects_an_upper_case_public_repository" {
  command = plan
  variables {
    public = { repositories = ["App"] }
  }
  expect_failures = [var.public]
}

run "rejects_a_repository_tag_key_with_an_equals_sign" {
  command = plan
  variables {
    public = { repository_tag = { key = "pub=lic", value = "true" } }
  }
  expect_failures = [var.public]
}

run "rejects_a_repository_tag_value_with_a_reserved_prefix" {
  command = plan
  variables {
    public = { repository_tag = { key = "public", value = "aws:true" } }
  }
  expect_failures = [var.public]
}

run "rejects_a_repository_tag_ttl_of_zero" {
  command = plan
  variables {
    public = { repository_tag = { key = "public", value = "true", ttl_seconds = 0 } }
  }
  expect_failures = [var.public]
}

run "rejects_a_repository_tag_ttl_that_is_not_whole_seconds" {
  command = plan
  variables {
    public = { repository_tag = { key = "public", value = "true", ttl_seconds = 1.5 } }
  }
  expect_failures = [var.public]
}

run "rejects_an_unknown_public_auth" {
  command = plan
  variables {
    public = { repositories = ["app"], auth = "oauth" }
  }
  expect_failures = [var.public]
}

run "rejects_basic_auth_without_credentials" {
  command = plan
  variables {
    public = { repositories = ["app"], auth = "basic" }
  }
  expect_failures = [var.public]
}

run "rejects_basic_auth_settings_without_basic_auth" {
  command = plan
  variables {
    public = { repositories = ["app"], basic_auth_ssm_parameter_name = "/ecr/basic-auth" }
  }
  expect_failures = [var.public]
}

run "rejects_custom_auth_without_an_authorizer" {
  command = plan
  variables {
    public = { repositories = ["app"], auth = "custom" }
  }
  expect_failures = [var.public]
}

run "rejects_an_ssm_parameter_arn_for_its_name" {
  command = plan
  variables {
    public = { repositories = ["app"], auth = "basic", basic_auth_ssm_parameter_name = "arn:aws:ssm:eu-west-1:123456789012:parameter/ecr" }
  }
  expect_failures = [var.public]
}

run "rejects_a_secret_arn_without_its_suffix" {
  command = plan
  variables {
    public = { repositories = ["app"], auth = "basic", basic_auth_secret_arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ecr-basic" }
  }
  expect_failures = [var.public]
}

run "rejects_a_basic_auth_key_alias" {
  command = plan
  variables {
    public = { repositories = ["app"], auth = "basic", basic_auth_ssm_parameter_name = "/ecr/basic-auth", basic_auth_kms_key_arn = "alias/aws/ssm" }
  }
  expect_failures = [var.public]
}

run "rejects_an_authorizer_that_is_no_function_arn" {
  command = plan
  variables {
    public = { repositories = ["app"], auth = "custom", authorizer_function_arn = "authz" }
  }
  expect_failures = [var.public]
}

run "rejects_an_authorizer_cache_above_an_hour" {
  command = plan
  variables {
    public = { repositories = ["app"], authorizer_result_ttl_in_seconds = 3601 }
  }
  expect_failures = [var.public]
}

run "rejects_an_authorizer_in_another_region" {
  command = plan
  variables {
    access = "public"
    public = { repositories = ["app"], auth = "custom", authorizer_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:authz" }
  }
  expect_failures = [aws_lambda_permission.authorizer]
}

################################################################################
# Registry policies
################################################################################

run "rejects_an_upper_case_pull_repository" {
  command = plan
  variables { pull_repositories = ["App"] }
  expect_failures = [var.pull_repositories]
}

run "rejects_a_push_repository_with_a_leading_slash" {
  command = plan
  variables { push_repositories = ["/app"] }
  expect_failures = [var.push_repositories]
}

################################################################################
# ECS
################################################################################

run "rejects_an_image_with_a_space" {
  command = plan
  variables {
    ecs = { image = "ecr-custom-domain latest" }
  }
  expect_failures = [var.ecs]
}

run "rejects_a_lower_case_cpu_architecture" {
  command = plan
  variables {
    ecs = { cpu_architecture = "arm64" }
  }
  expect_failures = [var.ecs]
}

run "rejects_a_task_size_fargate_does_not_offer" {
  command = plan
  variables {
    ecs = { cpu = 256, memory = 4096 }
  }
  expect_failures = [var.ecs]
}

run "rejects_more_tasks_than_autoscaling_allows" {
  command = plan
  variables {
    ecs = { desired_count = 12 }
  }
  expect_failures = [var.ecs]
}

run "rejects_a_cpu_target_above_100_percent" {
  command = plan
  variables {
    ecs = { autoscaling = { cpu_utilization = 150 } }
  }
  expect_failures = [var.ecs]
}

run "rejects_a_cache_on_the_free_20_gib" {
  command = plan
  variables {
    ecs = { cache_storage_gib = 20 }
  }
  expect_failures = [var.ecs]
}

run "rejects_a_vpc_id_that_is_a_name" {
  command = plan
  variables {
    ecs = { vpc_id = "main" }
  }
  expect_failures = [var.ecs]
}

run "rejects_a_subnet_arn_for_its_id" {
  command = plan
  variables {
    ecs = { load_balancer_subnet_ids = ["arn:aws:ec2:eu-west-1:123456789012:subnet/subnet-0123456789abcdef0"] }
  }
  expect_failures = [var.ecs]
}

run "rejects_a_route_table_that_is_no_route_table_id" {
  command = plan
  variables {
    ecs = { vpc_endpoint_route_table_ids = ["main"] }
  }
  expect_failures = [var.ecs]
}

run "rejects_an_allowed_range_with_host_bits" {
  command = plan
  variables {
    ecs = { allowed_cidr_blocks = ["10.0.0.1/16"] }
  }
  expect_failures = [var.ecs]
}

run "rejects_an_idle_timeout_above_4000_s" {
  command = plan
  variables {
    ecs = { idle_timeout = 4001 }
  }
  expect_failures = [var.ecs]
}

run "rejects_an_access_logs_prefix_without_a_bucket" {
  command = plan
  variables {
    ecs = { access_logs_prefix = "ecr" }
  }
  expect_failures = [var.ecs]
}

run "rejects_a_web_acl_association_without_a_web_acl" {
  command = plan
  variables {
    ecs = { associate_web_acl = true }
  }
  expect_failures = [var.ecs]
}

run "rejects_an_execution_role_name_over_64_characters" {
  command = plan
  variables {
    ecs = { execution_role_name = "registry-alias-tasks-execution-role-for-the-platform-team-eu-west-1" }
  }
  expect_failures = [var.ecs]
}

run "rejects_an_existing_cluster_without_its_arn" {
  command = plan
  variables {
    ecs = { create_cluster = false }
  }
  expect_failures = [var.ecs]
}

run "rejects_the_ecs_door_without_an_image" {
  command = plan
  variables {
    front_door = "ecs"
    ecs        = { vpc_id = "vpc-0123456789abcdef0", subnet_ids = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"] }
  }
  expect_failures = [aws_ecs_task_definition.this]
}

run "rejects_public_access_without_repositories_on_ecs" {
  command = plan
  variables {
    front_door = "ecs"
    ecs        = { image = "ghcr.io/owner/ecr-custom-domain@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", vpc_id = "vpc-0123456789abcdef0", subnet_ids = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"] }
    access     = "public"
    public     = { repositories = [] }
  }
  expect_failures = [aws_ecs_task_definition.this]
}

run "rejects_a_custom_authorizer_on_ecs" {
  command = plan
  variables {
    front_door = "ecs"
    ecs        = { image = "ghcr.io/owner/ecr-custom-domain@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", vpc_id = "vpc-0123456789abcdef0", subnet_ids = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"] }
    access     = "public"
    public     = { repositories = ["app"], auth = "custom", authorizer_function_arn = "arn:aws:lambda:eu-west-1:123456789012:function:authz" }
  }
  expect_failures = [aws_ecs_task_definition.this]
}

run "rejects_a_basic_auth_secret_in_another_region_on_ecs" {
  command = plan
  variables {
    front_door = "ecs"
    ecs        = { image = "ghcr.io/owner/ecr-custom-domain@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", vpc_id = "vpc-0123456789abcdef0", subnet_ids = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"] }
    access     = "public"
    public     = { repositories = ["app"], auth = "basic", basic_auth_secret_arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:ecr-basic-AbCdEf" }
  }
  expect_failures = [aws_ecs_task_definition.this]
}

run "rejects_a_basic_auth_key_in_another_region_on_ecs" {
  command = plan
  variables {
    front_door = "ecs"
    ecs        = { image = "ghcr.io/owner/ecr-custom-domain@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", vpc_id = "vpc-0123456789abcdef0", subnet_ids = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"] }
    access     = "public"
    public     = { repositories = ["app"], auth = "basic", basic_auth_ssm_parameter_name = "/ecr/basic-auth", basic_auth_kms_key_arn = "arn:aws:kms:us-east-1:123456789012:key/0a1b2c3d-1111" }
  }
  expect_failures = [aws_ecs_task_definition.this]
}

run "rejects_the_ecs_door_without_a_vpc" {
  command = plan
  variables {
    front_door = "ecs"
    ecs        = { image = "ghcr.io/owner/ecr-custom-domain@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", subnet_ids = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"] }
  }
  expect_failures = [aws_lb.this]
}

run "rejects_a_load_balancer_in_one_subnet" {
  command = plan
  variables {
    front_door = "ecs"
    ecs        = { image = "ghcr.io/owner/ecr-custom-domain@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", vpc_id = "vpc-0123456789abcdef0", subnet_ids = ["subnet-0123456789abcdef0"] }
  }
  expect_failures = [aws_lb.this]
}

run "rejects_a_health_check_with_ecs" {
  command = plan
  variables {
    front_door          = "ecs"
    ecs                 = { image = "ghcr.io/owner/ecr-custom-domain@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", vpc_id = "vpc-0123456789abcdef0", subnet_ids = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"] }
    create_health_check = true
  }
  expect_failures = [aws_lb.this]
}

run "rejects_create_certificate_false_without_a_certificate_for_ecs" {
  command = plan
  variables {
    front_door         = "ecs"
    ecs                = { image = "ghcr.io/owner/ecr-custom-domain@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", vpc_id = "vpc-0123456789abcdef0", subnet_ids = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"] }
    create_certificate = false
  }
  expect_failures = [aws_lb_listener.https]
}

run "rejects_a_certificate_in_another_region_for_the_load_balancer" {
  command = plan
  variables {
    front_door         = "ecs"
    ecs                = { image = "ghcr.io/owner/ecr-custom-domain@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", vpc_id = "vpc-0123456789abcdef0", subnet_ids = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"] }
    create_certificate = false
    certificate_arn    = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666"
  }
  expect_failures = [aws_lb_listener.https]
}

run "rejects_a_cluster_in_another_region" {
  command = plan
  variables {
    front_door = "ecs"
    ecs        = { image = "ghcr.io/owner/ecr-custom-domain@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", vpc_id = "vpc-0123456789abcdef0", subnet_ids = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"], create_cluster = false, cluster_arn = "arn:aws:ecs:us-east-1:123456789012:cluster/platform" }
  }
  expect_failures = [aws_ecs_service.this]
}

run "rejects_a_log_key_in_another_region_for_the_tasks" {
  command = plan
  variables {
    front_door      = "ecs"
    ecs             = { image = "ghcr.io/owner/ecr-custom-domain@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", vpc_id = "vpc-0123456789abcdef0", subnet_ids = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"] }
    log_kms_key_arn = "arn:aws:kms:us-east-1:123456789012:key/0a1b2c3d-1111"
  }
  expect_failures = [aws_cloudwatch_log_group.ecs]
}

run "rejects_a_web_acl_in_another_region_for_the_load_balancer" {
  command = plan
  variables {
    front_door = "ecs"
    ecs        = { image = "ghcr.io/owner/ecr-custom-domain@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", vpc_id = "vpc-0123456789abcdef0", subnet_ids = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"], associate_web_acl = true, web_acl_arn = "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/registry/0a1b2c3d-1111-2222-3333-444455556666" }
  }
  expect_failures = [aws_wafv2_web_acl_association.this]
}
