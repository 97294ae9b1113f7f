# front_door = "ecs": ecr-custom-domain serve on ECS Fargate behind an Application Load Balancer, internet-facing
# or internal, in a cluster of its own or an existing one, with or without a layer cache, VPC endpoints and
# public access. The task definition is asserted as ECS reads it (the container definitions' JSON).

mock_provider "aws" {
  source = "./tests/mocks"
}

# What AWS would assign at apply, known at plan, so that the assertions can follow each reference.
override_resource {
  target          = aws_lb.this
  override_during = plan
  values = {
    arn        = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/ecr-example-com/0123456789abcdef"
    arn_suffix = "app/ecr-example-com/0123456789abcdef"
    dns_name   = "ecr-example-com-1234567890.eu-west-1.elb.amazonaws.com"
    zone_id    = "Z32O12XQLNTSW2"
  }
}

override_resource {
  target          = aws_lb_target_group.this
  override_during = plan
  values = {
    arn        = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/ecr-example-com/0123456789abcdef"
    arn_suffix = "targetgroup/ecr-example-com/0123456789abcdef"
  }
}

override_resource {
  target          = aws_lb_listener.https
  override_during = plan
  values = {
    arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/ecr-example-com/0123456789abcdef/0123456789abcdef"
  }
}

override_resource {
  target          = aws_acm_certificate.this
  override_during = plan
  values = {
    arn = "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666"
    domain_validation_options = [{
      domain_name           = "ecr.example.com"
      resource_record_name  = "_0a1b2c3d.ecr.example.com."
      resource_record_type  = "CNAME"
      resource_record_value = "_4e5f6a7b.acm-validations.aws."
    }]
  }
}

override_resource {
  target          = aws_ecs_cluster.this
  override_during = plan
  values = {
    arn = "arn:aws:ecs:eu-west-1:123456789012:cluster/ecr-example-com"
  }
}

override_resource {
  target          = aws_ecs_task_definition.this
  override_during = plan
  values = {
    arn = "arn:aws:ecs:eu-west-1:123456789012:task-definition/ecr-example-com:1"
  }
}

override_resource {
  target          = aws_cloudwatch_log_group.ecs
  override_during = plan
  values = {
    arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/ecr-example-com"
  }
}

override_resource {
  target          = aws_iam_role.ecs_task
  override_during = plan
  values = {
    arn = "arn:aws:iam::123456789012:role/ecr-example-com-task-eu-west-1"
    id  = "ecr-example-com-task-eu-west-1"
  }
}

override_resource {
  target          = aws_security_group.load_balancer
  override_during = plan
  values = {
    id = "sg-0123456789abcdef1"
  }
}

override_resource {
  target          = aws_security_group.ecs_tasks
  override_during = plan
  values = {
    id = "sg-0123456789abcdef2"
  }
}

override_resource {
  target          = aws_security_group.vpc_endpoints
  override_during = plan
  values = {
    id = "sg-0123456789abcdef3"
  }
}

variables {
  domain_name = "ecr.example.com"
  zone_id     = "Z0123456789ABCDEFGHIJ"
  front_door  = "ecs"
  ecs = {
    image      = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/tools/ecr-custom-domain@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
    vpc_id     = "vpc-0123456789abcdef0"
    subnet_ids = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
  }
}

run "serves_private_access_through_an_internet_facing_load_balancer" {
  command = plan

  assert {
    condition = alltrue([for resources in [
      aws_apigatewayv2_api.this, aws_lambda_function.this, aws_iam_role.function, aws_cloudwatch_log_group.function,
      aws_cloudfront_distribution.this, aws_cloudfront_function.this, aws_vpc_endpoint.interface, aws_vpc_endpoint.s3,
      aws_security_group.vpc_endpoints, aws_wafv2_web_acl_association.this,
    ] : length(resources) == 0])
    error_message = "No API, function, distribution, VPC endpoint or web ACL association."
  }

  assert {
    condition     = aws_lb.this[0].load_balancer_type == "application" && !aws_lb.this[0].internal && aws_lb.this[0].ip_address_type == "dualstack" && aws_lb.this[0].drop_invalid_header_fields && aws_lb.this[0].idle_timeout == 600
    error_message = "An internet-facing dualstack load balancer that drops invalid headers and keeps idle connections 600 s."
  }

  assert {
    condition     = aws_lb.this[0].name == "ecr-example-com" && aws_lb_target_group.this[0].name == "ecr-example-com" && aws_lb.this[0].subnets == toset(["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]) && aws_lb.this[0].security_groups == toset([aws_security_group.load_balancer[0].id])
    error_message = "The load balancer sits in the tasks' subnets unless told otherwise, behind its own security group."
  }

  assert {
    condition     = aws_lb_listener.https[0].port == 443 && aws_lb_listener.https[0].protocol == "HTTPS" && aws_lb_listener.https[0].ssl_policy == "ELBSecurityPolicy-TLS13-1-2-2021-06" && aws_lb_listener.https[0].certificate_arn == aws_acm_certificate_validation.this[0].certificate_arn
    error_message = "HTTPS on 443 with TLS 1.2 or 1.3 and the certificate the module issued in its own region."
  }

  assert {
    condition     = one(aws_lb_listener.https[0].default_action).type == "forward" && one(aws_lb_listener.https[0].default_action).target_group_arn == aws_lb_target_group.this[0].arn
    error_message = "HTTPS goes to the tasks."
  }

  assert {
    condition     = aws_lb_listener.http[0].port == 80 && one(aws_lb_listener.http[0].default_action).type == "redirect" && one(one(aws_lb_listener.http[0].default_action).redirect).protocol == "HTTPS" && one(one(aws_lb_listener.http[0].default_action).redirect).port == "443" && one(one(aws_lb_listener.http[0].default_action).redirect).status_code == "HTTP_301"
    error_message = "HTTP on 80 only redirects to HTTPS, permanently."
  }

  assert {
    condition     = aws_lb_listener_rule.metrics[0].listener_arn == aws_lb_listener.https[0].arn && one(one(aws_lb_listener_rule.metrics[0].condition).path_pattern).values == toset(["/metrics*"]) && one(aws_lb_listener_rule.metrics[0].action).type == "fixed-response" && one(one(aws_lb_listener_rule.metrics[0].action).fixed_response).status_code == "404"
    error_message = "/metrics never reaches the tasks through the load balancer: a fixed 404 answers it first."
  }

  assert {
    condition     = aws_lb_target_group.this[0].target_type == "ip" && aws_lb_target_group.this[0].protocol == "HTTP" && aws_lb_target_group.this[0].port == 8080 && aws_lb_target_group.this[0].vpc_id == "vpc-0123456789abcdef0"
    error_message = "The tasks' awsvpc addresses are the targets, on HTTP 8080: TLS ends at the load balancer."
  }

  assert {
    condition     = one(aws_lb_target_group.this[0].health_check).path == "/readyz" && one(aws_lb_target_group.this[0].health_check).matcher == "200" && one(aws_lb_target_group.this[0].health_check).protocol == "HTTP"
    error_message = "Targets are healthy while GET /readyz answers 200."
  }

  assert {
    condition     = tonumber(aws_lb_target_group.this[0].deregistration_delay) > 25 && tonumber(aws_lb_target_group.this[0].deregistration_delay) == jsondecode(aws_ecs_task_definition.this[0].container_definitions)[0].stopTimeout
    error_message = "A leaving task keeps its requests in flight longer than serve's 25 s drain, before and after SIGTERM."
  }

  assert {
    condition     = aws_ecs_task_definition.this[0].requires_compatibilities == toset(["FARGATE"]) && aws_ecs_task_definition.this[0].network_mode == "awsvpc" && aws_ecs_task_definition.this[0].cpu == "512" && aws_ecs_task_definition.this[0].memory == "1024" && one(aws_ecs_task_definition.this[0].runtime_platform).cpu_architecture == "ARM64"
    error_message = "A Fargate task of 0.5 vCPU and 1 GiB on Graviton."
  }

  assert {
    condition = jsondecode(aws_ecs_task_definition.this[0].container_definitions)[0].command == [
      "serve", "--front-door", "proxy", "--listen", "0.0.0.0:8080", "--registry", "123456789012.dkr.ecr.eu-west-1.amazonaws.com",
      "--drain-seconds", "25", "--connections-per-source", "0", "--keep-alive-seconds", "605",
    ]
    error_message = "serve runs the proxy door on HTTP 8080 for this account's registry, drains 25 s, limits no source (all connections come from the load balancer) and keeps connections open longer than the load balancer's idle timeout."
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this[0].container_definitions)[0].user == "65532:65532" && jsondecode(aws_ecs_task_definition.this[0].container_definitions)[0].readonlyRootFilesystem && jsondecode(aws_ecs_task_definition.this[0].container_definitions)[0].stopTimeout >= 30 && jsondecode(aws_ecs_task_definition.this[0].container_definitions)[0].stopTimeout <= 120
    error_message = "The container runs as nonroot on a read-only root filesystem, and ECS waits long enough after SIGTERM for the drain (at most Fargate's 120 s)."
  }

  assert {
    condition     = !contains(keys(jsondecode(aws_ecs_task_definition.this[0].container_definitions)[0]), "healthCheck") && jsondecode(aws_ecs_task_definition.this[0].container_definitions)[0].environment == [{ name = "AWS_REGION", value = "eu-west-1" }]
    error_message = "No container health check (the image has no shell), and the region is set explicitly."
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this[0].container_definitions)[0].mountPoints == [{ sourceVolume = "tmp", containerPath = "/tmp", readOnly = false }] && [for volume in aws_ecs_task_definition.this[0].volume : volume.name] == ["tmp"] && length(aws_ecs_task_definition.this[0].ephemeral_storage) == 0
    error_message = "Without a cache only /tmp is writable, on the default ephemeral storage."
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this[0].container_definitions)[0].logConfiguration.logDriver == "awslogs" && jsondecode(aws_ecs_task_definition.this[0].container_definitions)[0].logConfiguration.options["awslogs-group"] == aws_cloudwatch_log_group.ecs[0].name && aws_cloudwatch_log_group.ecs[0].name == "/ecs/ecr-example-com" && aws_cloudwatch_log_group.ecs[0].retention_in_days == 30
    error_message = "The tasks log to a log group with retention."
  }

  assert {
    condition     = aws_ecs_service.this[0].launch_type == "FARGATE" && aws_ecs_service.this[0].desired_count == 2 && aws_ecs_service.this[0].cluster == aws_ecs_cluster.this[0].arn && aws_ecs_cluster.this[0].name == "ecr-example-com" && aws_ecs_service.this[0].name == "ecr-example-com" && aws_ecs_task_definition.this[0].family == "ecr-example-com"
    error_message = "Two Fargate tasks in a cluster of the module's own, all named after domain_name."
  }

  assert {
    condition     = aws_ecs_service.this[0].deployment_minimum_healthy_percent == 100 && aws_ecs_service.this[0].deployment_maximum_percent == 200 && one(aws_ecs_service.this[0].deployment_circuit_breaker).enable && one(aws_ecs_service.this[0].deployment_circuit_breaker).rollback
    error_message = "Deployments start new tasks before stopping old ones, and roll back when the new ones never turn healthy."
  }

  assert {
    condition     = one(aws_ecs_service.this[0].network_configuration).subnets == toset(["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]) && !one(aws_ecs_service.this[0].network_configuration).assign_public_ip && one(aws_ecs_service.this[0].network_configuration).security_groups == toset([aws_security_group.ecs_tasks[0].id])
    error_message = "The tasks spread over the subnets, without public addresses, behind their own security group."
  }

  assert {
    condition     = one(aws_ecs_service.this[0].load_balancer).target_group_arn == aws_lb_target_group.this[0].arn && one(aws_ecs_service.this[0].load_balancer).container_name == "serve" && one(aws_ecs_service.this[0].load_balancer).container_port == 8080
    error_message = "The service registers each task's port 8080 in the target group."
  }

  assert {
    condition     = aws_vpc_security_group_ingress_rule.ecs_tasks[0].referenced_security_group_id == aws_security_group.load_balancer[0].id && aws_vpc_security_group_ingress_rule.ecs_tasks[0].from_port == 8080 && aws_vpc_security_group_ingress_rule.ecs_tasks[0].to_port == 8080 && aws_vpc_security_group_ingress_rule.ecs_tasks[0].cidr_ipv4 == null
    error_message = "The tasks take HTTP from the load balancer only."
  }

  assert {
    condition     = toset([for rule in aws_vpc_security_group_ingress_rule.load_balancer : "${rule.from_port} ${coalesce(rule.cidr_ipv4, rule.cidr_ipv6)}"]) == toset(["80 0.0.0.0/0", "80 ::/0", "443 0.0.0.0/0", "443 ::/0"])
    error_message = "The load balancer takes 443 and 80 from anywhere, over IPv4 and IPv6, by default."
  }

  assert {
    condition     = toset([for rule in aws_vpc_security_group_egress_rule.ecs_tasks : "${rule.from_port}-${rule.to_port} ${coalesce(rule.cidr_ipv4, rule.cidr_ipv6)}"]) == toset(["443-443 0.0.0.0/0", "443-443 ::/0"]) && aws_vpc_security_group_egress_rule.load_balancer[0].referenced_security_group_id == aws_security_group.ecs_tasks[0].id
    error_message = "The tasks go out on 443 only; the load balancer only to the tasks."
  }

  assert {
    condition     = length(aws_iam_role_policy.ecs_task_public) == 0 && length(aws_iam_role_policy.ecs_task_basic_auth) == 0 && aws_ecs_task_definition.this[0].task_role_arn == aws_iam_role.ecs_task[0].arn
    error_message = "In private mode the tasks' role has no permission at all, ECR's least: clients bring their own credentials."
  }

  assert {
    condition = [for statement in data.aws_iam_policy_document.ecs_execution[0].statement : { sid = statement.sid, actions = statement.actions, resources = statement.resources }] == [
      { sid = "WriteOwnLogGroup", actions = toset(["logs:CreateLogStream", "logs:PutLogEvents"]), resources = toset(["${aws_cloudwatch_log_group.ecs[0].arn}:*"]) },
      { sid = "GetAuthorizationToken", actions = toset(["ecr:GetAuthorizationToken"]), resources = toset(["*"]) },
      { sid = "PullServeImage", actions = toset(["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]), resources = toset(["arn:aws:ecr:eu-west-1:123456789012:repository/tools/ecr-custom-domain"]) },
    ]
    error_message = "ECS starts the tasks with a role that pulls the image's repository only and writes the tasks' log group only."
  }

  assert {
    condition     = aws_iam_role.ecs_task[0].name == "ecr-example-com-task-eu-west-1" && aws_iam_role.ecs_execution[0].name == "ecr-example-com-exec-eu-west-1" && output.ecs_task_role_name == aws_iam_role.ecs_task[0].name && output.ecs_execution_role_name == aws_iam_role.ecs_execution[0].name
    error_message = "The roles are named after domain_name and the region."
  }

  assert {
    condition     = alltrue([for document in [data.aws_iam_policy_document.ecs_task_assume_role[0], data.aws_iam_policy_document.ecs_execution_assume_role[0]] : one(document.statement).principals == toset([{ type = "Service", identifiers = toset(["ecs-tasks.amazonaws.com"]) }])]) && toset([for condition in one(data.aws_iam_policy_document.ecs_task_assume_role[0].statement).condition : "${condition.variable} ${join(",", condition.values)}"]) == toset(["aws:SourceAccount 123456789012", "aws:SourceArn arn:aws:ecs:eu-west-1:123456789012:*"])
    error_message = "Only ECS tasks assume the roles, and serve's role only for this account's tasks."
  }

  assert {
    condition     = toset(keys(aws_route53_record.alias)) == toset(["A", "AAAA"]) && alltrue([for record in aws_route53_record.alias : one(record.alias).name == aws_lb.this[0].dns_name && one(record.alias).zone_id == aws_lb.this[0].zone_id])
    error_message = "A and AAAA alias records point domain_name at the load balancer."
  }

  assert {
    condition     = aws_appautoscaling_target.ecs[0].min_capacity == 2 && aws_appautoscaling_target.ecs[0].max_capacity == 10 && aws_appautoscaling_target.ecs[0].resource_id == "service/ecr-example-com/ecr-example-com" && aws_appautoscaling_target.ecs[0].scalable_dimension == "ecs:service:DesiredCount"
    error_message = "Autoscaling keeps the service between 2 and 10 tasks."
  }

  assert {
    condition     = one(one(aws_appautoscaling_policy.ecs_requests[0].target_tracking_scaling_policy_configuration).predefined_metric_specification).predefined_metric_type == "ALBRequestCountPerTarget" && one(one(aws_appautoscaling_policy.ecs_requests[0].target_tracking_scaling_policy_configuration).predefined_metric_specification).resource_label == "${aws_lb.this[0].arn_suffix}/${aws_lb_target_group.this[0].arn_suffix}" && one(aws_appautoscaling_policy.ecs_requests[0].target_tracking_scaling_policy_configuration).target_value == 1000
    error_message = "The service tracks requests per task at the load balancer."
  }

  assert {
    condition     = one(one(aws_appautoscaling_policy.ecs_cpu[0].target_tracking_scaling_policy_configuration).predefined_metric_specification).predefined_metric_type == "ECSServiceAverageCPUUtilization" && one(aws_appautoscaling_policy.ecs_cpu[0].target_tracking_scaling_policy_configuration).target_value == 60
    error_message = "And the tasks' average CPU."
  }

  assert {
    condition     = output.load_balancer_dns_name == aws_lb.this[0].dns_name && output.domain_target_domain_name == aws_lb.this[0].dns_name && output.domain_hosted_zone_id == aws_lb.this[0].zone_id && output.load_balancer_zone_id == aws_lb.this[0].zone_id && output.load_balancer_arn == aws_lb.this[0].arn
    error_message = "The load balancer is the domain's target, for DNS elsewhere too."
  }

  assert {
    condition     = output.ecs_cluster_arn == aws_ecs_cluster.this[0].arn && output.ecs_service_name == "ecr-example-com" && output.task_definition_arn == aws_ecs_task_definition.this[0].arn && output.load_balancer_security_group_id == aws_security_group.load_balancer[0].id && output.ecs_tasks_security_group_id == aws_security_group.ecs_tasks[0].id
    error_message = "The ECS outputs name what was created."
  }

  assert {
    condition     = output.api_id == null && output.function_name == null && output.cloudfront_distribution_id == null && output.vpc_endpoint_ids == {} && output.vpc_endpoints_security_group_id == null
    error_message = "The other doors' outputs are null."
  }
}

run "serves_inside_a_vpc_through_an_internal_load_balancer_and_vpc_endpoints" {
  command = plan

  variables {
    ip_address_type = "ipv4"
    ecs = {
      image                        = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/ecr-custom-domain@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
      vpc_id                       = "vpc-0123456789abcdef0"
      subnet_ids                   = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
      load_balancer_subnet_ids     = ["subnet-0123456789abcdef2", "subnet-0123456789abcdef3"]
      internal                     = true
      allowed_cidr_blocks          = ["10.0.0.0/16"]
      idle_timeout                 = 3600
      create_vpc_endpoints         = true
      vpc_endpoint_route_table_ids = ["rtb-0123456789abcdef0", "rtb-0123456789abcdef1"]
    }
  }

  assert {
    condition     = aws_lb.this[0].internal && aws_lb.this[0].ip_address_type == "ipv4" && aws_lb.this[0].idle_timeout == 3600 && aws_lb.this[0].subnets == toset(["subnet-0123456789abcdef2", "subnet-0123456789abcdef3"])
    error_message = "An internal IPv4 load balancer in its own subnets."
  }

  assert {
    condition     = contains(jsondecode(aws_ecs_task_definition.this[0].container_definitions)[0].command, "3605")
    error_message = "serve's keep-alive follows the idle timeout."
  }

  assert {
    condition     = toset([for rule in aws_vpc_security_group_ingress_rule.load_balancer : "${rule.from_port} ${rule.cidr_ipv4}"]) == toset(["80 10.0.0.0/16", "443 10.0.0.0/16"])
    error_message = "Only the allowed range reaches the load balancer."
  }

  assert {
    condition     = toset(keys(aws_route53_record.alias)) == toset(["A"])
    error_message = "An IPv4 load balancer gets an A record only."
  }

  assert {
    condition     = toset(keys(aws_vpc_endpoint.interface)) == toset(["ecr.api", "ecr.dkr", "logs"]) && toset([for endpoint in aws_vpc_endpoint.interface : endpoint.service_name]) == toset(["com.amazonaws.eu-west-1.ecr.api", "com.amazonaws.eu-west-1.ecr.dkr", "com.amazonaws.eu-west-1.logs"])
    error_message = "The tasks reach ECR's API, the registry and CloudWatch Logs through interface endpoints, and nothing else is needed in private mode."
  }

  assert {
    condition     = alltrue([for endpoint in aws_vpc_endpoint.interface : endpoint.vpc_endpoint_type == "Interface" && endpoint.private_dns_enabled && endpoint.subnet_ids == toset(["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]) && endpoint.security_group_ids == toset([aws_security_group.vpc_endpoints[0].id]) && endpoint.vpc_id == "vpc-0123456789abcdef0"])
    error_message = "Each interface endpoint has private DNS, so the usual host names resolve to it, in the tasks' subnets, behind its own security group."
  }

  assert {
    condition     = aws_vpc_endpoint.s3[0].vpc_endpoint_type == "Gateway" && aws_vpc_endpoint.s3[0].service_name == "com.amazonaws.eu-west-1.s3" && aws_vpc_endpoint.s3[0].route_table_ids == toset(["rtb-0123456789abcdef0", "rtb-0123456789abcdef1"])
    error_message = "Layer downloads follow ECR's 307 to S3 through a gateway endpoint on the given route tables."
  }

  assert {
    condition     = aws_vpc_security_group_ingress_rule.vpc_endpoints[0].referenced_security_group_id == aws_security_group.ecs_tasks[0].id && aws_vpc_security_group_ingress_rule.vpc_endpoints[0].from_port == 443
    error_message = "Only the tasks reach the interface endpoints."
  }

  assert {
    condition     = length(output.vpc_endpoint_ids) == 4 && output.vpc_endpoints_security_group_id == aws_security_group.vpc_endpoints[0].id
    error_message = "The endpoints are in the outputs."
  }
}

run "leaves_s3_to_a_gateway_endpoint_the_vpc_already_has" {
  command = plan

  variables {
    ecs = {
      image                   = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/ecr-custom-domain@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
      vpc_id                  = "vpc-0123456789abcdef0"
      subnet_ids              = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1", "subnet-0123456789abcdef2"]
      internal                = true
      create_vpc_endpoints    = true
      vpc_endpoint_subnet_ids = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
    }
  }

  assert {
    condition     = length(aws_vpc_endpoint.s3) == 0 && length(aws_vpc_endpoint.interface) == 3 && alltrue([for endpoint in aws_vpc_endpoint.interface : endpoint.subnet_ids == toset(["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"])])
    error_message = "Without route tables no S3 gateway endpoint; the interface endpoints go in the subnets given for them."
  }
}

run "runs_in_an_existing_cluster" {
  command = plan

  variables {
    ecs = {
      image          = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/ecr-custom-domain@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
      vpc_id         = "vpc-0123456789abcdef0"
      subnet_ids     = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
      create_cluster = false
      cluster_arn    = "arn:aws:ecs:eu-west-1:123456789012:cluster/platform"
    }
  }

  assert {
    condition     = length(aws_ecs_cluster.this) == 0 && aws_ecs_service.this[0].cluster == "arn:aws:ecs:eu-west-1:123456789012:cluster/platform"
    error_message = "The service joins the given cluster, and no cluster is created."
  }

  assert {
    condition     = aws_appautoscaling_target.ecs[0].resource_id == "service/platform/ecr-example-com" && output.ecs_cluster_arn == "arn:aws:ecs:eu-west-1:123456789012:cluster/platform"
    error_message = "Autoscaling addresses the service in that cluster by name."
  }
}

run "keeps_a_layer_cache_on_the_tasks_ephemeral_storage" {
  command = plan

  variables {
    ecs = {
      image              = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/ecr-custom-domain@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
      vpc_id             = "vpc-0123456789abcdef0"
      subnet_ids         = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
      cache_storage_gib  = 50
      cpu                = 1024
      memory             = 4096
      cpu_architecture   = "X86_64"
      container_insights = true
    }
  }

  assert {
    condition     = one(aws_ecs_task_definition.this[0].ephemeral_storage).size_in_gib == 50 && toset([for volume in aws_ecs_task_definition.this[0].volume : volume.name]) == toset(["tmp", "cache"])
    error_message = "The task gets 50 GiB of ephemeral storage and a cache volume on it."
  }

  assert {
    condition     = toset(jsondecode(aws_ecs_task_definition.this[0].container_definitions)[0].mountPoints) == toset([{ sourceVolume = "tmp", containerPath = "/tmp", readOnly = false }, { sourceVolume = "cache", containerPath = "/var/cache/ecr-custom-domain", readOnly = false }])
    error_message = "The cache is mounted where the image keeps it, writable, beside /tmp."
  }

  assert {
    condition     = join(" ", slice(jsondecode(aws_ecs_task_definition.this[0].container_definitions)[0].command, 13, 17)) == "--cache-dir /var/cache/ecr-custom-domain --cache-max-bytes 50465865728"
    error_message = "serve keeps at most 47 GiB of layers, leaving room for the image and /tmp on the 50 GiB."
  }

  assert {
    condition     = aws_ecs_task_definition.this[0].cpu == "1024" && aws_ecs_task_definition.this[0].memory == "4096" && one(aws_ecs_task_definition.this[0].runtime_platform).cpu_architecture == "X86_64"
    error_message = "The sizes and the architecture are the ones given."
  }

  assert {
    condition     = one(aws_ecs_cluster.this[0].setting).name == "containerInsights" && one(aws_ecs_cluster.this[0].setting).value == "enabled"
    error_message = "Container Insights is on when asked for."
  }
}

run "pulls_public_repositories_with_the_functions_policy" {
  command = plan

  variables {
    access = "public"
    public = {
      repositories = ["tools/*", "base/**"]
    }
  }

  assert {
    condition     = aws_iam_role_policy.ecs_task_public[0].role == aws_iam_role.ecs_task[0].id && aws_iam_role_policy.ecs_task_public[0].policy == data.aws_iam_policy_document.function_public[0].json && length(aws_iam_role_policy.function_public) == 0
    error_message = "The tasks' role gets the pull policy the function would get, from the same document; there is no function."
  }

  assert {
    condition = [for statement in data.aws_iam_policy_document.function_public[0].statement : { sid = statement.sid, actions = statement.actions, resources = statement.resources }] == [
      { sid = "GetAuthorizationToken", actions = toset(["ecr:GetAuthorizationToken"]), resources = toset(["*"]) },
      {
        sid       = "PullPublicRepositories"
        actions   = toset(["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:DescribeImages", "ecr:DescribeRepositories", "ecr:GetDownloadUrlForLayer", "ecr:ListImages"])
        resources = toset(["arn:aws:ecr:eu-west-1:123456789012:repository/tools/*", "arn:aws:ecr:eu-west-1:123456789012:repository/base/*"])
      },
      { sid = "ListRepositoriesForCatalog", actions = toset(["ecr:DescribeRepositories"]), resources = toset(["arn:aws:ecr:eu-west-1:123456789012:repository/*"]) },
    ]
    error_message = "Read-only pulls of the allowed repositories, as for the function."
  }

  assert {
    condition     = join(" ", slice(jsondecode(aws_ecs_task_definition.this[0].container_definitions)[0].command, 13, 19)) == "--access public --repositories tools/*,base/** --auth none" && length(jsondecode(aws_ecs_task_definition.this[0].container_definitions)[0].command) == 19
    error_message = "serve serves the allow-list anonymously."
  }

  assert {
    condition     = output.public_repositories == tolist(["tools/*", "base/**"]) && output.public_auth_mode == "none" && length(output.public_repository_arns) == 2 && length(aws_apigatewayv2_authorizer.this) == 0
    error_message = "The public outputs describe the ecs door too."
  }
}

run "serves_repositories_published_by_tag_from_the_tasks" {
  command = plan

  variables {
    access = "public"
    public = {
      repository_tag = { key = "public", value = "true" }
    }
  }

  assert {
    condition     = join(" ", slice(jsondecode(aws_ecs_task_definition.this[0].container_definitions)[0].command, 13, 19)) == "--access public --repository-tag public=true --auth none" && length(jsondecode(aws_ecs_task_definition.this[0].container_definitions)[0].command) == 19
    error_message = "serve gets the tag as one argument, and no --repositories."
  }

  assert {
    condition     = aws_iam_role_policy.ecs_task_public[0].policy == data.aws_iam_policy_document.function_public[0].json && contains([for statement in data.aws_iam_policy_document.function_public[0].statement : statement.sid], "PullTaggedRepositories")
    error_message = "The tasks' role pulls tagged repositories under the same condition as the function's."
  }
}

run "passes_a_longer_tag_ttl_to_the_tasks" {
  command = plan

  variables {
    access = "public"
    public = {
      repository_tag = { key = "public", value = "true", ttl_seconds = 600 }
    }
  }

  assert {
    condition     = join(" ", slice(jsondecode(aws_ecs_task_definition.this[0].container_definitions)[0].command, 13, 21)) == "--access public --repository-tag public=true --repository-tag-ttl 600 --auth none" && length(jsondecode(aws_ecs_task_definition.this[0].container_definitions)[0].command) == 21
    error_message = "serve gets the tag's TTL after the tag, only when it is not serve's default of 60."
  }
}

run "checks_basic_credentials_from_an_ssm_parameter_through_its_endpoint" {
  command = plan

  variables {
    access = "public"
    public = {
      repositories                  = ["tools/*"]
      auth                          = "basic"
      basic_auth_ssm_parameter_name = "/ecr-public/basic-auth"
    }
    ecs = {
      image                = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/ecr-custom-domain@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
      vpc_id               = "vpc-0123456789abcdef0"
      subnet_ids           = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
      create_vpc_endpoints = true
    }
  }

  assert {
    condition     = join(" ", slice(jsondecode(aws_ecs_task_definition.this[0].container_definitions)[0].command, 13, 21)) == "--access public --repositories tools/* --auth basic --basic-auth-ssm-parameter /ecr-public/basic-auth"
    error_message = "serve reads the credentials from the parameter it is given."
  }

  assert {
    condition     = aws_iam_role_policy.ecs_task_basic_auth[0].role == aws_iam_role.ecs_task[0].id && aws_iam_role_policy.ecs_task_basic_auth[0].policy == data.aws_iam_policy_document.function_basic_auth[0].json && length(aws_iam_role_policy.function_basic_auth) == 0
    error_message = "The tasks' role may read the parameter, as the function's would."
  }

  assert {
    condition     = [for statement in data.aws_iam_policy_document.function_basic_auth[0].statement : statement.resources] == [toset(["arn:aws:ssm:eu-west-1:123456789012:parameter/ecr-public/basic-auth"])]
    error_message = "That one parameter only."
  }

  assert {
    condition     = aws_vpc_endpoint.interface["basic-auth"].service_name == "com.amazonaws.eu-west-1.ssm" && length(aws_vpc_endpoint.s3) == 0
    error_message = "The tasks reach SSM through an endpoint too; without route tables, no S3 gateway endpoint."
  }
}

run "checks_basic_credentials_from_a_secret_with_a_customer_key" {
  command = plan

  variables {
    access = "public"
    public = {
      repositories           = ["tools/*"]
      auth                   = "basic"
      basic_auth_secret_arn  = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ecr-public-AbCdEf"
      basic_auth_kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/0a1b2c3d-1111-2222-3333-444455556666"
    }
    ecs = {
      image                = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/ecr-custom-domain@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
      vpc_id               = "vpc-0123456789abcdef0"
      subnet_ids           = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
      create_vpc_endpoints = true
    }
  }

  assert {
    condition     = slice(jsondecode(aws_ecs_task_definition.this[0].container_definitions)[0].command, 19, 21) == ["--basic-auth-secret-id", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ecr-public-AbCdEf"] && !contains(jsondecode(aws_ecs_task_definition.this[0].container_definitions)[0].command, "--basic-auth-ssm-parameter")
    error_message = "serve reads the secret it is given, and no parameter."
  }

  assert {
    condition     = [for statement in data.aws_iam_policy_document.function_basic_auth[0].statement : statement.sid] == ["ReadBasicAuthCredentials", "DecryptBasicAuthCredentials"] && length(aws_iam_role_policy.ecs_task_basic_auth) == 1
    error_message = "The tasks' role reads the secret and decrypts it with its key."
  }

  assert {
    condition     = aws_vpc_endpoint.interface["basic-auth"].service_name == "com.amazonaws.eu-west-1.secretsmanager"
    error_message = "The tasks reach Secrets Manager through an endpoint."
  }
}

run "gives_an_image_outside_ecr_no_ecr_permission" {
  command = plan

  variables {
    ecs = {
      image      = "ghcr.io/owner/ecr-custom-domain@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
      vpc_id     = "vpc-0123456789abcdef0"
      subnet_ids = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
    }
  }

  assert {
    condition     = [for statement in data.aws_iam_policy_document.ecs_execution[0].statement : statement.sid] == ["WriteOwnLogGroup"]
    error_message = "A public image needs no ECR permission: the execution role only writes logs."
  }
}

run "attaches_a_web_acl_access_logs_and_public_task_addresses" {
  command = plan

  variables {
    registry = "registry.example.com:5000"
    ecs = {
      image              = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/ecr-custom-domain@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
      vpc_id             = "vpc-0123456789abcdef0"
      subnet_ids         = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
      assign_public_ip   = true
      associate_web_acl  = true
      web_acl_arn        = "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/registry/0a1b2c3d-1111-2222-3333-444455556666"
      access_logs_bucket = "alb-logs-123456789012"
      access_logs_prefix = "ecr"
      desired_count      = 3
      autoscaling        = { min_capacity = 3, max_capacity = 30, requests_per_target = 600, cpu_utilization = 50 }
    }
  }

  assert {
    condition     = aws_wafv2_web_acl_association.this[0].resource_arn == aws_lb.this[0].arn && aws_wafv2_web_acl_association.this[0].web_acl_arn == "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/registry/0a1b2c3d-1111-2222-3333-444455556666"
    error_message = "The web ACL guards the load balancer."
  }

  assert {
    condition     = one(aws_lb.this[0].access_logs).bucket == "alb-logs-123456789012" && one(aws_lb.this[0].access_logs).prefix == "ecr" && one(aws_lb.this[0].access_logs).enabled
    error_message = "The load balancer writes access logs to the bucket."
  }

  assert {
    condition     = one(aws_ecs_service.this[0].network_configuration).assign_public_ip && aws_ecs_service.this[0].desired_count == 3 && aws_appautoscaling_target.ecs[0].min_capacity == 3 && aws_appautoscaling_target.ecs[0].max_capacity == 30 && one(aws_appautoscaling_policy.ecs_requests[0].target_tracking_scaling_policy_configuration).target_value == 600 && one(aws_appautoscaling_policy.ecs_cpu[0].target_tracking_scaling_policy_configuration).target_value == 50
    error_message = "Public task addresses, counts and targets are the ones given."
  }

  assert {
    condition     = toset([for rule in aws_vpc_security_group_egress_rule.ecs_tasks : "${rule.from_port} ${coalesce(rule.cidr_ipv4, rule.cidr_ipv6)}"]) == toset(["443 0.0.0.0/0", "443 ::/0", "5000 0.0.0.0/0", "5000 ::/0"]) && contains(jsondecode(aws_ecs_task_definition.this[0].container_definitions)[0].command, "registry.example.com:5000")
    error_message = "The tasks may also reach a registry on its own port."
  }
}

run "routes_by_latency_to_the_load_balancer" {
  command = plan

  variables {
    dns_latency_routing = true
  }

  assert {
    condition     = alltrue([for record in aws_route53_record.alias : record.set_identifier == "eu-west-1" && one(record.alias).evaluate_target_health && one(record.latency_routing_policy).region == "eu-west-1"])
    error_message = "Several regions' load balancers may serve one name; Route 53 follows each load balancer's health."
  }
}

# ALB and target group names stop at 32 characters: a longer name keeps 25 and a hash of the whole, so two domains
# that share their first 32 characters still get two load balancers.
run "keeps_load_balancer_names_within_32_characters_and_unique" {
  command = plan

  variables {
    domain_name = "registry-for-the-team.eu.example.com"
  }

  assert {
    condition     = aws_lb.this[0].name == "registry-for-the-team-eu-${substr(sha1("registry-for-the-team-eu-example-com"), 0, 6)}" && aws_lb_target_group.this[0].name == aws_lb.this[0].name && output.load_balancer_name == aws_lb.this[0].name
    error_message = "The load balancer's and target group's names keep 25 characters of the name (24 without the trailing hyphen) and a hash of the whole."
  }

  assert {
    condition     = aws_ecs_cluster.this[0].name == "registry-for-the-team-eu-example-com" && output.ecs_cluster_name == aws_ecs_cluster.this[0].name && length(aws_iam_role.ecs_execution[0].name) <= 64
    error_message = "The cluster keeps the whole name of 36 characters, the roles stay within IAM's 64."
  }
}

run "takes_an_explicit_name_role_names_path_tags_per_resource_and_the_log_class" {
  command = plan

  variables {
    name                   = "internal-registry"
    role_name              = "registry-task"
    role_path              = "/registry/"
    log_group_class        = "INFREQUENT_ACCESS"
    log_group_skip_destroy = true
    tags                   = { Team = "platform" }
    ecs_tags               = { Tier = "ecs" }
    load_balancer_tags     = { Tier = "load-balancer" }
    role_tags              = { Tier = "role" }
    log_group_tags         = { Tier = "logs" }
    ecs = {
      image               = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/ecr-custom-domain@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
      vpc_id              = "vpc-0123456789abcdef0"
      subnet_ids          = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
      execution_role_name = "registry-exec"
    }
  }

  assert {
    condition     = aws_ecs_cluster.this[0].name == "internal-registry" && aws_ecs_service.this[0].name == "internal-registry" && aws_cloudwatch_log_group.ecs[0].name == "/ecs/internal-registry"
    error_message = "An explicit name wins over the one derived from domain_name."
  }

  assert {
    condition     = aws_lb.this[0].name == "alb-internal-registry" && aws_lb_target_group.this[0].name == "alb-internal-registry"
    error_message = "A load balancer's name may not begin with \"internal-\"."
  }

  assert {
    condition     = aws_iam_role.ecs_task[0].name == "registry-task" && aws_iam_role.ecs_execution[0].name == "registry-exec" && aws_iam_role.ecs_task[0].path == "/registry/" && aws_iam_role.ecs_execution[0].path == "/registry/"
    error_message = "role_name, ecs.execution_role_name and role_path name the tasks' roles."
  }

  assert {
    condition     = alltrue([for tags in [aws_ecs_cluster.this[0].tags, aws_ecs_service.this[0].tags, aws_ecs_task_definition.this[0].tags, aws_appautoscaling_target.ecs[0].tags] : tags == tomap({ Team = "platform", Tier = "ecs" })]) && alltrue([for tags in [aws_lb.this[0].tags, aws_lb_target_group.this[0].tags, aws_lb_listener.https[0].tags, aws_lb_listener.http[0].tags, aws_lb_listener_rule.metrics[0].tags] : tags == tomap({ Team = "platform", Tier = "load-balancer" })]) && aws_security_group.load_balancer[0].tags == tomap({ Team = "platform", Tier = "load-balancer", Name = "internal-registry-load-balancer" }) && aws_security_group.ecs_tasks[0].tags == tomap({ Team = "platform", Tier = "ecs", Name = "internal-registry-tasks" }) && aws_iam_role.ecs_task[0].tags == tomap({ Team = "platform", Tier = "role" }) && aws_cloudwatch_log_group.ecs[0].tags == tomap({ Team = "platform", Tier = "logs" })
    error_message = "Each resource's own tag map is merged over tags and wins on the same key."
  }

  assert {
    condition     = aws_cloudwatch_log_group.ecs[0].log_group_class == "INFREQUENT_ACCESS" && aws_cloudwatch_log_group.ecs[0].skip_destroy
    error_message = "The tasks' log group takes the log class and outlives a destroy when asked to."
  }
}

# A warning in terraform plan; terraform test counts it as a failure, which expect_failures names.
run "warns_when_the_image_is_not_pinned_by_digest" {
  command = plan

  variables {
    ecs = {
      image      = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/ecr-custom-domain:0.1.0"
      vpc_id     = "vpc-0123456789abcdef0"
      subnet_ids = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]
    }
  }

  expect_failures = [check.ecs_image_pinned_by_digest]
}
