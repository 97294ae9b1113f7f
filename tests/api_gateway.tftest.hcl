# The default front door: an HTTP API and the alias function on a custom domain, in private mode, with the
# certificate and the DNS records the module creates.

mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  domain_name = "ecr.example.com"
  zone_id     = "Z0123456789ABCDEFGHIJ"
}

run "creates_the_api_function_certificate_and_records" {
  command = plan

  assert {
    condition     = length(aws_apigatewayv2_api.this) == 1 && length(aws_lambda_function.this) == 1 && length(aws_cloudfront_distribution.this) == 0 && length(aws_cloudfront_function.this) == 0
    error_message = "The api-gateway door creates the API and the function, and no distribution."
  }

  assert {
    condition     = length(aws_acm_certificate.this) == 1 && length(aws_route53_record.certificate_validation) == 1 && length(aws_acm_certificate_validation.this) == 1 && length(terraform_data.certificate_arn_needs_create_certificate_false) == 0
    error_message = "The module creates the certificate and its validation record (counted, not keyed by domain_name, which may be known only at apply), and waits for it."
  }

  assert {
    condition     = aws_route53_record.certificate_validation[0].zone_id == "Z0123456789ABCDEFGHIJ" && aws_route53_record.certificate_validation[0].allow_overwrite
    error_message = "The validation record goes into zone_id."
  }

  # The default name comes from domain_name, so two copies of the module in one account never collide.
  assert {
    condition     = aws_lambda_function.this[0].function_name == "ecr-example-com" && aws_apigatewayv2_api.this[0].name == "ecr-example-com" && aws_iam_role.function[0].name == "ecr-example-com-eu-west-1" && aws_iam_role.function[0].path == "/"
    error_message = "Without name, the function, the API and the role are named after domain_name."
  }

  assert {
    condition     = toset(keys(aws_route53_record.alias)) == toset(["A", "AAAA"]) && aws_route53_record.alias["AAAA"].name == "ecr.example.com"
    error_message = "A dualstack domain gets A and AAAA alias records for domain_name."
  }

  assert {
    condition     = aws_route53_record.alias["A"].set_identifier == null && aws_route53_record.alias["A"].health_check_id == null && length(aws_route53_record.alias["A"].latency_routing_policy) == 0 && !aws_route53_record.alias["A"].alias[0].evaluate_target_health
    error_message = "Without latency routing the records are simple, with no health check."
  }

  assert {
    condition     = length(aws_route53_health_check.this) == 0
    error_message = "No health check unless create_health_check = true."
  }
}

run "serves_only_through_a_regional_custom_domain_with_tls_1_2" {
  command = plan

  assert {
    condition     = aws_apigatewayv2_api.this[0].protocol_type == "HTTP" && aws_apigatewayv2_api.this[0].disable_execute_api_endpoint
    error_message = "The HTTP API's execute-api endpoint is disabled: clients use the custom domain."
  }

  assert {
    condition     = aws_apigatewayv2_domain_name.this[0].domain_name == "ecr.example.com" && aws_apigatewayv2_domain_name.this[0].domain_name_configuration[0].endpoint_type == "REGIONAL" && aws_apigatewayv2_domain_name.this[0].domain_name_configuration[0].security_policy == "TLS_1_2"
    error_message = "The custom domain is REGIONAL with TLS 1.2."
  }

  assert {
    condition     = aws_apigatewayv2_api.this[0].ip_address_type == "dualstack" && aws_apigatewayv2_domain_name.this[0].domain_name_configuration[0].ip_address_type == "dualstack"
    error_message = "The API and its domain answer on IPv4 and IPv6 by default."
  }

  assert {
    condition     = output.api_endpoint == null
    error_message = "api_endpoint is null while the execute-api endpoint is disabled."
  }
}

run "sends_every_route_to_the_function_without_an_authorizer" {
  command = plan

  assert {
    condition     = aws_apigatewayv2_route.default[0].route_key == "$default" && aws_apigatewayv2_route.default[0].authorization_type == "NONE" && length(aws_apigatewayv2_route.ping) == 0
    error_message = "One $default route, unauthenticated: the registry checks the clients' credentials."
  }

  assert {
    condition     = aws_apigatewayv2_integration.function[0].integration_type == "AWS_PROXY" && aws_apigatewayv2_integration.function[0].payload_format_version == "2.0"
    error_message = "A payload 2.0 Lambda proxy integration."
  }

  assert {
    condition     = aws_lambda_permission.api[0].principal == "apigateway.amazonaws.com" && aws_lambda_permission.api[0].action == "lambda:InvokeFunction"
    error_message = "API Gateway may invoke the function."
  }
}

run "throttles_the_stage_and_logs_no_request_headers" {
  command = plan

  assert {
    condition     = aws_apigatewayv2_stage.default[0].name == "$default" && aws_apigatewayv2_stage.default[0].auto_deploy
    error_message = "An auto-deployed $default stage."
  }

  assert {
    condition     = aws_apigatewayv2_stage.default[0].default_route_settings[0].throttling_burst_limit == 1000 && aws_apigatewayv2_stage.default[0].default_route_settings[0].throttling_rate_limit == 500
    error_message = "Private mode throttles at 1000 burst and 500 per second unless told otherwise."
  }

  assert {
    condition     = alltrue([for field in values(jsondecode(aws_apigatewayv2_stage.default[0].access_log_settings[0].format)) : startswith(field, "$context.") && !strcontains(lower(field), "header") && !strcontains(lower(field), "authorization")])
    error_message = "Access logs hold context variables only, never a request header such as Authorization."
  }

  assert {
    condition     = jsondecode(aws_apigatewayv2_stage.default[0].access_log_settings[0].format).routeKey == "$context.routeKey" && jsondecode(aws_apigatewayv2_stage.default[0].access_log_settings[0].format).authorizerError == "$context.authorizer.error" && jsondecode(aws_apigatewayv2_stage.default[0].access_log_settings[0].format).integrationErrorMessage == "$context.integrationErrorMessage"
    error_message = "Each request's log says which route took it and why the authorizer or the integration failed it."
  }
}

run "uses_the_throttling_it_is_given" {
  command = plan

  variables {
    throttling = {
      burst_limit = 200
      rate_limit  = 0.5
    }
  }

  assert {
    condition     = aws_apigatewayv2_stage.default[0].default_route_settings[0].throttling_burst_limit == 200 && aws_apigatewayv2_stage.default[0].default_route_settings[0].throttling_rate_limit == 0.5
    error_message = "throttling sets the stage's limits."
  }
}

run "deploys_the_committed_zip_with_its_hash" {
  command = plan

  assert {
    condition     = endswith(aws_lambda_function.this[0].filename, "function/dist.zip") && aws_lambda_function.this[0].source_code_hash == filebase64sha256("function/dist.zip")
    error_message = "The function deploys function/dist.zip, the committed build, and changes when its bytes do."
  }

  assert {
    condition     = aws_lambda_function.this[0].handler == "index.handler" && aws_lambda_function.this[0].runtime == "nodejs22.x" && aws_lambda_function.this[0].architectures == tolist(["arm64"]) && aws_lambda_function.this[0].tracing_config[0].mode == "PassThrough" && length(aws_iam_role_policy.function_tracing) == 0
    error_message = "index.handler on nodejs22.x and arm64 by default, with no tracing of its own and no X-Ray permission."
  }

  assert {
    condition     = aws_lambda_function.this[0].memory_size <= 256 && aws_lambda_function.this[0].timeout < 30
    error_message = "Little memory and a timeout under API Gateway's 30 s."
  }

  assert {
    condition     = aws_lambda_function.this[0].environment[0].variables == tomap({ ECR_REGISTRY = "123456789012.dkr.ecr.eu-west-1.amazonaws.com", ACCESS = "private" })
    error_message = "Private mode gives the function this account's registry in this region and nothing else."
  }

  assert {
    condition     = aws_lambda_function.this[0].logging_config[0].log_format == "JSON" && aws_lambda_function.this[0].logging_config[0].log_group == "/aws/lambda/ecr-example-com"
    error_message = "The function logs JSON to its own log group."
  }
}

run "keeps_the_function_description_within_lambdas_256_characters" {
  command = plan

  variables {
    # 253 characters, the longest DNS name.
    domain_name = "a23456789012345678901234567890123456789012345678901234567890123.b23456789012345678901234567890123456789012345678901234567890123.c23456789012345678901234567890123456789012345678901234567890123.d234567890123456789012345678901234567890123456789012345678901"
  }

  assert {
    condition     = length(var.domain_name) == 253 && length(aws_lambda_function.this[0].description) <= 256
    error_message = "The function's description fits Lambda's 256 characters whatever the domain."
  }

  assert {
    condition     = aws_lambda_function.this[0].function_name == "a23456789012345678901234567890123-${substr(sha1(var.domain_name), 0, 6)}" && length(aws_iam_role.function[0].name) <= 64
    error_message = "A domain over 40 characters gives a name of its first 33 and a hash of the whole: within every limit, and still unique."
  }

  assert {
    condition     = length(aws_apigatewayv2_api.this[0].description) <= 1024 && length(aws_iam_role.function[0].description) <= 1000
    error_message = "The API's and the role's descriptions fit their limits."
  }
}

run "creates_the_log_groups_with_retention_and_lets_the_function_write_only_its_own" {
  command = plan

  override_resource {
    target          = aws_cloudwatch_log_group.function
    override_during = plan
    values = {
      arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/ecr-example-com"
    }
  }

  assert {
    condition     = aws_cloudwatch_log_group.function[0].name == "/aws/lambda/ecr-example-com" && aws_cloudwatch_log_group.api[0].name == "/aws/apigateway/ecr-example-com"
    error_message = "The function's and the API's log groups."
  }

  assert {
    condition     = aws_cloudwatch_log_group.function[0].retention_in_days == 30 && aws_cloudwatch_log_group.api[0].retention_in_days == 30 && aws_cloudwatch_log_group.function[0].log_group_class == "STANDARD" && !aws_cloudwatch_log_group.api[0].skip_destroy
    error_message = "Both log groups keep 30 days by default, in the standard class, and go with a destroy."
  }

  assert {
    condition = [for statement in data.aws_iam_policy_document.function_logs[0].statement : {
      actions   = statement.actions
      resources = statement.resources
      }] == [{
      actions   = toset(["logs:CreateLogStream", "logs:PutLogEvents"])
      resources = toset(["arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/ecr-example-com:*"])
    }]
    error_message = "The role writes to its own log group only: no logs:*, no \"*\" resource."
  }

  assert {
    condition     = output.function_log_group_name == "/aws/lambda/ecr-example-com" && output.function_log_group_arn == "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/ecr-example-com"
    error_message = "The log group outputs come from the log group the module creates."
  }
}

run "writes_to_existing_log_groups_when_told_to" {
  command = plan

  variables {
    create_log_groups     = false
    log_retention_in_days = 0
  }

  assert {
    condition     = length(aws_cloudwatch_log_group.function) == 0 && length(aws_cloudwatch_log_group.api) == 0
    error_message = "create_log_groups = false creates none."
  }

  assert {
    condition     = one(data.aws_iam_policy_document.function_logs[0].statement).resources == toset(["arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/ecr-example-com:*"])
    error_message = "The role may still write to the function's own log group, by its ARN."
  }

  assert {
    condition     = output.api_log_group_name == "/aws/apigateway/ecr-example-com" && output.api_log_group_arn == "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/apigateway/ecr-example-com"
    error_message = "The outputs still name the log groups."
  }
}

run "names_the_role_after_the_region" {
  command = plan

  variables {
    name                          = "registry"
    role_permissions_boundary_arn = "arn:aws:iam::123456789012:policy/boundary"
  }

  assert {
    condition     = aws_iam_role.function[0].name == "registry-eu-west-1" && output.function_role_name == "registry-eu-west-1"
    error_message = "IAM is global: the role's name carries the region, so one account can run the module in several."
  }

  assert {
    condition     = aws_iam_role.function[0].permissions_boundary == "arn:aws:iam::123456789012:policy/boundary"
    error_message = "The permissions boundary applies to the role."
  }

  assert {
    condition     = aws_lambda_function.this[0].function_name == "registry" && aws_apigatewayv2_api.this[0].name == "registry" && aws_cloudwatch_log_group.function[0].name == "/aws/lambda/registry"
    error_message = "An explicit name wins over the one derived from domain_name."
  }
}

run "takes_terraform_aws_modules_conventions_role_name_and_path_tags_per_resource_tracing_and_log_class" {
  command = plan

  variables {
    role_name              = "platform-registry"
    role_path              = "/registry/"
    log_group_class        = "INFREQUENT_ACCESS"
    log_group_skip_destroy = true
    function               = { tracing_mode = "Active" }
    tags                   = { Team = "platform", Tier = "shared" }
    api_tags               = { Tier = "api" }
    function_tags          = { Tier = "function" }
    log_group_tags         = { Tier = "logs" }
    role_tags              = { Tier = "role" }
  }

  assert {
    condition     = aws_iam_role.function[0].name == "platform-registry" && aws_iam_role.function[0].path == "/registry/" && output.function_role_name == "platform-registry"
    error_message = "role_name and role_path name the function's role."
  }

  assert {
    condition     = alltrue([for tags in [aws_apigatewayv2_api.this[0].tags, aws_apigatewayv2_stage.default[0].tags, aws_apigatewayv2_domain_name.this[0].tags] : tags == tomap({ Team = "platform", Tier = "api" })]) && aws_lambda_function.this[0].tags == tomap({ Team = "platform", Tier = "function" }) && aws_iam_role.function[0].tags == tomap({ Team = "platform", Tier = "role" }) && alltrue([for group in [aws_cloudwatch_log_group.function[0], aws_cloudwatch_log_group.api[0]] : group.tags == tomap({ Team = "platform", Tier = "logs" })]) && aws_acm_certificate.this[0].tags == tomap({ Team = "platform", Tier = "shared" })
    error_message = "Each resource's own tag map is merged over tags and wins on the same key; the others keep tags."
  }

  assert {
    condition     = aws_lambda_function.this[0].tracing_config[0].mode == "Active" && [for statement in data.aws_iam_policy_document.function_tracing[0].statement : { actions = statement.actions, resources = statement.resources }] == [{ actions = toset(["xray:PutTelemetryRecords", "xray:PutTraceSegments"]), resources = toset(["*"]) }] && length(aws_iam_role_policy.function_tracing) == 1
    error_message = "Active tracing samples invocations, and the role may write traces, nothing more."
  }

  assert {
    condition     = alltrue([for group in [aws_cloudwatch_log_group.function[0], aws_cloudwatch_log_group.api[0]] : group.log_group_class == "INFREQUENT_ACCESS" && group.skip_destroy])
    error_message = "The log groups take the log class and outlive a destroy when asked to."
  }
}

run "serves_an_existing_certificate" {
  command = plan

  variables {
    create_certificate = false
    certificate_arn    = "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666"
  }

  assert {
    condition     = length(aws_acm_certificate.this) == 0 && length(aws_route53_record.certificate_validation) == 0 && length(aws_acm_certificate_validation.this) == 0
    error_message = "create_certificate = false creates no certificate and no validation record."
  }

  assert {
    condition     = aws_apigatewayv2_domain_name.this[0].domain_name_configuration[0].certificate_arn == var.certificate_arn && output.certificate_arn == var.certificate_arn
    error_message = "The custom domain serves certificate_arn."
  }

  assert {
    condition     = output.certificate_domain_validation_options == []
    error_message = "No validation options for a certificate the module did not create."
  }
}

run "leaves_dns_to_you_when_told_to" {
  command = plan

  variables {
    zone_id                              = null
    create_dns_records                   = false
    create_certificate_validation_record = false
  }

  assert {
    condition     = length(aws_route53_record.alias) == 0 && length(aws_route53_record.certificate_validation) == 0
    error_message = "No Route 53 record at all."
  }

  assert {
    condition     = length(aws_acm_certificate.this) == 1 && aws_acm_certificate_validation.this[0].validation_record_fqdns == null
    error_message = "The certificate is still created, and the module waits for whoever writes its validation record."
  }

  assert {
    condition     = output.dns_record_fqdns == {}
    error_message = "No record FQDNs."
  }
}

run "answers_on_ipv4_only_when_told_to" {
  command = plan

  variables {
    ip_address_type = "ipv4"
  }

  assert {
    condition     = keys(aws_route53_record.alias) == ["A"] && aws_apigatewayv2_api.this[0].ip_address_type == "ipv4"
    error_message = "ipv4 gets an A record only."
  }
}

run "grants_pulls_and_pushes_on_the_repositories_it_is_given_only" {
  command = plan

  variables {
    pull_repositories = ["app", "team/*"]
    push_repositories = ["app"]
  }

  assert {
    condition = [for statement in data.aws_iam_policy_document.pull[0].statement : { sid = statement.sid, actions = statement.actions, resources = statement.resources }] == [
      { sid = "GetAuthorizationToken", actions = toset(["ecr:GetAuthorizationToken"]), resources = toset(["*"]) },
      {
        sid       = "PullImages"
        actions   = toset(["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"])
        resources = toset(["arn:aws:ecr:eu-west-1:123456789012:repository/app", "arn:aws:ecr:eu-west-1:123456789012:repository/team/*"])
      },
    ]
    error_message = "Pulls: a token on \"*\" (it has no resource-level permissions), image reads on the named repositories."
  }

  assert {
    condition     = data.aws_iam_policy_document.push[0].statement[1].resources == toset(["arn:aws:ecr:eu-west-1:123456789012:repository/app"]) && contains(data.aws_iam_policy_document.push[0].statement[1].actions, "ecr:PutImage") && contains(data.aws_iam_policy_document.push[0].statement[1].actions, "ecr:BatchGetImage")
    error_message = "Pushes (and pulls) on push_repositories only."
  }

  assert {
    condition     = output.pull_policy_json != null && output.push_policy_json != null
    error_message = "Both policies are output."
  }
}

run "outputs_no_policy_for_empty_lists" {
  command = plan

  assert {
    condition     = output.pull_policy_json == null && output.push_policy_json == null
    error_message = "Empty repository lists output null policies."
  }

  assert {
    condition     = output.registry_host == "123456789012.dkr.ecr.eu-west-1.amazonaws.com" && output.domain_url == "https://ecr.example.com" && output.access_mode == "private"
    error_message = "The registry is this account's in this region."
  }

  assert {
    condition     = output.cloudfront_distribution_id == null && output.cloudfront_function_arn == null && output.health_check_id == null && output.authorizer_id == null
    error_message = "Outputs of parts that do not exist are null."
  }
}

run "sends_clients_to_a_registry_in_another_account" {
  command = plan

  variables {
    registry          = "999999999999.dkr.ecr.eu-central-1.amazonaws.com"
    pull_repositories = ["shared/*"]
  }

  assert {
    condition     = aws_lambda_function.this[0].environment[0].variables["ECR_REGISTRY"] == "999999999999.dkr.ecr.eu-central-1.amazonaws.com"
    error_message = "The function sends clients to registry."
  }

  assert {
    condition     = data.aws_iam_policy_document.pull[0].statement[1].resources == toset(["arn:aws:ecr:eu-central-1:999999999999:repository/shared/*"])
    error_message = "Repository ARNs are in the registry's own account and region."
  }
}
