# front_door = "cloudfront": a distribution that streams every request to the registry, with a CloudFront
# Function on viewer-response, run with a us-east-1 provider for a registry in another region.

mock_provider "aws" {
  source = "./tests/mocks"
}

override_data {
  target = data.aws_region.current
  values = {
    id          = "us-east-1"
    name        = "us-east-1"
    description = "US East (N. Virginia)"
    endpoint    = "ec2.us-east-1.amazonaws.com"
  }
}

variables {
  domain_name = "ecr.example.com"
  zone_id     = "Z0123456789ABCDEFGHIJ"
  front_door  = "cloudfront"
  registry    = "123456789012.dkr.ecr.eu-west-1.amazonaws.com"
}

run "creates_the_distribution_and_its_function_instead_of_the_api" {
  command = plan

  assert {
    condition     = length(aws_cloudfront_distribution.this) == 1 && length(aws_cloudfront_function.this) == 1
    error_message = "The cloudfront door creates the distribution and the CloudFront Function."
  }

  assert {
    condition = alltrue([for resources in [
      aws_apigatewayv2_api.this, aws_apigatewayv2_stage.default, aws_apigatewayv2_domain_name.this, aws_lambda_function.this,
      aws_cloudwatch_log_group.function, aws_cloudwatch_log_group.api, aws_iam_role.function, aws_route53_health_check.this,
    ] : length(resources) == 0])
    error_message = "No API, function, log group, role or health check."
  }

  assert {
    condition     = output.api_id == null && output.function_name == null && output.function_log_group_name == null && output.api_log_group_name == null && output.function_role_arn == null && output.stage_arn == null
    error_message = "The api-gateway door's outputs are null."
  }

  assert {
    condition     = length(aws_acm_certificate.this) == 1 && toset(keys(aws_route53_record.alias)) == toset(["A", "AAAA"])
    error_message = "The certificate (in us-east-1) and the A/AAAA records are created as with the other door."
  }

  assert {
    condition     = aws_cloudfront_distribution.this[0].web_acl_id == null && length(aws_cloudfront_distribution.this[0].logging_config) == 0
    error_message = "No web ACL unless given, and no legacy logging by default."
  }
}

# Standard logging v2 by default, as the api-gateway door logs every request: CloudFront delivers to a log group of
# its own through CloudWatch Logs delivery.
run "logs_every_request_to_a_log_group_of_its_own" {
  command = plan

  override_resource {
    target          = aws_cloudfront_distribution.this
    override_during = plan
    values = {
      arn = "arn:aws:cloudfront::123456789012:distribution/E0123456789ABC"
    }
  }

  override_resource {
    target          = aws_cloudwatch_log_group.cloudfront
    override_during = plan
    values = {
      arn = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/cloudfront/ecr-example-com"
    }
  }

  variables {
    log_retention_in_days = 90
    log_group_tags        = { Tier = "logs" }
    distribution_tags     = { Tier = "edge" }
  }

  assert {
    condition     = aws_cloudwatch_log_group.cloudfront[0].name == "/aws/vendedlogs/cloudfront/ecr-example-com" && aws_cloudwatch_log_group.cloudfront[0].retention_in_days == 90 && aws_cloudwatch_log_group.cloudfront[0].tags == tomap({ Tier = "logs" }) && output.cloudfront_log_group_name == "/aws/vendedlogs/cloudfront/ecr-example-com"
    error_message = "The access logs go to a log group named after the domain, with the module's retention."
  }

  assert {
    condition     = aws_cloudwatch_log_delivery_source.cloudfront[0].log_type == "ACCESS_LOGS" && aws_cloudwatch_log_delivery_source.cloudfront[0].resource_arn == "arn:aws:cloudfront::123456789012:distribution/E0123456789ABC" && aws_cloudwatch_log_delivery_source.cloudfront[0].name == "ecr-example-com"
    error_message = "The distribution is the delivery source of its access logs."
  }

  assert {
    condition     = one(aws_cloudwatch_log_delivery_destination.cloudfront[0].delivery_destination_configuration).destination_resource_arn == aws_cloudwatch_log_group.cloudfront[0].arn && aws_cloudwatch_log_delivery.cloudfront[0].delivery_source_name == aws_cloudwatch_log_delivery_source.cloudfront[0].name
    error_message = "The delivery connects the distribution to the log group."
  }

  assert {
    condition     = aws_cloudfront_distribution.this[0].tags == tomap({ Tier = "edge" }) && aws_cloudwatch_log_delivery.cloudfront[0].tags == tomap({ Tier = "edge" })
    error_message = "distribution_tags tag the distribution and its log delivery."
  }
}

# Legacy logging to a bucket, and a web ACL: what a provider outside us-east-1 can do.
run "logs_to_a_bucket_behind_a_web_acl" {
  command = plan

  variables {
    cloudfront = {
      web_acl_id         = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/registry/0a1b2c3d-1111-2222-3333-444455556666"
      access_logs        = "s3"
      access_logs_bucket = "cloudfront-logs-123456789012"
      access_logs_prefix = "ecr/"
    }
  }

  assert {
    condition     = aws_cloudfront_distribution.this[0].web_acl_id == "arn:aws:wafv2:us-east-1:123456789012:global/webacl/registry/0a1b2c3d-1111-2222-3333-444455556666"
    error_message = "The distribution carries the web ACL, the one way CloudFront takes it; the next apply keeps it."
  }

  assert {
    condition     = one(aws_cloudfront_distribution.this[0].logging_config).bucket == "cloudfront-logs-123456789012.s3.amazonaws.com" && one(aws_cloudfront_distribution.this[0].logging_config).prefix == "ecr/" && !one(aws_cloudfront_distribution.this[0].logging_config).include_cookies
    error_message = "Legacy standard logging writes to the bucket under the prefix, without cookies."
  }

  assert {
    condition     = length(aws_cloudwatch_log_group.cloudfront) == 0 && length(aws_cloudwatch_log_delivery_source.cloudfront) == 0 && length(aws_cloudwatch_log_delivery.cloudfront) == 0 && output.cloudfront_log_group_name == null
    error_message = "No log group or delivery with logs in a bucket."
  }
}

run "sends_every_method_to_the_registry_uncached_over_https" {
  command = plan

  assert {
    condition     = aws_cloudfront_distribution.this[0].aliases == toset(["ecr.example.com"]) && aws_cloudfront_distribution.this[0].is_ipv6_enabled && aws_cloudfront_distribution.this[0].http_version == "http2and3"
    error_message = "The distribution answers on domain_name, over IPv6 too."
  }

  assert {
    condition     = one(aws_cloudfront_distribution.this[0].origin).domain_name == "123456789012.dkr.ecr.eu-west-1.amazonaws.com" && one(one(aws_cloudfront_distribution.this[0].origin).custom_origin_config).origin_protocol_policy == "https-only" && one(one(aws_cloudfront_distribution.this[0].origin).custom_origin_config).origin_ssl_protocols == toset(["TLSv1.2"])
    error_message = "The origin is the registry, over HTTPS with TLS 1.2."
  }

  assert {
    condition     = one(one(aws_cloudfront_distribution.this[0].origin).custom_origin_config).origin_read_timeout == 60 && one(one(aws_cloudfront_distribution.this[0].origin).custom_origin_config).origin_keepalive_timeout == 5
    error_message = "A 60 s read timeout, so the registry may check a large layer before it answers."
  }

  assert {
    condition     = aws_cloudfront_distribution.this[0].default_cache_behavior[0].allowed_methods == toset(["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]) && aws_cloudfront_distribution.this[0].default_cache_behavior[0].viewer_protocol_policy == "https-only"
    error_message = "Every method, HTTPS only."
  }

  # CachingDisabled, and AllViewerExceptHostHeader: Authorization reaches the registry with its own Host.
  assert {
    condition     = aws_cloudfront_distribution.this[0].default_cache_behavior[0].cache_policy_id == "4135ea2d-6df8-44a3-9df3-4b5a84be39ad" && aws_cloudfront_distribution.this[0].default_cache_behavior[0].origin_request_policy_id == "b689b0a8-53d0-40ab-baf2-68738e2966ac"
    error_message = "The AWS managed policies CachingDisabled and AllViewerExceptHostHeader."
  }

  assert {
    condition     = one(aws_cloudfront_distribution.this[0].viewer_certificate).ssl_support_method == "sni-only" && one(aws_cloudfront_distribution.this[0].viewer_certificate).minimum_protocol_version == "TLSv1.2_2021"
    error_message = "SNI with TLS 1.2 at least."
  }

  assert {
    condition     = length(aws_cloudfront_distribution.this[0].comment) <= 128
    error_message = "CloudFront comments hold at most 128 characters."
  }
}

run "caches_no_error_answer_so_no_client_gets_another_clients_error_and_a_push_is_seen_at_once" {
  command = plan

  assert {
    condition     = length(aws_cloudfront_distribution.this[0].custom_error_response) == 11 && toset([for response in aws_cloudfront_distribution.this[0].custom_error_response : response.error_code]) == toset([400, 403, 404, 405, 414, 416, 500, 501, 502, 503, 504])
    error_message = "One custom error response for each status CloudFront caches by default: 400, 403, 404, 405, 414, 416, 500, 501, 502, 503, 504."
  }

  assert {
    condition     = alltrue([for response in aws_cloudfront_distribution.this[0].custom_error_response : response.error_caching_min_ttl == 0])
    error_message = "By default CloudFront keeps no error answer: error_caching_min_ttl is 0 for every status."
  }

  assert {
    condition     = alltrue([for response in aws_cloudfront_distribution.this[0].custom_error_response : response.response_code == null && response.response_page_path == null])
    error_message = "No error page and no status change: the registry's own answer passes through."
  }
}

run "keeps_error_answers_for_the_chosen_time" {
  command = plan

  variables {
    cloudfront = { error_caching_min_ttl = 10 }
  }

  assert {
    condition     = length(aws_cloudfront_distribution.this[0].custom_error_response) == 11 && alltrue([for response in aws_cloudfront_distribution.this[0].custom_error_response : response.error_caching_min_ttl == 10])
    error_message = "cloudfront.error_caching_min_ttl sets the caching time of every status."
  }

  assert {
    condition     = one(one(aws_cloudfront_distribution.this[0].origin).custom_origin_config).origin_read_timeout == 60 && one(one(aws_cloudfront_distribution.this[0].origin).custom_origin_config).origin_keepalive_timeout == 5
    error_message = "The timeouts keep their defaults when only error_caching_min_ttl is set."
  }
}

run "accepts_the_timeouts_a_quota_increase_allows" {
  command = plan

  variables {
    cloudfront = {
      origin_read_timeout      = 180
      origin_keepalive_timeout = 180
    }
  }

  assert {
    condition     = one(one(aws_cloudfront_distribution.this[0].origin).custom_origin_config).origin_read_timeout == 180 && one(one(aws_cloudfront_distribution.this[0].origin).custom_origin_config).origin_keepalive_timeout == 180
    error_message = "180 s, the most a Service Quotas increase allows, reaches the origin."
  }
}

run "rewrites_locations_on_viewer_response_with_the_registry_filled_in" {
  command = plan

  assert {
    condition     = one(aws_cloudfront_distribution.this[0].default_cache_behavior[0].function_association).event_type == "viewer-response"
    error_message = "The CloudFront Function runs on viewer-response."
  }

  assert {
    condition     = aws_cloudfront_function.this[0].runtime == "cloudfront-js-2.0" && aws_cloudfront_function.this[0].publish
    error_message = "A published cloudfront-js-2.0 function."
  }

  # A new build gets a new name, so the function can be replaced before the old one, which the distribution still
  # uses, is deleted (create_before_destroy).
  assert {
    condition     = aws_cloudfront_function.this[0].name == "ecr-example-com-${substr(sha1(aws_cloudfront_function.this[0].code), 0, 8)}" && output.cloudfront_function_name == aws_cloudfront_function.this[0].name
    error_message = "The CloudFront Function is named after the domain and a hash of its code."
  }

  assert {
    condition     = strcontains(aws_cloudfront_function.this[0].code, "123456789012.dkr.ecr.eu-west-1.amazonaws.com") && !strcontains(aws_cloudfront_function.this[0].code, "__ECR_REGISTRY__") && length(aws_cloudfront_function.this[0].code) <= 10240
    error_message = "The committed build with the registry filled in, within CloudFront's 10 KB."
  }
}

run "serves_an_existing_us_east_1_certificate_from_any_provider_region" {
  command = plan

  override_data {
    target = data.aws_region.current
    values = {
      id   = "eu-west-1"
      name = "eu-west-1"
    }
  }

  variables {
    create_certificate = false
    certificate_arn    = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666"
    cloudfront = {
      price_class         = "PriceClass_100"
      origin_read_timeout = 120
      access_logs         = "none"
    }
  }

  assert {
    condition     = length(aws_acm_certificate.this) == 0 && one(aws_cloudfront_distribution.this[0].viewer_certificate).acm_certificate_arn == var.certificate_arn
    error_message = "The distribution serves certificate_arn."
  }

  assert {
    condition     = length(aws_cloudwatch_log_group.cloudfront) == 0 && length(aws_cloudfront_distribution.this[0].logging_config) == 0
    error_message = "access_logs = \"none\" logs nowhere, which a provider outside us-east-1 needs without a bucket."
  }

  assert {
    condition     = aws_cloudfront_distribution.this[0].price_class == "PriceClass_100" && one(one(aws_cloudfront_distribution.this[0].origin).custom_origin_config).origin_read_timeout == 120
    error_message = "cloudfront sets the price class and the timeouts."
  }
}
