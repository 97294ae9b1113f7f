################################################################################
# Common
################################################################################

data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  region     = data.aws_region.current.region
  partition  = data.aws_partition.current.partition

  create_certificate = var.certificate_arn == null
  create_dns_records = var.create_dns_records && var.zone_id != null
  create_log_groups  = var.create_log_groups

  # This account's registry in this region, unless another one is named.
  registry = coalesce(var.registry, "${local.account_id}.dkr.ecr.${local.region}.${data.aws_partition.current.dns_suffix}")

  # Repository ARNs live in the registry's account and region; a non-ECR registry falls back to this account and region.
  registry_parts      = try(regex("^([0-9]{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.", local.registry), [local.account_id, local.region])
  registry_account_id = local.registry_parts[0]
  registry_region     = local.registry_parts[1]

  function_log_group_name = "/aws/lambda/${var.name}"
  api_log_group_name      = "/aws/apigateway/${var.name}"
  function_log_group_arn  = local.create_log_groups ? aws_cloudwatch_log_group.function[0].arn : "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${local.function_log_group_name}"
  api_log_group_arn       = local.create_log_groups ? aws_cloudwatch_log_group.api[0].arn : "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${local.api_log_group_name}"
}

################################################################################
# API Gateway
################################################################################

resource "aws_apigatewayv2_api" "this" {
  name          = var.name
  description   = "Registry alias ${var.domain_name} for ${local.registry}"
  protocol_type = "HTTP"

  # Clients reach the API through the custom domain only.
  disable_execute_api_endpoint = true
  ip_address_type              = var.ip_address_type

  tags = var.tags
}

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.this.id
  name        = "$default"
  auto_deploy = true

  default_route_settings {
    throttling_burst_limit = var.throttling.burst_limit
    throttling_rate_limit  = var.throttling.rate_limit
  }

  # Context variables only: request headers, Authorization included, are never logged.
  access_log_settings {
    destination_arn = local.api_log_group_arn
    format = jsonencode({
      requestId          = "$context.requestId"
      requestTime        = "$context.requestTime"
      sourceIp           = "$context.identity.sourceIp"
      userAgent          = "$context.identity.userAgent"
      domainName         = "$context.domainName"
      httpMethod         = "$context.httpMethod"
      path               = "$context.path"
      protocol           = "$context.protocol"
      status             = "$context.status"
      responseLength     = "$context.responseLength"
      responseLatency    = "$context.responseLatency"
      integrationStatus  = "$context.integration.status"
      integrationLatency = "$context.integration.latency"
      integrationError   = "$context.integration.error"
      errorMessage       = "$context.error.message"
    })
  }

  tags = var.tags

  depends_on = [aws_cloudwatch_log_group.api]
}

resource "aws_apigatewayv2_integration" "function" {
  api_id                 = aws_apigatewayv2_api.this.id
  description            = "Registry requests for ${var.domain_name}"
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_function.this.arn
  payload_format_version = "2.0"
}

# $default matches every method and path that no other route matches, "/v2/" and "/" included.
resource "aws_apigatewayv2_route" "default" {
  api_id    = aws_apigatewayv2_api.this.id
  route_key = "$default"
  target    = "integrations/${aws_apigatewayv2_integration.function.id}"
}

################################################################################
# Custom domain
################################################################################

resource "aws_apigatewayv2_domain_name" "this" {
  domain_name = var.domain_name

  domain_name_configuration {
    certificate_arn = local.create_certificate ? aws_acm_certificate_validation.this[0].certificate_arn : var.certificate_arn
    endpoint_type   = "REGIONAL"
    security_policy = "TLS_1_2"
    ip_address_type = var.ip_address_type
  }

  tags = var.tags
}

resource "aws_apigatewayv2_api_mapping" "this" {
  api_id      = aws_apigatewayv2_api.this.id
  domain_name = aws_apigatewayv2_domain_name.this.id
  stage       = aws_apigatewayv2_stage.default.id
}

################################################################################
# Certificate
################################################################################

resource "aws_acm_certificate" "this" {
  count = local.create_certificate ? 1 : 0

  domain_name       = var.domain_name
  validation_method = "DNS"

  tags = var.tags

  lifecycle {
    create_before_destroy = true

    precondition {
      condition     = var.zone_id != null
      error_message = "The module validates the certificate it creates in Route 53: set zone_id, or pass an existing certificate in certificate_arn."
    }
  }
}

# Several regions validate the same name with the same record, so each may overwrite it.
resource "aws_route53_record" "certificate_validation" {
  for_each = local.create_certificate ? {
    for option in aws_acm_certificate.this[0].domain_validation_options : option.domain_name => option
  } : {}

  zone_id         = var.zone_id
  name            = each.value.resource_record_name
  type            = each.value.resource_record_type
  records         = [each.value.resource_record_value]
  ttl             = 300
  allow_overwrite = true
}

resource "aws_acm_certificate_validation" "this" {
  count = local.create_certificate ? 1 : 0

  certificate_arn         = aws_acm_certificate.this[0].arn
  validation_record_fqdns = [for record in aws_route53_record.certificate_validation : record.fqdn]
}

################################################################################
# DNS
################################################################################

# AAAA only when the domain answers on IPv6.
resource "aws_route53_record" "alias" {
  for_each = local.create_dns_records ? toset(var.ip_address_type == "dualstack" ? ["A", "AAAA"] : ["A"]) : toset([])

  zone_id        = var.zone_id
  name           = var.domain_name
  type           = each.key
  set_identifier = var.dns_latency_routing ? local.region : null

  alias {
    name                   = aws_apigatewayv2_domain_name.this.domain_name_configuration[0].target_domain_name
    zone_id                = aws_apigatewayv2_domain_name.this.domain_name_configuration[0].hosted_zone_id
    evaluate_target_health = var.dns_latency_routing
  }

  dynamic "latency_routing_policy" {
    for_each = var.dns_latency_routing ? [local.region] : []

    content {
      region = latency_routing_policy.value
    }
  }
}

################################################################################
# Lambda function
################################################################################

# function/dist holds index.js and a package.json that marks it as ESM, so the zip is self-describing.
data "archive_file" "function" {
  type             = "zip"
  source_dir       = "${path.module}/function/dist"
  output_path      = "${path.module}/.tmp/${var.name}-${local.region}.zip"
  output_file_mode = "0644"
}

resource "aws_lambda_function" "this" {
  function_name = var.name
  description   = "Answers registry requests for ${var.domain_name} and sends clients on to ${local.registry}"
  role          = aws_iam_role.function.arn

  filename         = data.archive_file.function.output_path
  source_code_hash = data.archive_file.function.output_base64sha256
  handler          = "index.handler"
  runtime          = var.function.runtime
  architectures    = [var.function.architecture]
  memory_size      = var.function.memory_size
  timeout          = var.function.timeout

  reserved_concurrent_executions = var.function.reserved_concurrent_executions

  environment {
    variables = {
      ECR_REGISTRY = local.registry
    }
  }

  logging_config {
    log_format = "JSON"
    log_group  = local.function_log_group_name
  }

  tags = var.tags

  # Otherwise Lambda may create the log group first, without retention, and the apply fails.
  depends_on = [
    aws_cloudwatch_log_group.function,
    aws_iam_role_policy.function_logs,
  ]
}

resource "aws_lambda_permission" "api" {
  statement_id  = "AllowInvokeFromApiGateway"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.this.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.this.execution_arn}/*"
}

################################################################################
# Log groups
################################################################################

resource "aws_cloudwatch_log_group" "function" {
  count = local.create_log_groups ? 1 : 0

  name              = local.function_log_group_name
  retention_in_days = var.log_retention_in_days
  kms_key_id        = var.log_kms_key_arn

  tags = var.tags
}

resource "aws_cloudwatch_log_group" "api" {
  count = local.create_log_groups ? 1 : 0

  name              = local.api_log_group_name
  retention_in_days = var.log_retention_in_days
  kms_key_id        = var.log_kms_key_arn

  tags = var.tags
}

################################################################################
# IAM
################################################################################

data "aws_iam_policy_document" "function_assume_role" {
  statement {
    sid     = "LambdaAssumeRole"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

# IAM is global: the region in the name lets one account deploy the module in several regions.
resource "aws_iam_role" "function" {
  name                 = "${var.name}-${local.region}"
  description          = "Runs the registry alias function ${var.name} in ${local.region}"
  assume_role_policy   = data.aws_iam_policy_document.function_assume_role.json
  permissions_boundary = var.role_permissions_boundary_arn

  tags = var.tags
}

# The function only writes its own logs: no logs:*, no "*" resource.
data "aws_iam_policy_document" "function_logs" {
  statement {
    sid       = "WriteOwnLogGroup"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${local.function_log_group_arn}:*"]
  }
}

resource "aws_iam_role_policy" "function_logs" {
  name   = "write-own-log-group"
  role   = aws_iam_role.function.id
  policy = data.aws_iam_policy_document.function_logs.json
}

################################################################################
# Registry policies
################################################################################

locals {
  repository_arn_prefix = "arn:${local.partition}:ecr:${local.registry_region}:${local.registry_account_id}:repository/"

  pull_actions = [
    "ecr:BatchCheckLayerAvailability",
    "ecr:BatchGetImage",
    "ecr:GetDownloadUrlForLayer",
  ]
  push_actions = [
    "ecr:CompleteLayerUpload",
    "ecr:InitiateLayerUpload",
    "ecr:PutImage",
    "ecr:UploadLayerPart",
  ]
}

data "aws_iam_policy_document" "pull" {
  count = length(var.pull_repositories) > 0 ? 1 : 0

  # GetAuthorizationToken has no resource-level permissions.
  statement {
    sid       = "GetAuthorizationToken"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }

  statement {
    sid       = "PullImages"
    actions   = local.pull_actions
    resources = [for repository in var.pull_repositories : "${local.repository_arn_prefix}${repository}"]
  }
}

data "aws_iam_policy_document" "push" {
  count = length(var.push_repositories) > 0 ? 1 : 0

  statement {
    sid       = "GetAuthorizationToken"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }

  statement {
    sid       = "PushImages"
    actions   = concat(local.pull_actions, local.push_actions)
    resources = [for repository in var.push_repositories : "${local.repository_arn_prefix}${repository}"]
  }
}
