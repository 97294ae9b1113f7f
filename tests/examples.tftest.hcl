# Each example plans as a whole root configuration, and a root configuration that creates the zone and
# the certificate in the same apply as the module plans too: the module switches on toggles, never on
# whether certificate_arn or zone_id, unknown until the apply, are null.

mock_provider "aws" {
  source = "./tests/mocks"
}

# example/cloudfront runs the module with this provider.
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

variables {
  domain_name = "registry.example.com"
  zone_id     = "Z0123456789ABCDEFGHIJ"
}

run "plans_with_a_certificate_and_a_zone_created_in_the_same_apply" {
  command = plan

  module {
    source = "./example/existing-certificate"
  }

  variables {
    parent_zone_id = "Z0123456789ABCDEFGHIJ"
  }

  assert {
    condition     = output.domain_url == "https://registry.example.com"
    error_message = "The example plans: certificate_arn and zone_id are unknown, and no count or for_each depends on them."
  }
}

run "plans_the_private_example" {
  command = plan

  module {
    source = "./example"
  }

  assert {
    condition     = output.registry_host == "123456789012.dkr.ecr.eu-west-1.amazonaws.com" && output.function_log_group_name == "/aws/lambda/ecr-custom-domain-example"
    error_message = "The private example serves this account's registry in its region."
  }
}

run "plans_the_public_example" {
  command = plan

  module {
    source = "./example/public"
  }

  variables {
    basic_auth_ssm_parameter_name = "/ecr-public-example/basic-auth"
  }

  assert {
    condition     = output.public_auth_mode == "basic" && output.public_repositories == tolist(["public/**"])
    error_message = "The public example serves public/** behind basic auth when given a parameter."
  }
}

run "plans_the_cloudfront_example" {
  command = plan

  module {
    source = "./example/cloudfront"
  }

  assert {
    condition     = output.registry_host == "123456789012.dkr.ecr.eu-west-1.amazonaws.com"
    error_message = "The cloudfront example runs in us-east-1 for the registry in its own region."
  }
}

run "plans_the_ecs_example_internet_facing" {
  command = plan

  module {
    source = "./example/ecs"
  }

  variables {
    image                    = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/ecr-custom-domain@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
    vpc_id                   = "vpc-0123456789abcdef0"
    subnet_ids               = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
    load_balancer_subnet_ids = ["subnet-0123456789abcdef2", "subnet-0123456789abcdef3"]
  }

  assert {
    condition     = output.ecs_service_name == "ecr-ecs-example" && output.ecs_log_group_name == "/ecs/ecr-ecs-example" && length(aws_route53_zone.private) == 0 && length(aws_route53_record.certificate_validation) == 0
    error_message = "The internet-facing example runs the service behind a public load balancer, with its records in the public zone."
  }
}

run "plans_the_ecs_example_internal" {
  command = plan

  module {
    source = "./example/ecs"
  }

  variables {
    image                = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/ecr-custom-domain@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
    vpc_id               = "vpc-0123456789abcdef0"
    subnet_ids           = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
    internal             = true
    allowed_cidr_blocks  = ["10.0.0.0/16"]
    create_vpc_endpoints = true
    route_table_ids      = ["rtb-0123456789abcdef0"]
  }

  assert {
    condition     = length(aws_route53_zone.private) == 1 && one(aws_route53_zone.private[0].vpc).vpc_id == "vpc-0123456789abcdef0" && aws_route53_record.certificate_validation[0].zone_id == "Z0123456789ABCDEFGHIJ"
    error_message = "The internal example keeps the name in a private zone of the VPC and validates the certificate in the public zone."
  }
}
