# Several regions under one name: latency-routed records per region, one copy owning the certificate's
# validation record, and a health check per region wired into that region's records.

mock_provider "aws" {
  source = "./tests/mocks"
}

# The providers of example/multi-region.
mock_provider "aws" {
  alias  = "primary"
  source = "./tests/mocks"
}

mock_provider "aws" {
  alias  = "secondary"
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

variables {
  domain_name         = "ecr.example.com"
  zone_id             = "Z0123456789ABCDEFGHIJ"
  dns_latency_routing = true
  create_health_check = true
}

run "owns_the_validation_record_and_routes_by_latency_with_a_health_check" {
  command = plan

  override_resource {
    target          = aws_route53_health_check.this
    override_during = plan
    values = {
      id = "0a1b2c3d-eu-west-1"
    }
  }

  assert {
    condition     = length(aws_route53_record.certificate_validation) == 1
    error_message = "The owning copy writes the validation record."
  }

  assert {
    condition     = alltrue([for record in aws_route53_record.alias : record.set_identifier == "eu-west-1" && one(record.latency_routing_policy).region == "eu-west-1" && record.alias[0].evaluate_target_health])
    error_message = "Each record is latency-routed to this region and evaluates target health."
  }

  assert {
    condition     = alltrue([for record in aws_route53_record.alias : record.health_check_id == "0a1b2c3d-eu-west-1"]) && output.health_check_id == "0a1b2c3d-eu-west-1"
    error_message = "This region's records carry this region's health check."
  }

  assert {
    condition     = aws_route53_health_check.this[0].type == "HTTPS" && aws_route53_health_check.this[0].resource_path == "/v2/" && aws_route53_health_check.this[0].port == 443 && aws_route53_health_check.this[0].enable_sni
    error_message = "The health check sends GET /v2/ over HTTPS."
  }

  assert {
    condition     = aws_route53_health_check.this[0].request_interval == 30 && aws_route53_health_check.this[0].failure_threshold == 3 && aws_route53_health_check.this[0].regions == null
    error_message = "Route 53's defaults: every 30 s, 3 failures, from every checker region."
  }

  assert {
    condition     = !aws_apigatewayv2_api.this[0].disable_execute_api_endpoint
    error_message = "The health check probes this region's own execute-api endpoint, so it stays enabled."
  }
}

run "leaves_the_validation_record_to_the_owning_region" {
  command = plan

  override_data {
    target = data.aws_region.current
    values = {
      id   = "us-east-1"
      name = "us-east-1"
    }
  }

  variables {
    create_certificate_validation_record = false
    health_check = {
      request_interval  = 10
      failure_threshold = 2
      regions           = ["us-east-1", "us-west-2", "eu-west-1"]
    }
  }

  assert {
    condition     = length(aws_acm_certificate.this) == 1 && length(aws_route53_record.certificate_validation) == 0 && aws_acm_certificate_validation.this[0].validation_record_fqdns == null
    error_message = "The other copies create their own certificate and wait for it, without the record: destroying one leaves the record alone."
  }

  assert {
    condition     = alltrue([for record in aws_route53_record.alias : record.set_identifier == "us-east-1" && one(record.latency_routing_policy).region == "us-east-1"])
    error_message = "This copy's records are routed to its own region."
  }

  assert {
    condition     = aws_iam_role.function[0].name == "ecr-example-com-us-east-1" && aws_lambda_function.this[0].environment[0].variables["ECR_REGISTRY"] == "123456789012.dkr.ecr.us-east-1.amazonaws.com"
    error_message = "Each region serves its own registry with its own role."
  }

  assert {
    condition     = aws_route53_health_check.this[0].request_interval == 10 && aws_route53_health_check.this[0].failure_threshold == 2 && aws_route53_health_check.this[0].regions == toset(["us-east-1", "us-west-2", "eu-west-1"])
    error_message = "health_check sets the interval, the threshold and the checker regions."
  }
}

run "keeps_a_health_check_off_simple_records" {
  command = plan

  variables {
    dns_latency_routing = false
  }

  assert {
    condition     = length(aws_route53_health_check.this) == 1 && alltrue([for record in aws_route53_record.alias : record.health_check_id == null && record.set_identifier == null])
    error_message = "Without latency routing the health check exists for your own records (health_check_id), and the module's simple records carry none."
  }
}

run "plans_the_multi_region_example" {
  command = plan

  module {
    source = "./example/multi-region"
  }

  variables {
    domain_name = "ecr.example.com"
    zone_id     = "Z0123456789ABCDEFGHIJ"
  }

  assert {
    condition     = output.domain_url == "https://ecr.example.com" && output.registry_hosts == { "eu-west-1" = "123456789012.dkr.ecr.eu-west-1.amazonaws.com", "us-east-1" = "123456789012.dkr.ecr.us-east-1.amazonaws.com" }
    error_message = "One domain served from both regions, each with its own registry."
  }
}
