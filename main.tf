################################################################################
# Common
################################################################################

data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  # `id` is the region's name in provider 5.x and 6.x alike: 6.x deprecates `name` for `region`, which 5.x lacks.
  region     = data.aws_region.current.id
  partition  = data.aws_partition.current.partition
  dns_suffix = data.aws_partition.current.dns_suffix

  # One front door: API Gateway with the Lambda function, or CloudFront with a CloudFront Function.
  # The api-gateway door's resources gained count; Terraform moves existing ones to [0] by itself.
  create_api_gateway = var.front_door == "api-gateway"
  create_cloudfront  = var.front_door == "cloudfront"

  # Plain booleans, never whether an input is null: certificate_arn and zone_id may come from resources
  # created in the same apply, and are unknown when Terraform decides what to create.
  create_certificate                   = var.create_certificate
  create_certificate_validation_record = var.create_certificate && var.create_certificate_validation_record
  create_dns_records                   = var.create_dns_records
  create_log_groups                    = var.create_log_groups && local.create_api_gateway
  create_health_check                  = var.create_health_check && local.create_api_gateway

  # Public access: the function pulls with its own role; var.public is ignored in private mode.
  # Only the api-gateway door has the function; the distribution rejects access = "public".
  public            = var.access == "public" && local.create_api_gateway
  basic_auth        = local.public && var.public.auth == "basic"
  create_authorizer = local.public && var.public.auth == "custom"

  # A public registry gets lower throttling defaults: anyone on the internet can call it.
  throttling_burst_limit = coalesce(var.throttling.burst_limit, local.public ? 100 : 1000)
  throttling_rate_limit  = coalesce(var.throttling.rate_limit, local.public ? 50 : 500)

  # This account's registry in this region, unless another one is named.
  registry = coalesce(var.registry, "${local.account_id}.dkr.ecr.${local.region}.${local.dns_suffix}")

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
  count = local.create_api_gateway ? 1 : 0

  name          = var.name
  description   = "Registry alias ${var.domain_name} for ${local.registry}"
  protocol_type = "HTTP"

  # Clients reach the API through the custom domain only; the Route 53 health check, when there is one, probes
  # this region's API on its own execute-api endpoint, since the custom domain's target answers only for domain_name.
  disable_execute_api_endpoint = !local.create_health_check
  ip_address_type              = var.ip_address_type

  tags = var.tags
}

resource "aws_apigatewayv2_stage" "default" {
  count = local.create_api_gateway ? 1 : 0

  api_id      = aws_apigatewayv2_api.this[0].id
  name        = "$default"
  auto_deploy = true

  default_route_settings {
    throttling_burst_limit = local.throttling_burst_limit
    throttling_rate_limit  = local.throttling_rate_limit
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
  count = local.create_api_gateway ? 1 : 0

  api_id                 = aws_apigatewayv2_api.this[0].id
  description            = "Registry requests for ${var.domain_name}"
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_function.this[0].arn
  payload_format_version = "2.0"
}

# $default matches every method and path that no other route matches, "/v2/" and "/" included.
resource "aws_apigatewayv2_route" "default" {
  count = local.create_api_gateway ? 1 : 0

  api_id    = aws_apigatewayv2_api.this[0].id
  route_key = "$default"
  target    = "integrations/${aws_apigatewayv2_integration.function[0].id}"

  authorization_type = local.create_authorizer ? "CUSTOM" : "NONE"
  authorizer_id      = local.create_authorizer ? aws_apigatewayv2_authorizer.this[0].id : null
}

# The authorizer's 401 carries no WWW-Authenticate, so the ping stays with the function, which sends the challenge.
# Route paths cannot end in "/"; "/v2" matches "/v2/" too.
resource "aws_apigatewayv2_route" "ping" {
  for_each = local.create_authorizer ? toset(["GET /v2", "HEAD /v2"]) : toset([])

  api_id             = aws_apigatewayv2_api.this[0].id
  route_key          = each.key
  target             = "integrations/${aws_apigatewayv2_integration.function[0].id}"
  authorization_type = "NONE"
}

################################################################################
# Custom domain
################################################################################

resource "aws_apigatewayv2_domain_name" "this" {
  count = local.create_api_gateway ? 1 : 0

  domain_name = var.domain_name

  domain_name_configuration {
    certificate_arn = local.certificate_arn
    endpoint_type   = "REGIONAL"
    security_policy = "TLS_1_2"
    ip_address_type = var.ip_address_type
  }

  tags = var.tags

  lifecycle {
    precondition {
      condition     = var.create_certificate || var.certificate_arn != null
      error_message = "create_certificate = false needs certificate_arn, the ARN of an ACM certificate for domain_name in this region: pass it, or set create_certificate = true to let the module create one."
    }

    # Conditionals, not ||: Terraform before 1.12 evaluates both sides of || and fails on null.
    precondition {
      condition     = var.create_certificate || var.certificate_arn == null ? true : split(":", var.certificate_arn)[3] == local.region
      error_message = "certificate_arn must name a certificate in ${local.region}, the region of the API's custom domain (API Gateway reads regional certificates in its own region): request or import the certificate there, or set create_certificate = true."
    }
  }
}

resource "aws_apigatewayv2_api_mapping" "this" {
  count = local.create_api_gateway ? 1 : 0

  api_id      = aws_apigatewayv2_api.this[0].id
  domain_name = aws_apigatewayv2_domain_name.this[0].id
  stage       = aws_apigatewayv2_stage.default[0].id
}

################################################################################
# CloudFront
################################################################################

locals {
  # AWS managed policies, by their fixed ids: a data source lookup adds an API call and makes mock_provider tests stub it.
  # CachingDisabled: nothing is cached, every request reaches the registry.
  cloudfront_cache_policy_id = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
  # AllViewerExceptHostHeader: Authorization and the other viewer headers reach the registry, Host is the registry's own.
  # CloudFront rejects a custom origin request policy that names Authorization; AllViewer would send domain_name as Host.
  cloudfront_origin_request_policy_id = "b689b0a8-53d0-40ab-baf2-68738e2966ac"

  cloudfront_origin_id = "registry"

  # The statuses CloudFront caches for 10 s by default, per URL and for every viewer, even with CachingDisabled;
  # also every code custom_error_response accepts (CloudFront documents 416 as never cached, which is harmless here).
  cloudfront_cached_error_codes = [400, 403, 404, 405, 414, 416, 500, 501, 502, 503, 504]
}

# The committed build of function/src/cloudfront-function.ts (npm run build), with the registry host filled in.
resource "aws_cloudfront_function" "this" {
  count = local.create_cloudfront ? 1 : 0

  name    = var.name
  comment = "Keeps the registry's Location and Link headers on the alias domain"
  runtime = "cloudfront-js-2.0"
  publish = true
  code    = replace(file("${path.module}/function/cloudfront-function.js"), "__ECR_REGISTRY__", local.registry)
}

resource "aws_cloudfront_distribution" "this" {
  count = local.create_cloudfront ? 1 : 0

  enabled = true
  # CloudFront comments hold at most 128 characters; domain_name alone may have 253.
  comment         = substr("Registry alias ${var.domain_name} for ${local.registry}", 0, 128)
  aliases         = [var.domain_name]
  price_class     = var.cloudfront.price_class
  http_version    = "http2and3"
  is_ipv6_enabled = var.ip_address_type == "dualstack"

  origin {
    origin_id   = local.cloudfront_origin_id
    domain_name = local.registry

    custom_origin_config {
      http_port                = 80
      https_port               = 443
      origin_protocol_policy   = "https-only"
      origin_ssl_protocols     = ["TLSv1.2"]
      origin_read_timeout      = var.cloudfront.origin_read_timeout
      origin_keepalive_timeout = var.cloudfront.origin_keepalive_timeout
    }
  }

  default_cache_behavior {
    target_origin_id         = local.cloudfront_origin_id
    viewer_protocol_policy   = "https-only"
    allowed_methods          = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]
    cached_methods           = ["GET", "HEAD"]
    cache_policy_id          = local.cloudfront_cache_policy_id
    origin_request_policy_id = local.cloudfront_origin_request_policy_id

    # Functions do not run on origin answers of 400 and above; those carry no Location to rewrite.
    function_association {
      event_type   = "viewer-response"
      function_arn = aws_cloudfront_function.this[0].arn
    }
  }

  # Only the caching time: no response_page_path or response_code, so the registry's own answer passes through.
  dynamic "custom_error_response" {
    for_each = local.cloudfront_cached_error_codes

    content {
      error_code            = custom_error_response.value
      error_caching_min_ttl = var.cloudfront.error_caching_min_ttl
    }
  }

  viewer_certificate {
    acm_certificate_arn      = local.certificate_arn
    ssl_support_method       = "sni-only"
    minimum_protocol_version = "TLSv1.2_2021"
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  tags = var.tags

  lifecycle {
    precondition {
      condition     = var.access == "private"
      error_message = "front_door = \"cloudfront\" serves private access only: access = \"public\" needs the function, which pulls with its own registry token, and CloudFront cannot fetch one. Use front_door = \"api-gateway\" for public access."
    }

    precondition {
      condition     = var.create_certificate || var.certificate_arn != null
      error_message = "create_certificate = false needs certificate_arn, the ARN of an ACM certificate for domain_name in us-east-1: pass it, or set create_certificate = true to let the module create one."
    }

    # Conditionals, not ||: Terraform before 1.12 evaluates both sides of || and fails on null.
    precondition {
      condition     = var.create_certificate || var.certificate_arn == null ? true : split(":", var.certificate_arn)[3] == "us-east-1"
      error_message = "front_door = \"cloudfront\" needs certificate_arn in us-east-1, where CloudFront reads certificates: request or import the certificate there, or set create_certificate = true to let the module create it."
    }

    precondition {
      condition     = !var.dns_latency_routing
      error_message = "dns_latency_routing applies to the api-gateway door only: a CloudFront distribution is already served from every edge, and domain_name can be an alias of only one distribution."
    }

    precondition {
      condition     = !var.create_health_check
      error_message = "create_health_check applies to the api-gateway door only, where each region's API has its own health check: CloudFront is already global."
    }

    precondition {
      condition     = !strcontains(local.registry, ":")
      error_message = "front_door = \"cloudfront\" needs registry as a host name without a port, such as \"123456789012.dkr.ecr.eu-west-1.amazonaws.com\": the distribution connects to it on 443."
    }
  }
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
      condition     = var.certificate_arn == null
      error_message = "certificate_arn is set while create_certificate = true (the default): set create_certificate = false to serve that certificate, or leave certificate_arn null to let the module create one."
    }

    precondition {
      condition     = !var.create_certificate_validation_record || var.zone_id != null
      error_message = "The module writes the certificate's validation record in Route 53: set zone_id, or set create_certificate_validation_record = false and create the record from the certificate_domain_validation_options output yourself."
    }

    precondition {
      condition     = !local.create_cloudfront || local.region == "us-east-1"
      error_message = "front_door = \"cloudfront\" needs its certificate in us-east-1, where CloudFront reads certificates, and the module creates it in its AWS provider's region. Call the module with a us-east-1 provider, providers = { aws = aws.us_east_1 } (nothing else of the cloudfront door is regional; set registry when your ECR registry is in another region), or pass certificate_arn of a certificate in us-east-1 with create_certificate = false."
    }
  }
}

# ACM asks for the same record for one name in every region of an account, so one copy of the module owns it:
# with several regions, the others set create_certificate_validation_record = false, or destroying one of
# them would delete the record that every region's certificate renews with.
# Keyed by domain_name, which plans even when the certificate's validation options are not known yet.
resource "aws_route53_record" "certificate_validation" {
  for_each = local.create_certificate_validation_record ? toset([var.domain_name]) : toset([])

  zone_id = var.zone_id
  name    = one(aws_acm_certificate.this[0].domain_validation_options).resource_record_name
  type    = one(aws_acm_certificate.this[0].domain_validation_options).resource_record_type
  records = [one(aws_acm_certificate.this[0].domain_validation_options).resource_record_value]
  ttl     = 300
  # The record may already exist, written by another region before it handed over ownership.
  allow_overwrite = true
}

# Waits until ACM has issued the certificate, whoever writes the validation record.
resource "aws_acm_certificate_validation" "this" {
  count = local.create_certificate ? 1 : 0

  certificate_arn         = aws_acm_certificate.this[0].arn
  validation_record_fqdns = local.create_certificate_validation_record ? [for record in aws_route53_record.certificate_validation : record.fqdn] : null
}

locals {
  # The front door waits for the certificate it creates to be issued.
  certificate_arn = local.create_certificate ? aws_acm_certificate_validation.this[0].certificate_arn : var.certificate_arn
}

################################################################################
# DNS
################################################################################

locals {
  # Whichever front door answers on domain_name.
  alias_target = local.create_cloudfront ? {
    name    = aws_cloudfront_distribution.this[0].domain_name
    zone_id = aws_cloudfront_distribution.this[0].hosted_zone_id
    } : {
    name    = aws_apigatewayv2_domain_name.this[0].domain_name_configuration[0].target_domain_name
    zone_id = aws_apigatewayv2_domain_name.this[0].domain_name_configuration[0].hosted_zone_id
  }
}

# AAAA only when the domain answers on IPv6.
resource "aws_route53_record" "alias" {
  for_each = local.create_dns_records ? toset(var.ip_address_type == "dualstack" ? ["A", "AAAA"] : ["A"]) : toset([])

  zone_id        = var.zone_id
  name           = var.domain_name
  type           = each.key
  set_identifier = var.dns_latency_routing ? local.region : null
  # Route 53 skips this region's records while its health check fails; a simple record has no alternative to skip to.
  health_check_id = local.create_health_check && var.dns_latency_routing ? aws_route53_health_check.this[0].id : null

  alias {
    name    = local.alias_target.name
    zone_id = local.alias_target.zone_id
    # Fails over only when API Gateway itself is down in the region; the health check covers the API and function.
    evaluate_target_health = var.dns_latency_routing
  }

  dynamic "latency_routing_policy" {
    for_each = var.dns_latency_routing ? [local.region] : []

    content {
      region = latency_routing_policy.value
    }
  }

  lifecycle {
    precondition {
      condition     = var.zone_id != null
      error_message = "create_dns_records = true (the default) needs zone_id, the Route 53 hosted zone of domain_name: set it, or set create_dns_records = false and point domain_name at the domain_target_domain_name output (cloudfront_distribution_domain_name with front_door = \"cloudfront\") yourself."
    }
  }
}

################################################################################
# Health check
################################################################################

# GET /v2/ on this region's API answers without credentials: a 307 to the registry in private mode, 200 with
# public.auth = "none". Route 53 counts 2xx and 3xx as healthy, so a failing function or API turns it unhealthy.
resource "aws_route53_health_check" "this" {
  count = local.create_health_check ? 1 : 0

  type              = "HTTPS"
  fqdn              = trimprefix(aws_apigatewayv2_api.this[0].api_endpoint, "https://")
  port              = 443
  resource_path     = "/v2/"
  enable_sni        = true
  request_interval  = var.health_check.request_interval
  failure_threshold = var.health_check.failure_threshold
  regions           = var.health_check.regions

  tags = merge(var.tags, { Name = "${var.name}-${local.region}" })

  lifecycle {
    precondition {
      condition     = !local.basic_auth && !local.create_authorizer
      error_message = "create_health_check needs GET /v2/ to answer without credentials, as it does with access = \"private\" or public.auth = \"none\": with public.auth = \"basic\" or \"custom\" it answers 401, which Route 53 counts as unhealthy."
    }
  }
}

################################################################################
# Lambda function
################################################################################

locals {
  # The function's whole interface; private mode gets ECR_REGISTRY and ACCESS only.
  function_environment = merge(
    {
      ECR_REGISTRY = local.registry
      ACCESS       = var.access
    },
    local.public ? {
      PUBLIC_REPOSITORIES = join(",", var.public.repositories)
      PUBLIC_AUTH         = var.public.auth
    } : {},
    local.basic_auth && var.public.basic_auth_ssm_parameter_name != null ? {
      BASIC_AUTH_SSM_PARAMETER = var.public.basic_auth_ssm_parameter_name
    } : {},
    local.basic_auth && var.public.basic_auth_secret_arn != null ? {
      BASIC_AUTH_SECRET_ID = var.public.basic_auth_secret_arn
    } : {},
  )

  # The committed build (npm run build): function/dist zipped with fixed dates, order and modes, so the same
  # sources give the same bytes, and a saved plan applies on any runner that has the module.
  # index.js sits beside a package.json that marks it as ESM, so the zip is self-describing.
  function_zip = "${path.module}/function/dist.zip"
}

resource "aws_lambda_function" "this" {
  count = local.create_api_gateway ? 1 : 0

  function_name = var.name
  # Lambda allows 256 characters: a domain alone may have 253, so none goes in here.
  description = "Registry alias (ecr-custom-domain): redirects, forwards or challenges container registry requests"
  role        = aws_iam_role.function[0].arn

  filename         = local.function_zip
  source_code_hash = filebase64sha256(local.function_zip)
  handler          = "index.handler"
  runtime          = var.function.runtime
  architectures    = [var.function.architecture]
  memory_size      = var.function.memory_size
  timeout          = var.function.timeout

  reserved_concurrent_executions = var.function.reserved_concurrent_executions

  environment {
    variables = local.function_environment
  }

  logging_config {
    log_format = "JSON"
    log_group  = local.function_log_group_name
  }

  tags = var.tags

  lifecycle {
    precondition {
      condition     = !local.public || length(var.public.repositories) > 0
      error_message = "access = \"public\" needs at least one repository in public.repositories, such as [\"app\", \"team/*\"]."
    }

    # The function reads the secret with a client in its own region.
    precondition {
      condition     = var.public.basic_auth_secret_arn == null ? true : split(":", var.public.basic_auth_secret_arn)[3] == local.region
      error_message = "public.basic_auth_secret_arn must name a secret in ${local.region}, where the function reads it: replicate the secret to this region (Secrets Manager replica) and pass the replica's ARN."
    }

    precondition {
      condition     = var.public.basic_auth_kms_key_arn == null ? true : split(":", var.public.basic_auth_kms_key_arn)[3] == local.region
      error_message = "public.basic_auth_kms_key_arn must name a key in ${local.region}, the region of the parameter or secret it encrypts."
    }
  }

  # Otherwise Lambda may create the log group first, without retention, and the apply fails.
  depends_on = [
    aws_cloudwatch_log_group.function,
    aws_iam_role_policy.function_logs,
  ]
}

resource "aws_lambda_permission" "api" {
  count = local.create_api_gateway ? 1 : 0

  statement_id  = "AllowInvokeFromApiGateway"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.this[0].function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.this[0].execution_arn}/*"
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

  lifecycle {
    # CloudWatch Logs encrypts only with a key in its own region; both log groups share the key.
    precondition {
      condition     = var.log_kms_key_arn == null ? true : split(":", var.log_kms_key_arn)[3] == local.region
      error_message = "log_kms_key_arn must name a KMS key in ${local.region}, the region of the log groups: CloudWatch Logs cannot use a key in another region."
    }
  }
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
  count = local.create_api_gateway ? 1 : 0

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
  count = local.create_api_gateway ? 1 : 0

  name                 = "${var.name}-${local.region}"
  description          = "Runs the registry alias function ${var.name} in ${local.region}"
  assume_role_policy   = data.aws_iam_policy_document.function_assume_role[0].json
  permissions_boundary = var.role_permissions_boundary_arn

  tags = var.tags
}

# The function only writes its own logs: no logs:*, no "*" resource.
data "aws_iam_policy_document" "function_logs" {
  count = local.create_api_gateway ? 1 : 0

  statement {
    sid       = "WriteOwnLogGroup"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${local.function_log_group_arn}:*"]
  }
}

resource "aws_iam_role_policy" "function_logs" {
  count = local.create_api_gateway ? 1 : 0

  name   = "write-own-log-group"
  role   = aws_iam_role.function[0].id
  policy = data.aws_iam_policy_document.function_logs[0].json
}

################################################################################
# Public access
################################################################################

locals {
  # Allow-list entries as IAM resources: a "*" or "**" segment becomes "*", which in IAM also crosses "/".
  # IAM is therefore at most as broad as the allow-list; the handler's parse of each path is the precise check.
  public_repository_arns = local.public ? distinct([for repository in var.public.repositories : "${local.repository_arn_prefix}${replace(repository, "**", "*")}"]) : []

  # Read-only registry API: manifests, blobs, tags/list and _catalog.
  public_pull_actions = [
    "ecr:BatchCheckLayerAvailability",
    "ecr:BatchGetImage",
    "ecr:DescribeImages",
    "ecr:DescribeRepositories",
    "ecr:GetDownloadUrlForLayer",
    "ecr:ListImages",
  ]

  # The one parameter or secret that holds username:password, and the service that decrypts it.
  basic_auth_credentials = !local.basic_auth ? null : var.public.basic_auth_ssm_parameter_name != null ? {
    action  = "ssm:GetParameter"
    arn     = "arn:${local.partition}:ssm:${local.region}:${local.account_id}:parameter/${trimprefix(var.public.basic_auth_ssm_parameter_name, "/")}"
    service = "ssm.${local.region}.${local.dns_suffix}"
    } : {
    action  = "secretsmanager:GetSecretValue"
    arn     = var.public.basic_auth_secret_arn
    service = "secretsmanager.${local.region}.${local.dns_suffix}"
  }

  # arn:<partition>:lambda:<region>:<account>:function:<name>[:<qualifier>]
  authorizer_function_arn_parts = local.create_authorizer ? split(":", var.public.authorizer_function_arn) : []
}

data "aws_iam_policy_document" "function_public" {
  count = local.public ? 1 : 0

  # GetAuthorizationToken has no resource-level permissions.
  statement {
    sid       = "GetAuthorizationToken"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }

  statement {
    sid       = "PullPublicRepositories"
    actions   = local.public_pull_actions
    resources = local.public_repository_arns
  }

  # GET /v2/_catalog is DescribeRepositories underneath, and ECR checks it on the whole registry;
  # the function lists only the allowed repositories' names from it.
  statement {
    sid       = "ListRepositoriesForCatalog"
    actions   = ["ecr:DescribeRepositories"]
    resources = ["${local.repository_arn_prefix}*"]
  }
}

resource "aws_iam_role_policy" "function_public" {
  count = local.public ? 1 : 0

  name   = "pull-public-repositories"
  role   = aws_iam_role.function[0].id
  policy = data.aws_iam_policy_document.function_public[0].json
}

data "aws_iam_policy_document" "function_basic_auth" {
  count = local.basic_auth ? 1 : 0

  statement {
    sid       = "ReadBasicAuthCredentials"
    actions   = [local.basic_auth_credentials.action]
    resources = [local.basic_auth_credentials.arn]
  }

  # AWS managed keys (aws/ssm, aws/secretsmanager) need no grant; a customer managed key does, through that service only.
  dynamic "statement" {
    for_each = var.public.basic_auth_kms_key_arn != null ? [var.public.basic_auth_kms_key_arn] : []

    content {
      sid       = "DecryptBasicAuthCredentials"
      actions   = ["kms:Decrypt"]
      resources = [statement.value]

      condition {
        test     = "StringEquals"
        variable = "kms:ViaService"
        values   = [local.basic_auth_credentials.service]
      }
    }
  }
}

resource "aws_iam_role_policy" "function_basic_auth" {
  count = local.basic_auth ? 1 : 0

  name   = "read-basic-auth-credentials"
  role   = aws_iam_role.function[0].id
  policy = data.aws_iam_policy_document.function_basic_auth[0].json
}

resource "aws_apigatewayv2_authorizer" "this" {
  count = local.create_authorizer ? 1 : 0

  api_id                            = aws_apigatewayv2_api.this[0].id
  name                              = var.name
  authorizer_type                   = "REQUEST"
  authorizer_uri                    = "arn:${local.partition}:apigateway:${local.region}:lambda:path/2015-03-31/functions/${var.public.authorizer_function_arn}/invocations"
  authorizer_payload_format_version = "2.0"
  enable_simple_responses           = true
  identity_sources                  = ["$request.header.Authorization"]
  authorizer_result_ttl_in_seconds  = var.public.authorizer_result_ttl_in_seconds
}

# The module can only grant the invocation in its own account and region.
resource "aws_lambda_permission" "authorizer" {
  count = local.create_authorizer ? 1 : 0

  statement_id  = "AllowInvokeFromApiGateway-${aws_apigatewayv2_api.this[0].id}"
  action        = "lambda:InvokeFunction"
  function_name = join(":", slice(local.authorizer_function_arn_parts, 0, 7))
  qualifier     = length(local.authorizer_function_arn_parts) > 7 ? local.authorizer_function_arn_parts[7] : null
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.this[0].execution_arn}/authorizers/${aws_apigatewayv2_authorizer.this[0].id}"

  lifecycle {
    precondition {
      condition     = local.authorizer_function_arn_parts[3] == local.region && local.authorizer_function_arn_parts[4] == local.account_id
      error_message = "public.authorizer_function_arn must name a function in this account and region, where the module can let API Gateway invoke it."
    }
  }
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
