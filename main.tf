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

  # create = false: nothing at all. One front door: API Gateway with the Lambda function, CloudFront with a
  # CloudFront Function, or serve on ECS. The api-gateway door's resources gained count; Terraform moves existing
  # ones to [0] by itself.
  create             = var.create
  create_api_gateway = local.create && var.front_door == "api-gateway"
  create_cloudfront  = local.create && var.front_door == "cloudfront"
  create_ecs         = local.create && var.front_door == "ecs"

  # Plain booleans, never whether an input is null: certificate_arn and zone_id may come from resources
  # created in the same apply, and are unknown when Terraform decides what to create.
  create_certificate                   = local.create && var.create_certificate
  create_certificate_validation_record = local.create_certificate && var.create_certificate_validation_record
  create_dns_records                   = local.create && var.create_dns_records
  create_log_groups                    = var.create_log_groups && local.create_api_gateway
  create_health_check                  = var.create_health_check && local.create_api_gateway

  # Public access: the function, or serve's tasks, pull with their own role; var.public is ignored in private mode.
  # The distribution rejects access = "public", and the ecs door public.auth = "custom" (no API Gateway authorizer).
  public            = var.access == "public" && !local.create_cloudfront
  basic_auth        = local.public && var.public.auth == "basic"
  create_authorizer = local.public && var.public.auth == "custom" && local.create_api_gateway
  # The ECR tag that publishes a repository too (public.repository_tag), or null.
  public_repository_tag = local.public ? var.public.repository_tag : null

  # A public registry gets lower throttling defaults: anyone on the internet can call it.
  throttling_burst_limit = coalesce(var.throttling.burst_limit, local.public ? 100 : 1000)
  throttling_rate_limit  = coalesce(var.throttling.rate_limit, local.public ? 50 : 500)

  # This account's registry in this region, unless another one is named.
  registry = coalesce(var.registry, "${local.account_id}.dkr.ecr.${local.region}.${local.dns_suffix}")

  # Repository ARNs live in the registry's account and region; a non-ECR registry falls back to this account and region.
  registry_parts      = try(regex("^([0-9]{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.", local.registry), [local.account_id, local.region])
  registry_account_id = local.registry_parts[0]
  registry_region     = local.registry_parts[1]

  # Names derive from domain_name unless name is given, so that copies of the module in one account never collide:
  # "ecr.example.com" gives "ecr-example-com"; one over 40 characters keeps 33 and a hash of the whole domain.
  domain_slug = replace(var.domain_name, ".", "-")
  name        = var.name != null ? var.name : length(local.domain_slug) <= 40 ? local.domain_slug : "${trim(substr(local.domain_slug, 0, 33), "-")}-${substr(sha1(var.domain_name), 0, 6)}"

  function_log_group_name = "/aws/lambda/${local.name}"
  api_log_group_name      = "/aws/apigateway/${local.name}"
  function_log_group_arn  = local.create_log_groups ? aws_cloudwatch_log_group.function[0].arn : "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${local.function_log_group_name}"
  api_log_group_arn       = local.create_log_groups ? aws_cloudwatch_log_group.api[0].arn : "arn:${local.partition}:logs:${local.region}:${local.account_id}:log-group:${local.api_log_group_name}"
}

################################################################################
# API Gateway
################################################################################

resource "aws_apigatewayv2_api" "this" {
  count = local.create_api_gateway ? 1 : 0

  name          = local.name
  description   = "Registry alias ${var.domain_name} for ${local.registry}"
  protocol_type = "HTTP"

  # Clients reach the API through the custom domain only; the Route 53 health check, when there is one, probes
  # this region's API on its own execute-api endpoint, since the custom domain's target answers only for domain_name.
  disable_execute_api_endpoint = !local.create_health_check
  ip_address_type              = var.ip_address_type

  tags = merge(var.tags, var.api_tags)
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

  # Context variables only: request headers, Authorization included, are never logged. routeKey tells the ping route
  # from $default, and the authorizer's and the integration's own errors say why a request got a 401 or a 5xx.
  access_log_settings {
    destination_arn = local.api_log_group_arn
    format = jsonencode({
      requestId               = "$context.requestId"
      requestTime             = "$context.requestTime"
      sourceIp                = "$context.identity.sourceIp"
      userAgent               = "$context.identity.userAgent"
      domainName              = "$context.domainName"
      httpMethod              = "$context.httpMethod"
      path                    = "$context.path"
      routeKey                = "$context.routeKey"
      protocol                = "$context.protocol"
      status                  = "$context.status"
      responseLength          = "$context.responseLength"
      responseLatency         = "$context.responseLatency"
      integrationStatus       = "$context.integration.status"
      integrationLatency      = "$context.integration.latency"
      integrationError        = "$context.integration.error"
      integrationErrorMessage = "$context.integrationErrorMessage"
      authorizerError         = "$context.authorizer.error"
      errorMessage            = "$context.error.message"
    })
  }

  tags = merge(var.tags, var.api_tags)

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

  tags = merge(var.tags, var.api_tags)

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

  # The committed build of function/src/cloudfront-function.ts (npm run build), with the registry host filled in.
  cloudfront_function_code = replace(file("${path.module}/function/cloudfront-function.js"), "__ECR_REGISTRY__", local.registry)

  cloudfront_access_logs_cloudwatch = local.create_cloudfront && var.cloudfront.access_logs == "cloudwatch-logs"
  cloudfront_access_logs_s3         = local.create_cloudfront && var.cloudfront.access_logs == "s3"
  # CloudWatch Logs lets deliveries write to /aws/vendedlogs/* through one resource policy statement for all of them.
  cloudfront_log_group_name = "/aws/vendedlogs/cloudfront/${local.name}"
}

# Named after its code, as name_prefix would: a new build or registry makes a new function, the distribution switches
# to it, and only then is the old one deleted, which CloudFront refuses while a distribution uses it (FunctionInUse).
resource "aws_cloudfront_function" "this" {
  count = local.create_cloudfront ? 1 : 0

  name    = "${local.name}-${substr(sha1(local.cloudfront_function_code), 0, 8)}"
  comment = "Keeps the registry's Location and Link headers on the alias domain"
  runtime = "cloudfront-js-2.0"
  publish = true
  code    = local.cloudfront_function_code

  lifecycle {
    create_before_destroy = true
  }
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
  # Set here or nowhere: CloudFront takes a web ACL only through the distribution, and null removes one.
  web_acl_id = var.cloudfront.web_acl_id

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

  # Legacy standard logging; cookies are not logged, and no log holds a request header such as Authorization.
  dynamic "logging_config" {
    for_each = local.cloudfront_access_logs_s3 ? [var.cloudfront.access_logs_bucket] : []

    content {
      bucket          = "${logging_config.value}.s3.${local.dns_suffix}"
      prefix          = var.cloudfront.access_logs_prefix
      include_cookies = false
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

  tags = merge(var.tags, var.distribution_tags)

  lifecycle {
    # With a us-east-1 provider, this account's registry there is rarely the one meant: the plan says so instead.
    precondition {
      condition     = var.registry != null
      error_message = "front_door = \"cloudfront\" needs registry, the registry the distribution fronts, such as \"123456789012.dkr.ecr.eu-west-1.amazonaws.com\": the module runs on a us-east-1 provider, and would otherwise front this account's registry in us-east-1."
    }

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

# Standard logging v2: CloudFront's delivery source lives in us-east-1, and the log group beside it.
resource "aws_cloudwatch_log_group" "cloudfront" {
  count = local.cloudfront_access_logs_cloudwatch ? 1 : 0

  name              = local.cloudfront_log_group_name
  retention_in_days = var.log_retention_in_days
  kms_key_id        = var.log_kms_key_arn
  log_group_class   = var.log_group_class
  skip_destroy      = var.log_group_skip_destroy

  tags = merge(var.tags, var.log_group_tags)

  lifecycle {
    precondition {
      condition     = local.region == "us-east-1"
      error_message = "cloudfront.access_logs = \"cloudwatch-logs\" (the default) needs the module on a us-east-1 provider (providers = { aws = aws.us_east_1 }), where CloudFront delivers its access logs: run it there, or set cloudfront.access_logs = \"s3\" with cloudfront.access_logs_bucket, or \"none\"."
    }

    precondition {
      condition     = var.log_kms_key_arn == null ? true : split(":", var.log_kms_key_arn)[3] == local.region
      error_message = "log_kms_key_arn must name a KMS key in ${local.region}, the region of the access log group: CloudWatch Logs cannot use a key in another region."
    }
  }
}

resource "aws_cloudwatch_log_delivery_source" "cloudfront" {
  count = local.cloudfront_access_logs_cloudwatch ? 1 : 0

  name         = local.name
  log_type     = "ACCESS_LOGS"
  resource_arn = aws_cloudfront_distribution.this[0].arn

  tags = merge(var.tags, var.distribution_tags)
}

resource "aws_cloudwatch_log_delivery_destination" "cloudfront" {
  count = local.cloudfront_access_logs_cloudwatch ? 1 : 0

  name = local.name

  delivery_destination_configuration {
    destination_resource_arn = aws_cloudwatch_log_group.cloudfront[0].arn
  }

  tags = merge(var.tags, var.distribution_tags)
}

resource "aws_cloudwatch_log_delivery" "cloudfront" {
  count = local.cloudfront_access_logs_cloudwatch ? 1 : 0

  delivery_source_name     = aws_cloudwatch_log_delivery_source.cloudfront[0].name
  delivery_destination_arn = aws_cloudwatch_log_delivery_destination.cloudfront[0].arn

  tags = merge(var.tags, var.distribution_tags)
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
      condition     = !var.create_certificate_validation_record || var.zone_id != null
      error_message = "The module writes the certificate's validation record in Route 53: set zone_id, or set create_certificate_validation_record = false and create the record from the certificate_domain_validation_options output yourself."
    }

    precondition {
      condition     = !local.create_cloudfront || local.region == "us-east-1"
      error_message = "front_door = \"cloudfront\" needs its certificate in us-east-1, where CloudFront reads certificates, and the module creates it in its AWS provider's region. Call the module with a us-east-1 provider, providers = { aws = aws.us_east_1 } (nothing else of the cloudfront door is regional; set registry when your ECR registry is in another region), or pass certificate_arn of a certificate in us-east-1 with create_certificate = false."
    }
  }
}

# certificate_arn with create_certificate = true fails the plan here: a known ARN through the precondition, one that
# a resource makes in the same apply through this count, which Terraform cannot know at plan ("Invalid count
# argument"). A precondition alone would wait for the apply and stop it half-way.
resource "terraform_data" "certificate_arn_needs_create_certificate_false" {
  count = local.create_certificate ? (var.certificate_arn == null ? 0 : 1) : 0

  lifecycle {
    precondition {
      condition     = var.certificate_arn == null
      error_message = "certificate_arn is set while create_certificate = true (the default): set create_certificate = false to serve that certificate, or leave certificate_arn null to let the module create one."
    }
  }
}

# ACM asks for the same record for one name in every region of an account, so one copy of the module owns it:
# with several regions, the others set create_certificate_validation_record = false, or destroying one of
# them would delete the record that every region's certificate renews with.
# count, not keyed by domain_name, so that a domain_name known only at apply plans too.
resource "aws_route53_record" "certificate_validation" {
  count = local.create_certificate_validation_record ? 1 : 0

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
  validation_record_fqdns = local.create_certificate_validation_record ? [aws_route53_record.certificate_validation[0].fqdn] : null
}

locals {
  # The front door waits for the certificate it creates to be issued.
  certificate_arn = local.create_certificate ? aws_acm_certificate_validation.this[0].certificate_arn : var.certificate_arn
}

################################################################################
# DNS
################################################################################

locals {
  # Whichever front door answers on domain_name; none with create = false.
  alias_target = local.create_cloudfront ? {
    name    = aws_cloudfront_distribution.this[0].domain_name
    zone_id = aws_cloudfront_distribution.this[0].hosted_zone_id
    } : local.create_ecs ? {
    name    = aws_lb.this[0].dns_name
    zone_id = aws_lb.this[0].zone_id
    } : local.create_api_gateway ? {
    name    = aws_apigatewayv2_domain_name.this[0].domain_name_configuration[0].target_domain_name
    zone_id = aws_apigatewayv2_domain_name.this[0].domain_name_configuration[0].hosted_zone_id
  } : null
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

  tags = merge(var.tags, { Name = "${local.name}-${local.region}" })

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
      PUBLIC_AUTH = var.public.auth
    } : {},
    local.public && length(var.public.repositories) > 0 ? {
      PUBLIC_REPOSITORIES = join(",", var.public.repositories)
    } : {},
    local.public_repository_tag != null ? {
      PUBLIC_REPOSITORY_TAG = "${local.public_repository_tag.key}=${local.public_repository_tag.value}"
    } : {},
    # The function's own default is 60.
    local.public_repository_tag != null && try(local.public_repository_tag.ttl_seconds != 60, false) ? {
      PUBLIC_REPOSITORY_TAG_TTL = tostring(local.public_repository_tag.ttl_seconds)
    } : {},
    local.basic_auth && var.public.basic_auth_ssm_parameter_name != null ? {
      BASIC_AUTH_SSM_PARAMETER = var.public.basic_auth_ssm_parameter_name
    } : {},
    local.basic_auth && var.public.basic_auth_secret_arn != null ? {
      BASIC_AUTH_SECRET_ID = var.public.basic_auth_secret_arn
    } : {},
  )

  # The committed build (npm run build): dist/function zipped with fixed dates, order and modes, so the same
  # sources give the same bytes, and a saved plan applies on any runner that has the module.
  # index.js sits beside a package.json that marks it as ESM, so the zip is self-describing.
  function_zip = "${path.module}/function/dist.zip"
}

resource "aws_lambda_function" "this" {
  count = local.create_api_gateway ? 1 : 0

  function_name = local.name
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

  tracing_config {
    mode = var.function.tracing_mode
  }

  tags = merge(var.tags, var.function_tags)

  lifecycle {
    precondition {
      condition     = !local.public || length(var.public.repositories) > 0 || var.public.repository_tag != null
      error_message = "access = \"public\" needs at least one repository in public.repositories, such as [\"app\", \"team/*\"], or public.repository_tag, such as { key = \"public\", value = \"true\" }."
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
    aws_iam_role_policy.function_tracing,
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
  log_group_class   = var.log_group_class
  skip_destroy      = var.log_group_skip_destroy

  tags = merge(var.tags, var.log_group_tags)

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
  log_group_class   = var.log_group_class
  skip_destroy      = var.log_group_skip_destroy

  tags = merge(var.tags, var.log_group_tags)
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

  name                 = coalesce(var.role_name, "${local.name}-${local.region}")
  path                 = var.role_path
  description          = "Runs the registry alias function ${local.name} in ${local.region}"
  assume_role_policy   = data.aws_iam_policy_document.function_assume_role[0].json
  permissions_boundary = var.role_permissions_boundary_arn

  tags = merge(var.tags, var.role_tags)
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

# X-Ray's write actions have no resource-level permissions.
data "aws_iam_policy_document" "function_tracing" {
  count = local.create_api_gateway && var.function.tracing_mode == "Active" ? 1 : 0

  statement {
    sid       = "WriteTraces"
    actions   = ["xray:PutTelemetryRecords", "xray:PutTraceSegments"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "function_tracing" {
  count = local.create_api_gateway && var.function.tracing_mode == "Active" ? 1 : 0

  name   = "write-traces"
  role   = aws_iam_role.function[0].id
  policy = data.aws_iam_policy_document.function_tracing[0].json
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
  count = local.create && local.public ? 1 : 0

  # GetAuthorizationToken has no resource-level permissions.
  statement {
    sid       = "GetAuthorizationToken"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }

  # With public.repository_tag alone there is no listed repository (and IAM refuses a statement without a resource).
  dynamic "statement" {
    for_each = length(local.public_repository_arns) > 0 ? [local.public_repository_arns] : []

    content {
      sid       = "PullPublicRepositories"
      actions   = local.public_pull_actions
      resources = statement.value
    }
  }

  # Repositories published by tag: IAM checks the same tag the alias does, so a repository that loses it cannot be
  # pulled even by an alias that has not noticed yet.
  dynamic "statement" {
    for_each = local.public_repository_tag != null ? [local.public_repository_tag] : []

    content {
      sid       = "PullTaggedRepositories"
      actions   = local.public_pull_actions
      resources = ["${local.repository_arn_prefix}*"]

      condition {
        test     = "StringEquals"
        variable = "ecr:ResourceTag/${statement.value.key}"
        values   = [statement.value.value]
      }
    }
  }

  # GET /v2/_catalog is DescribeRepositories underneath, and ECR checks it on the whole registry;
  # the function lists only the allowed repositories' names from it.
  statement {
    sid       = "ListRepositoriesForCatalog"
    actions   = ["ecr:DescribeRepositories"]
    resources = ["${local.repository_arn_prefix}*"]
  }

  # Which repositories carry the tag: ListTagsForResource of each one the registry lists (ECR has no filter by tag).
  dynamic "statement" {
    for_each = local.public_repository_tag != null ? [1] : []

    content {
      sid       = "ReadRepositoryTags"
      actions   = ["ecr:ListTagsForResource"]
      resources = ["${local.repository_arn_prefix}*"]
    }
  }
}

resource "aws_iam_role_policy" "function_public" {
  count = local.public && local.create_api_gateway ? 1 : 0

  name   = "pull-public-repositories"
  role   = aws_iam_role.function[0].id
  policy = data.aws_iam_policy_document.function_public[0].json
}

data "aws_iam_policy_document" "function_basic_auth" {
  count = local.create && local.basic_auth ? 1 : 0

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
  count = local.basic_auth && local.create_api_gateway ? 1 : 0

  name   = "read-basic-auth-credentials"
  role   = aws_iam_role.function[0].id
  policy = data.aws_iam_policy_document.function_basic_auth[0].json
}

resource "aws_apigatewayv2_authorizer" "this" {
  count = local.create_authorizer ? 1 : 0

  api_id                            = aws_apigatewayv2_api.this[0].id
  name                              = local.name
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
  count = local.create && length(var.pull_repositories) > 0 ? 1 : 0

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
  count = local.create && length(var.push_repositories) > 0 ? 1 : 0

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

################################################################################
# ECS
################################################################################

locals {
  create_ecs_cluster       = local.create_ecs && var.ecs.create_cluster
  create_ecs_vpc_endpoints = local.create_ecs && var.ecs.create_vpc_endpoints

  ecs_container_name = "serve"
  ecs_container_port = 8080
  # serve drains this long after SIGTERM; ECS sends SIGTERM once the load balancer's deregistration delay is over.
  ecs_drain_seconds = 25
  # ECS sends SIGKILL this long after SIGTERM (Fargate allows up to 120 s): the drain and a margin to exit.
  ecs_stop_timeout = local.ecs_drain_seconds + 5

  # The layer cache lives on the task's ephemeral storage, which also holds the image (pulled and unpacked) and /tmp.
  ecs_cache           = var.ecs.cache_storage_gib > 0
  ecs_cache_dir       = "/var/cache/ecr-custom-domain"
  ecs_cache_max_bytes = max(var.ecs.cache_storage_gib - 3, 0) * 1073741824

  ecs_cluster_arn  = local.create_ecs_cluster ? aws_ecs_cluster.this[0].arn : var.ecs.cluster_arn
  ecs_cluster_name = local.create_ecs_cluster ? aws_ecs_cluster.this[0].name : try(split("/", var.ecs.cluster_arn)[1], null)

  ecs_log_group_name = "/ecs/${local.name}"

  # serve's command line (the image's entrypoint is ecr-custom-domain). Its keep-alive outlasts the load balancer's idle
  # timeout, so the load balancer, not serve, closes idle connections: else a reused connection may meet a 502.
  ecs_command = concat(
    [
      "serve",
      "--front-door", "proxy",
      "--listen", "0.0.0.0:${local.ecs_container_port}",
      "--registry", local.registry,
      "--drain-seconds", tostring(local.ecs_drain_seconds),
      # Every connection comes from the load balancer's few addresses.
      "--connections-per-source", "0",
      "--keep-alive-seconds", tostring(var.ecs.idle_timeout + 5),
    ],
    local.ecs_cache ? ["--cache-dir", local.ecs_cache_dir, "--cache-max-bytes", format("%d", local.ecs_cache_max_bytes)] : [],
    local.public ? ["--access", "public"] : [],
    local.public && length(var.public.repositories) > 0 ? ["--repositories", join(",", var.public.repositories)] : [],
    local.public_repository_tag != null ? ["--repository-tag", "${local.public_repository_tag.key}=${local.public_repository_tag.value}"] : [],
    local.public_repository_tag != null && try(local.public_repository_tag.ttl_seconds != 60, false) ? ["--repository-tag-ttl", tostring(local.public_repository_tag.ttl_seconds)] : [],
    local.public ? ["--auth", var.public.auth] : [],
    local.basic_auth && var.public.basic_auth_ssm_parameter_name != null ? ["--basic-auth-ssm-parameter", var.public.basic_auth_ssm_parameter_name] : [],
    local.basic_auth && var.public.basic_auth_secret_arn != null ? ["--basic-auth-secret-id", var.public.basic_auth_secret_arn] : [],
  )

  # <account>.dkr.ecr.<region>.amazonaws.com[.cn]/<repository>[:tag][@sha256:digest]: the execution role may pull only it.
  ecs_image_ecr = try(regex("^([0-9]{12})\\.dkr\\.ecr(?:-fips)?\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?/([a-z0-9][a-z0-9._/-]*)(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[0-9a-f]{64})?$", var.ecs.image), null)
}

resource "aws_ecs_cluster" "this" {
  count = local.create_ecs_cluster ? 1 : 0

  name = local.name

  setting {
    name  = "containerInsights"
    value = var.ecs.container_insights ? "enabled" : "disabled"
  }

  tags = merge(var.tags, var.ecs_tags)
}

resource "aws_cloudwatch_log_group" "ecs" {
  count = local.create_ecs ? 1 : 0

  name              = local.ecs_log_group_name
  retention_in_days = var.log_retention_in_days
  kms_key_id        = var.log_kms_key_arn
  log_group_class   = var.log_group_class
  skip_destroy      = var.log_group_skip_destroy

  tags = merge(var.tags, var.log_group_tags)

  lifecycle {
    precondition {
      condition     = var.log_kms_key_arn == null ? true : split(":", var.log_kms_key_arn)[3] == local.region
      error_message = "log_kms_key_arn must name a KMS key in ${local.region}, the region of the tasks' log group: CloudWatch Logs cannot use a key in another region."
    }
  }
}

# Fargate mounts an empty volume as root-owned 0755 unless the image declares the path as a VOLUME with its owner;
# the cache is on it only when asked for, /tmp always (serve, a single executable, unpacks itself there).
resource "aws_ecs_task_definition" "this" {
  count = local.create_ecs ? 1 : 0

  family                   = local.name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = tostring(var.ecs.cpu)
  memory                   = tostring(var.ecs.memory)
  execution_role_arn       = aws_iam_role.ecs_execution[0].arn
  task_role_arn            = aws_iam_role.ecs_task[0].arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.ecs.cpu_architecture
  }

  dynamic "ephemeral_storage" {
    for_each = local.ecs_cache ? [var.ecs.cache_storage_gib] : []

    content {
      size_in_gib = ephemeral_storage.value
    }
  }

  volume {
    name = "tmp"
  }

  dynamic "volume" {
    for_each = local.ecs_cache ? ["cache"] : []

    content {
      name = volume.value
    }
  }

  # No container health check: the image has no shell, and the load balancer checks /readyz.
  container_definitions = jsonencode([
    {
      name                   = local.ecs_container_name
      image                  = var.ecs.image
      essential              = true
      command                = local.ecs_command
      user                   = "65532:65532"
      readonlyRootFilesystem = true
      stopTimeout            = local.ecs_stop_timeout
      environment            = [{ name = "AWS_REGION", value = local.region }]
      portMappings = [
        { name = "http", containerPort = local.ecs_container_port, hostPort = local.ecs_container_port, protocol = "tcp", appProtocol = "http" },
      ]
      mountPoints = concat(
        [{ sourceVolume = "tmp", containerPath = "/tmp", readOnly = false }],
        local.ecs_cache ? [{ sourceVolume = "cache", containerPath = local.ecs_cache_dir, readOnly = false }] : [],
      )
      linuxParameters = { capabilities = { drop = ["ALL"] } }
      ulimits         = [{ name = "nofile", softLimit = 65535, hardLimit = 65535 }]
      # Non-blocking: a slow log stream never stalls a request.
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = local.ecs_log_group_name
          awslogs-region        = local.region
          awslogs-stream-prefix = local.ecs_container_name
          mode                  = "non-blocking"
          max-buffer-size       = "25m"
        }
      }
    },
  ])

  tags = merge(var.tags, var.ecs_tags)

  lifecycle {
    precondition {
      condition     = var.ecs.image != null
      error_message = "front_door = \"ecs\" needs ecs.image, the ecr-custom-domain image the tasks run, pinned by digest, such as \"123456789012.dkr.ecr.eu-west-1.amazonaws.com/ecr-custom-domain@sha256:<digest>\": push the OCI archive of npm run build:image into your ECR with skopeo copy (see example/ecs)."
    }

    precondition {
      condition     = !local.public || length(var.public.repositories) > 0 || var.public.repository_tag != null
      error_message = "access = \"public\" needs at least one repository in public.repositories, such as [\"app\", \"team/*\"], or public.repository_tag, such as { key = \"public\", value = \"true\" }: the tasks serve only those."
    }

    precondition {
      condition     = !local.public || var.public.auth != "custom"
      error_message = "front_door = \"ecs\" cannot serve public.auth = \"custom\": a Lambda authorizer needs API Gateway. Use public.auth = \"basic\" or \"none\" (with ecs.allowed_cidr_blocks or a web ACL to narrow who reaches the load balancer), or front_door = \"api-gateway\" for custom auth."
    }

    # serve reads the secret with a client in the tasks' region (AWS_REGION).
    precondition {
      condition     = var.public.basic_auth_secret_arn == null ? true : split(":", var.public.basic_auth_secret_arn)[3] == local.region
      error_message = "public.basic_auth_secret_arn must name a secret in ${local.region}, where the tasks read it: replicate the secret to this region (Secrets Manager replica) and pass the replica's ARN."
    }

    precondition {
      condition     = var.public.basic_auth_kms_key_arn == null ? true : split(":", var.public.basic_auth_kms_key_arn)[3] == local.region
      error_message = "public.basic_auth_kms_key_arn must name a key in ${local.region}, the region of the parameter or secret it encrypts and of the tasks that read it."
    }
  }
}

# Rolls out one new task per old one before stopping any (100/200 %), and rolls back a deployment whose tasks never
# turn healthy. Autoscaling owns desired_count after the first apply.
resource "aws_ecs_service" "this" {
  count = local.create_ecs ? 1 : 0

  name                               = local.name
  cluster                            = local.ecs_cluster_arn
  task_definition                    = aws_ecs_task_definition.this[0].arn
  desired_count                      = var.ecs.desired_count
  launch_type                        = "FARGATE"
  platform_version                   = "LATEST"
  availability_zone_rebalancing      = "ENABLED"
  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200
  health_check_grace_period_seconds  = 60
  enable_ecs_managed_tags            = true
  propagate_tags                     = "SERVICE"

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  network_configuration {
    subnets          = var.ecs.subnet_ids
    security_groups  = [aws_security_group.ecs_tasks[0].id]
    assign_public_ip = var.ecs.assign_public_ip
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.this[0].arn
    container_name   = local.ecs_container_name
    container_port   = local.ecs_container_port
  }

  tags = merge(var.tags, var.ecs_tags)

  lifecycle {
    ignore_changes = [desired_count]

    precondition {
      condition     = var.ecs.cluster_arn == null ? true : split(":", var.ecs.cluster_arn)[3] == local.region
      error_message = "ecs.cluster_arn must name a cluster in ${local.region}, where the module creates the service: use a cluster of this region, or leave ecs.create_cluster = true."
    }
  }

  # The target group must belong to a load balancer before a service can register in it; the tasks need their
  # execution role's permissions to start.
  depends_on = [
    aws_lb_listener.https,
    aws_iam_role_policy.ecs_execution,
  ]
}

resource "aws_appautoscaling_target" "ecs" {
  count = local.create_ecs ? 1 : 0

  service_namespace  = "ecs"
  resource_id        = "service/${local.ecs_cluster_name}/${aws_ecs_service.this[0].name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = var.ecs.autoscaling.min_capacity
  max_capacity       = var.ecs.autoscaling.max_capacity

  tags = merge(var.tags, var.ecs_tags)
}

# Two target-tracking policies: the service scales out when either asks for more tasks, and in only when both allow it.
resource "aws_appautoscaling_policy" "ecs_requests" {
  count = local.create_ecs ? 1 : 0

  name               = "${local.name}-requests-per-target"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.ecs[0].service_namespace
  resource_id        = aws_appautoscaling_target.ecs[0].resource_id
  scalable_dimension = aws_appautoscaling_target.ecs[0].scalable_dimension

  target_tracking_scaling_policy_configuration {
    target_value       = var.ecs.autoscaling.requests_per_target
    scale_in_cooldown  = 300
    scale_out_cooldown = 60

    predefined_metric_specification {
      predefined_metric_type = "ALBRequestCountPerTarget"
      resource_label         = "${aws_lb.this[0].arn_suffix}/${aws_lb_target_group.this[0].arn_suffix}"
    }
  }
}

resource "aws_appautoscaling_policy" "ecs_cpu" {
  count = local.create_ecs ? 1 : 0

  name               = "${local.name}-cpu"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.ecs[0].service_namespace
  resource_id        = aws_appautoscaling_target.ecs[0].resource_id
  scalable_dimension = aws_appautoscaling_target.ecs[0].scalable_dimension

  target_tracking_scaling_policy_configuration {
    target_value       = var.ecs.autoscaling.cpu_utilization
    scale_in_cooldown  = 300
    scale_out_cooldown = 60

    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}

# ECS starts tasks with this role; AWS documents its trust policy without conditions.
data "aws_iam_policy_document" "ecs_execution_assume_role" {
  count = local.create_ecs ? 1 : 0

  statement {
    sid     = "EcsTasksAssumeRole"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

# serve's role: only this account's tasks may assume it (no confused deputy), as AWS recommends for task roles.
data "aws_iam_policy_document" "ecs_task_assume_role" {
  count = local.create_ecs ? 1 : 0

  statement {
    sid     = "EcsTasksAssumeRole"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [local.account_id]
    }

    condition {
      test     = "ArnLike"
      variable = "aws:SourceArn"
      values   = ["arn:${local.partition}:ecs:${local.region}:${local.account_id}:*"]
    }
  }
}

# Used by ECS itself to start the tasks: pull the image and write the tasks' logs.
resource "aws_iam_role" "ecs_execution" {
  count = local.create_ecs ? 1 : 0

  name                 = coalesce(var.ecs.execution_role_name, "${local.name}-exec-${local.region}")
  path                 = var.role_path
  description          = "Starts the tasks of the registry alias service ${local.name} in ${local.region}: pulls their image and writes their logs"
  assume_role_policy   = data.aws_iam_policy_document.ecs_execution_assume_role[0].json
  permissions_boundary = var.role_permissions_boundary_arn

  tags = merge(var.tags, var.role_tags)
}

data "aws_iam_policy_document" "ecs_execution" {
  count = local.create_ecs ? 1 : 0

  statement {
    sid       = "WriteOwnLogGroup"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.ecs[0].arn}:*"]
  }

  # An image elsewhere (a public registry) needs no ECR permission; one in ECR may be pulled from its repository only.
  dynamic "statement" {
    for_each = local.ecs_image_ecr != null ? ["GetAuthorizationToken"] : []

    content {
      sid       = statement.value
      actions   = ["ecr:GetAuthorizationToken"]
      resources = ["*"]
    }
  }

  dynamic "statement" {
    for_each = local.ecs_image_ecr != null ? ["arn:${local.partition}:ecr:${local.ecs_image_ecr[1]}:${local.ecs_image_ecr[0]}:repository/${local.ecs_image_ecr[2]}"] : []

    content {
      sid       = "PullServeImage"
      actions   = local.pull_actions
      resources = [statement.value]
    }
  }
}

resource "aws_iam_role_policy" "ecs_execution" {
  count = local.create_ecs ? 1 : 0

  name   = "pull-image-write-logs"
  role   = aws_iam_role.ecs_execution[0].id
  policy = data.aws_iam_policy_document.ecs_execution[0].json
}

# Used by serve. Private access needs no permission at all: clients bring their own ECR credentials.
resource "aws_iam_role" "ecs_task" {
  count = local.create_ecs ? 1 : 0

  name                 = coalesce(var.role_name, "${local.name}-task-${local.region}")
  path                 = var.role_path
  description          = "Runs the registry alias service ${local.name} in ${local.region}"
  assume_role_policy   = data.aws_iam_policy_document.ecs_task_assume_role[0].json
  permissions_boundary = var.role_permissions_boundary_arn

  tags = merge(var.tags, var.role_tags)
}

# Public access: the same read-only pulls as the function's, from the same policy document.
resource "aws_iam_role_policy" "ecs_task_public" {
  count = local.create_ecs && local.public ? 1 : 0

  name   = "pull-public-repositories"
  role   = aws_iam_role.ecs_task[0].id
  policy = data.aws_iam_policy_document.function_public[0].json
}

resource "aws_iam_role_policy" "ecs_task_basic_auth" {
  count = local.create_ecs && local.basic_auth ? 1 : 0

  name   = "read-basic-auth-credentials"
  role   = aws_iam_role.ecs_task[0].id
  policy = data.aws_iam_policy_document.function_basic_auth[0].json
}

# A tag moves, so a deployment may run an image nobody reviewed; a digest does not.
check "ecs_image_pinned_by_digest" {
  assert {
    condition     = !local.create_ecs || var.ecs.image == null ? true : strcontains(var.ecs.image, "@sha256:")
    error_message = "ecs.image is not pinned by digest: pass <repository>@sha256:<digest> (skopeo inspect prints it), so that every task and every rollback runs the image you tested."
  }
}

################################################################################
# Load balancer
################################################################################

locals {
  # Load balancer and target group names: at most 32 letters, digits and hyphens, no hyphen at either end, not
  # beginning with "internal-". A longer name keeps 25 characters and a hash of the whole, so that two names that
  # share their first 32 characters still give two load balancers.
  ecs_load_balancer_base       = coalesce(trim(replace(local.name, "_", "-"), "-"), "ecr-custom-domain")
  ecs_load_balancer_safe       = can(regex("^(?i)internal-", local.ecs_load_balancer_base)) ? "alb-${local.ecs_load_balancer_base}" : local.ecs_load_balancer_base
  ecs_load_balancer_name       = length(local.ecs_load_balancer_safe) <= 32 ? local.ecs_load_balancer_safe : "${trim(substr(local.ecs_load_balancer_safe, 0, 25), "-")}-${substr(sha1(local.name), 0, 6)}"
  ecs_load_balancer_subnet_ids = var.ecs.load_balancer_subnet_ids == null ? var.ecs.subnet_ids : var.ecs.load_balancer_subnet_ids

  # Keyed by port and position, not by the range itself, so that ranges known only at apply still plan.
  # IPv6 ranges are harmless on an IPv4-only load balancer, which never receives IPv6.
  ecs_load_balancer_ingress = local.create_ecs ? merge([
    for port in [80, 443] : {
      for index, cidr in var.ecs.allowed_cidr_blocks : "${port}-${index}" => { port = port, cidr = cidr }
    }
  ]...) : {}

  # serve reaches the registry, ECR's API, S3 (layers), CloudWatch Logs and SSM or Secrets Manager on 443, and a
  # registry named with another port on that port.
  ecs_egress_ports = distinct([443, tonumber(try(split(":", local.registry)[1], 443))])
  ecs_tasks_egress = local.create_ecs ? merge([
    for port in local.ecs_egress_ports : {
      "${port}-ipv4" = { port = port, cidr_ipv4 = "0.0.0.0/0", cidr_ipv6 = null }
      "${port}-ipv6" = { port = port, cidr_ipv4 = null, cidr_ipv6 = "::/0" }
    }
  ]...) : {}
}

resource "aws_lb" "this" {
  count = local.create_ecs ? 1 : 0

  name                       = local.ecs_load_balancer_name
  load_balancer_type         = "application"
  internal                   = var.ecs.internal
  ip_address_type            = var.ip_address_type
  subnets                    = local.ecs_load_balancer_subnet_ids
  security_groups            = [aws_security_group.load_balancer[0].id]
  idle_timeout               = var.ecs.idle_timeout
  drop_invalid_header_fields = true

  dynamic "access_logs" {
    for_each = var.ecs.access_logs_bucket == null ? [] : [var.ecs.access_logs_bucket]

    content {
      bucket  = access_logs.value
      prefix  = var.ecs.access_logs_prefix
      enabled = true
    }
  }

  tags = merge(var.tags, var.load_balancer_tags)

  lifecycle {
    precondition {
      condition     = var.ecs.vpc_id != null && length(var.ecs.subnet_ids) > 0
      error_message = "front_door = \"ecs\" needs ecs.vpc_id and ecs.subnet_ids, the VPC and the subnets (one per Availability Zone, at least two zones) where the tasks run."
    }

    precondition {
      condition     = length(local.ecs_load_balancer_subnet_ids) >= 2
      error_message = "The load balancer needs at least two subnets in different Availability Zones: pass them in ecs.load_balancer_subnet_ids (public subnets for an internet-facing one), or in ecs.subnet_ids, which it uses by default."
    }

    precondition {
      condition     = !var.create_health_check
      error_message = "create_health_check applies to the api-gateway door only: with front_door = \"ecs\" the load balancer checks each task's /readyz, and dns_latency_routing makes Route 53 follow the load balancer's own health."
    }
  }
}

resource "aws_lb_target_group" "this" {
  count = local.create_ecs ? 1 : 0

  name        = local.ecs_load_balancer_name
  vpc_id      = var.ecs.vpc_id
  target_type = "ip"
  protocol    = "HTTP"
  port        = local.ecs_container_port
  # Long uploads and short manifest requests share the tasks: send each request to the least busy one.
  load_balancing_algorithm_type = "least_outstanding_requests"
  # Requests in flight get this long after a task leaves the target group; then ECS sends SIGTERM and serve drains.
  deregistration_delay = local.ecs_drain_seconds + 5

  health_check {
    path                = "/readyz"
    protocol            = "HTTP"
    port                = "traffic-port"
    matcher             = "200"
    interval            = 10
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }

  tags = merge(var.tags, var.load_balancer_tags)
}

resource "aws_lb_listener" "https" {
  count = local.create_ecs ? 1 : 0

  load_balancer_arn = aws_lb.this[0].arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = local.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this[0].arn
  }

  tags = merge(var.tags, var.load_balancer_tags)

  lifecycle {
    precondition {
      condition     = var.create_certificate || var.certificate_arn != null
      error_message = "create_certificate = false needs certificate_arn, the ARN of an ACM certificate for domain_name in this region, where the load balancer reads it: pass it, or set create_certificate = true to let the module create one."
    }

    # Conditionals, not ||: Terraform before 1.12 evaluates both sides of || and fails on null.
    precondition {
      condition     = var.create_certificate || var.certificate_arn == null ? true : split(":", var.certificate_arn)[3] == local.region
      error_message = "certificate_arn must name a certificate in ${local.region}, the load balancer's region (a load balancer reads certificates in its own region): request or import the certificate there, or set create_certificate = true."
    }
  }
}

# serve's metrics are for your monitoring inside the VPC, not for the registry's clients.
resource "aws_lb_listener_rule" "metrics" {
  count = local.create_ecs ? 1 : 0

  listener_arn = aws_lb_listener.https[0].arn
  priority     = 1

  action {
    type = "fixed-response"

    fixed_response {
      content_type = "application/json"
      status_code  = "404"
      message_body = jsonencode({ errors = [{ code = "NOT_FOUND", message = "not found" }] })
    }
  }

  condition {
    path_pattern {
      values = ["/metrics*"]
    }
  }

  tags = merge(var.tags, var.load_balancer_tags)
}

resource "aws_lb_listener" "http" {
  count = local.create_ecs ? 1 : 0

  load_balancer_arn = aws_lb.this[0].arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"

    redirect {
      protocol    = "HTTPS"
      port        = "443"
      status_code = "HTTP_301"
    }
  }

  tags = merge(var.tags, var.load_balancer_tags)
}

# A regional web ACL guards resources in its own region only.
resource "aws_wafv2_web_acl_association" "this" {
  count = local.create_ecs && var.ecs.associate_web_acl ? 1 : 0

  resource_arn = aws_lb.this[0].arn
  web_acl_arn  = var.ecs.web_acl_arn

  lifecycle {
    precondition {
      condition     = split(":", var.ecs.web_acl_arn)[3] == local.region
      error_message = "ecs.web_acl_arn must name a web ACL in ${local.region}, the load balancer's region (a regional web ACL guards resources in its own region only): create the web ACL there."
    }
  }
}

resource "aws_security_group" "load_balancer" {
  count = local.create_ecs ? 1 : 0

  name_prefix = "${local.name}-load-balancer-"
  description = "Load balancer of the registry alias ${local.name}: HTTPS and HTTP from the allowed ranges, to the tasks"
  vpc_id      = var.ecs.vpc_id

  tags = merge(var.tags, var.load_balancer_tags, { Name = "${local.name}-load-balancer" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "load_balancer" {
  for_each = local.ecs_load_balancer_ingress

  security_group_id = aws_security_group.load_balancer[0].id
  description       = each.value.port == 443 ? "HTTPS from clients" : "HTTP from clients, redirected to HTTPS"
  ip_protocol       = "tcp"
  from_port         = each.value.port
  to_port           = each.value.port
  cidr_ipv4         = strcontains(each.value.cidr, ":") ? null : each.value.cidr
  cidr_ipv6         = strcontains(each.value.cidr, ":") ? each.value.cidr : null

  tags = merge(var.tags, var.load_balancer_tags)
}

resource "aws_vpc_security_group_egress_rule" "load_balancer" {
  count = local.create_ecs ? 1 : 0

  security_group_id            = aws_security_group.load_balancer[0].id
  description                  = "To the tasks"
  ip_protocol                  = "tcp"
  from_port                    = local.ecs_container_port
  to_port                      = local.ecs_container_port
  referenced_security_group_id = aws_security_group.ecs_tasks[0].id

  tags = merge(var.tags, var.load_balancer_tags)
}

resource "aws_security_group" "ecs_tasks" {
  count = local.create_ecs ? 1 : 0

  name_prefix = "${local.name}-tasks-"
  description = "Tasks of the registry alias ${local.name}: HTTP from the load balancer only, HTTPS out"
  vpc_id      = var.ecs.vpc_id

  tags = merge(var.tags, var.ecs_tags, { Name = "${local.name}-tasks" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "ecs_tasks" {
  count = local.create_ecs ? 1 : 0

  security_group_id            = aws_security_group.ecs_tasks[0].id
  description                  = "From the load balancer only"
  ip_protocol                  = "tcp"
  from_port                    = local.ecs_container_port
  to_port                      = local.ecs_container_port
  referenced_security_group_id = aws_security_group.load_balancer[0].id

  tags = merge(var.tags, var.ecs_tags)
}

resource "aws_vpc_security_group_egress_rule" "ecs_tasks" {
  for_each = local.ecs_tasks_egress

  security_group_id = aws_security_group.ecs_tasks[0].id
  description       = "To the registry and AWS APIs"
  ip_protocol       = "tcp"
  from_port         = each.value.port
  to_port           = each.value.port
  cidr_ipv4         = each.value.cidr_ipv4
  cidr_ipv6         = each.value.cidr_ipv6

  tags = merge(var.tags, var.ecs_tags)
}

################################################################################
# VPC endpoints
################################################################################

locals {
  # What tasks without a NAT gateway or public IP reach AWS through; the S3 gateway endpoint also serves clients in the
  # VPC, whose layer downloads follow ECR's 307 to S3. "basic-auth" is SSM or Secrets Manager, whichever holds them.
  ecs_interface_endpoints     = local.create_ecs_vpc_endpoints ? toset(concat(["ecr.api", "ecr.dkr", "logs"], local.basic_auth ? ["basic-auth"] : [])) : toset([])
  ecs_vpc_endpoint_subnet_ids = var.ecs.vpc_endpoint_subnet_ids == null ? var.ecs.subnet_ids : var.ecs.vpc_endpoint_subnet_ids
  ecs_basic_auth_service      = var.public.basic_auth_ssm_parameter_name != null ? "ssm" : "secretsmanager"
  # com.amazonaws.<region>.<service>, cn.com.amazonaws.<region>.<service> in China.
  vpc_endpoint_service_prefix = "${data.aws_partition.current.reverse_dns_prefix}.${local.region}"
}

resource "aws_vpc_endpoint" "interface" {
  for_each = local.ecs_interface_endpoints

  vpc_id              = var.ecs.vpc_id
  service_name        = "${local.vpc_endpoint_service_prefix}.${each.key == "basic-auth" ? local.ecs_basic_auth_service : each.key}"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = local.ecs_vpc_endpoint_subnet_ids
  security_group_ids  = [aws_security_group.vpc_endpoints[0].id]
  private_dns_enabled = true

  tags = merge(var.tags, var.ecs_tags, { Name = "${local.name}-${each.key}" })
}

resource "aws_vpc_endpoint" "s3" {
  count = local.create_ecs_vpc_endpoints && length(var.ecs.vpc_endpoint_route_table_ids) > 0 ? 1 : 0

  vpc_id            = var.ecs.vpc_id
  service_name      = "${local.vpc_endpoint_service_prefix}.s3"
  vpc_endpoint_type = "Gateway"
  route_table_ids   = var.ecs.vpc_endpoint_route_table_ids

  tags = merge(var.tags, var.ecs_tags, { Name = "${local.name}-s3" })
}

resource "aws_security_group" "vpc_endpoints" {
  count = local.create_ecs_vpc_endpoints ? 1 : 0

  name_prefix = "${local.name}-vpc-endpoints-"
  description = "VPC endpoints of the registry alias ${local.name}: HTTPS from its tasks"
  vpc_id      = var.ecs.vpc_id

  tags = merge(var.tags, var.ecs_tags, { Name = "${local.name}-vpc-endpoints" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "vpc_endpoints" {
  count = local.create_ecs_vpc_endpoints ? 1 : 0

  security_group_id            = aws_security_group.vpc_endpoints[0].id
  description                  = "HTTPS from the tasks"
  ip_protocol                  = "tcp"
  from_port                    = 443
  to_port                      = 443
  referenced_security_group_id = aws_security_group.ecs_tasks[0].id

  tags = merge(var.tags, var.ecs_tags)
}
