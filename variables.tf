################################################################################
# Common
################################################################################

variable "front_door" {
  description = "What answers on domain_name: \"api-gateway\" (the default; an HTTP API and a Lambda function that redirect, forward or challenge, with public access; requests up to 10 MB), \"cloudfront\" (a CloudFront distribution that streams every request to the registry and a CloudFront Function that keeps its Location and Link headers on domain_name; private access only, no documented request body limit) or \"ecs\" (ecr-custom-domain serve on ECS Fargate behind an Application Load Balancer, internet-facing or internal, configured in ecs; private and public access, no request body limit, an idle timeout of up to 4000 s)."
  type        = string
  default     = "api-gateway"
  nullable    = false

  validation {
    condition     = contains(["api-gateway", "cloudfront", "ecs"], var.front_door)
    error_message = "front_door must be \"api-gateway\", \"cloudfront\" or \"ecs\"."
  }
}

variable "create" {
  description = "false creates nothing at all (every resource's count is 0), as terraform-aws-modules' create: to keep a copy of the module in a configuration without resources, such as one environment of several. true (the default) creates what the other inputs ask for."
  type        = bool
  default     = true
  nullable    = false
}

variable "name" {
  description = "Name of the API, function, log groups and role (the role also gets the region), of the CloudFront Function (with a hash of its code) and its access log delivery with front_door = \"cloudfront\", or with front_door = \"ecs\" of the cluster, service, task family, log group (/ecs/<name>), roles (<name>-task-<region>, <name>-exec-<region>), and load balancer and target group (\"_\" as \"-\"; a name over 32 characters keeps 25 and a hash of the whole): 1-40 letters, digits, hyphens or underscores. null (the default) derives it from domain_name, \"ecr.example.com\" giving \"ecr-example-com\" (a domain over 40 characters keeps 33 and a hash of the whole), so that copies of the module in one account never collide."
  type        = string
  default     = null

  validation {
    condition     = var.name == null || can(regex("^[A-Za-z0-9_-]{1,40}$", var.name))
    error_message = "name must be null (derived from domain_name) or 1-40 characters from A-Z, a-z, 0-9, hyphen and underscore."
  }
}

variable "tags" {
  description = "Tags for every taggable resource the module creates, as a map of tag name to value. The per-resource maps (api_tags, distribution_tags, function_tags, log_group_tags, role_tags, ecs_tags, load_balancer_tags) add to them, and win on the same key."
  type        = map(string)
  default     = {}
  nullable    = false
}

################################################################################
# API Gateway
################################################################################

variable "throttling" {
  description = "Default-route throttling of the HTTP API (api-gateway door only): burst_limit (requests, 1-5000) and rate_limit (requests per second, above 0 and up to 10000). Unset, they are 1000 and 500, or 100 and 50 when access = \"public\", since anyone can then call the API. 0 is refused: API Gateway would answer 429 to every request. A docker pull makes about one request per layer plus a few."
  type = object({
    burst_limit = optional(number)
    rate_limit  = optional(number)
  })
  default  = {}
  nullable = false

  # Conditionals, not ||: Terraform before 1.12 evaluates both sides of || and fails on null.
  validation {
    condition     = var.throttling.burst_limit == null ? true : var.throttling.burst_limit >= 1 && var.throttling.burst_limit <= 5000 && floor(var.throttling.burst_limit) == var.throttling.burst_limit
    error_message = "throttling.burst_limit must be null or a whole number from 1 to 5000: with 0, API Gateway answers 429 to every request."
  }

  validation {
    condition     = var.throttling.rate_limit == null ? true : var.throttling.rate_limit > 0 && var.throttling.rate_limit <= 10000
    error_message = "throttling.rate_limit must be null or above 0 and at most 10000 requests per second: with 0, API Gateway answers 429 to every request."
  }
}

variable "ip_address_type" {
  description = "IP address types the API and its custom domain, the CloudFront distribution, or the load balancer (front_door = \"ecs\"; dualstack needs its subnets to have IPv6 ranges) accept: \"dualstack\" (IPv4 and IPv6, needed for the AAAA record) or \"ipv4\"."
  type        = string
  default     = "dualstack"

  validation {
    condition     = contains(["dualstack", "ipv4"], var.ip_address_type)
    error_message = "ip_address_type must be \"dualstack\" or \"ipv4\"."
  }
}

variable "api_tags" {
  description = "Tags for the HTTP API, its stage and its custom domain (api-gateway door), merged over tags (these win on the same key)."
  type        = map(string)
  default     = {}
  nullable    = false
}

################################################################################
# Custom domain
################################################################################

variable "domain_name" {
  description = "The registry's own name, a lower-case DNS name such as \"ecr.example.com\" (no scheme, port, path or wildcard). Images are then named \"ecr.example.com/app\"."
  type        = string

  validation {
    condition     = length(var.domain_name) <= 253 && can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$", var.domain_name))
    error_message = "domain_name must be a lower-case DNS name with at least two labels, such as \"ecr.example.com\", without scheme, port, path or wildcard."
  }
}

variable "zone_id" {
  description = "ID of the Route 53 public hosted zone that holds domain_name, such as \"Z0123456789ABCDEFGHIJ\", or a reference to an aws_route53_zone in the same configuration. Needed with create_dns_records = true and with create_certificate_validation_record = true (both the default); null when DNS is managed elsewhere and both are false. With front_door = \"ecs\" and ecs.internal = true it may be a private hosted zone associated with the VPC; ACM then cannot see the validation record there: set create_certificate_validation_record = false and write it in the public zone (certificate_domain_validation_options output)."
  type        = string
  default     = null

  validation {
    condition     = var.zone_id == null || can(regex("^Z[0-9A-Z]{1,31}$", var.zone_id))
    error_message = "zone_id must be null or a Route 53 hosted zone ID: Z followed by upper-case letters and digits."
  }
}

################################################################################
# CloudFront
################################################################################

variable "cloudfront" {
  description = <<-EOT
    The distribution, used only when front_door = "cloudfront":
    - price_class: edge locations that serve the domain, "PriceClass_All" (the default: every edge, so each request, none of which is cached, takes the shortest path), "PriceClass_200" or "PriceClass_100" (edges in North America, Europe and Israel only: cheaper, slower for clients elsewhere).
    - origin_read_timeout: the response timeout, seconds CloudFront waits for the registry's first response byte and then between bytes, a whole number from 1 to 120, or up to 180 once the account's "Response timeout per origin" quota is raised in Service Quotas (CloudFront's default is 30). Default 60: users report that it runs while the client is still uploading (widdix/aws-cf-templates#61, fastlane/fastlane#10624, mozilla/addons-server#18105, swisstopo/swissgeol-boreholes-suite#3006), and the registry answers a layer's PUT only after the whole layer, which it may verify first, so an upload and that check must both fit in it. See the table "Largest layer a push can carry" in docs/security.md for what each value allows at each uplink speed.
    - origin_keepalive_timeout: seconds CloudFront keeps an idle connection to the registry open for the next request, a whole number from 1 to 120, or up to 180 once the account's "Keep-alive timeout per origin" quota is raised; default 5, CloudFront's own.
    - error_caching_min_ttl: seconds CloudFront keeps an error answer of the registry (400, 403, 404, 405, 414, 416, 500, 501, 502, 503 and 504) per URL and serves it to every client, a whole number from 0 to 31536000 (one year). Default 0: without it CloudFront keeps them for 10 s whatever the cache policy says, so one client's 404 or 403 would be served to another, and a tag pushed within 10 s of a check that found it missing would still be "manifest unknown". The registry's own error body always passes through.
    - web_acl_id: ARN of an AWS WAF (v2) web ACL with CLOUDFRONT scope (in us-east-1) that guards the distribution; null (the default) for none. CloudFront takes a web ACL only through the distribution, so one attached elsewhere (by hand, Firewall Manager) is removed on the next apply: pass it here. Layer uploads are large bodies: exclude or count rules such as SizeRestrictions_BODY of the Core rule set (8 KB), or pushes fail with 403.
    - access_logs: where CloudFront standard logging writes one record per request (never a request header such as Authorization): "cloudwatch-logs" (the default; logging v2 through CloudWatch Logs delivery into the log group /aws/vendedlogs/cloudfront/<name>, created with log_retention_in_days, log_kms_key_arn, log_group_class and log_group_skip_destroy; needs the module on a us-east-1 provider, where CloudFront's delivery source lives, and, the first time, logs:PutResourcePolicy, with which AWS lets the delivery write to the log group), "s3" (legacy logging to the S3 bucket access_logs_bucket, which must have ACLs enabled, under access_logs_prefix) or "none".
  EOT
  type = object({
    price_class              = optional(string, "PriceClass_All")
    origin_read_timeout      = optional(number, 60)
    origin_keepalive_timeout = optional(number, 5)
    error_caching_min_ttl    = optional(number, 0)
    web_acl_id               = optional(string)
    access_logs              = optional(string, "cloudwatch-logs")
    access_logs_bucket       = optional(string)
    access_logs_prefix       = optional(string)
  })
  default  = {}
  nullable = false

  validation {
    condition     = contains(["PriceClass_All", "PriceClass_200", "PriceClass_100"], var.cloudfront.price_class)
    error_message = "cloudfront.price_class must be \"PriceClass_All\", \"PriceClass_200\" or \"PriceClass_100\"."
  }

  # 180 is the most a Service Quotas increase grants; the module cannot see the account's quota, so CloudFront checks 121-180.
  validation {
    condition     = var.cloudfront.origin_read_timeout >= 1 && var.cloudfront.origin_read_timeout <= 180 && floor(var.cloudfront.origin_read_timeout) == var.cloudfront.origin_read_timeout
    error_message = "cloudfront.origin_read_timeout must be a whole number of seconds from 1 to 120, or up to 180 once the account's \"Response timeout per origin\" quota is raised in Service Quotas."
  }

  validation {
    condition     = var.cloudfront.origin_keepalive_timeout >= 1 && var.cloudfront.origin_keepalive_timeout <= 180 && floor(var.cloudfront.origin_keepalive_timeout) == var.cloudfront.origin_keepalive_timeout
    error_message = "cloudfront.origin_keepalive_timeout must be a whole number of seconds from 1 to 120, or up to 180 once the account's \"Keep-alive timeout per origin\" quota is raised in Service Quotas."
  }

  validation {
    condition     = var.cloudfront.error_caching_min_ttl >= 0 && var.cloudfront.error_caching_min_ttl <= 31536000 && floor(var.cloudfront.error_caching_min_ttl) == var.cloudfront.error_caching_min_ttl
    error_message = "cloudfront.error_caching_min_ttl must be a whole number of seconds from 0 to 31536000 (one year); with 0, the default, no client is served another's error."
  }

  validation {
    condition     = var.cloudfront.web_acl_id == null || can(regex("^arn:aws[a-z-]*:wafv2:us-east-1:[0-9]{12}:global/webacl/[A-Za-z0-9_-]{1,128}/[0-9a-f-]{36}$", var.cloudfront.web_acl_id))
    error_message = "cloudfront.web_acl_id must be null or the ARN of an AWS WAF (v2) web ACL with CLOUDFRONT scope: arn:<partition>:wafv2:us-east-1:<account>:global/webacl/<name>/<id>."
  }

  validation {
    condition     = contains(["cloudwatch-logs", "s3", "none"], var.cloudfront.access_logs)
    error_message = "cloudfront.access_logs must be \"cloudwatch-logs\", \"s3\" or \"none\"."
  }

  validation {
    condition     = (var.cloudfront.access_logs == "s3") == (var.cloudfront.access_logs_bucket != null) && (var.cloudfront.access_logs_bucket == null ? true : can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.cloudfront.access_logs_bucket))) && (var.cloudfront.access_logs_prefix == null ? true : var.cloudfront.access_logs_bucket != null && !startswith(var.cloudfront.access_logs_prefix, "/"))
    error_message = "cloudfront.access_logs = \"s3\" needs cloudfront.access_logs_bucket, an S3 bucket name (3-63 lower-case letters, digits, dots and hyphens), which applies to nothing else; cloudfront.access_logs_prefix, a path in it without a leading \"/\", goes only with a bucket."
  }
}

variable "distribution_tags" {
  description = "Tags for the CloudFront distribution and its access log delivery (cloudfront door), merged over tags (these win on the same key)."
  type        = map(string)
  default     = {}
  nullable    = false
}

################################################################################
# Certificate
################################################################################

variable "create_certificate" {
  description = "true (the default) creates an ACM certificate for domain_name in the provider's region (us-east-1 for front_door = \"cloudfront\") and waits until DNS validation has issued it; false serves the existing certificate in certificate_arn. A plain toggle, so that certificate_arn may come from a resource created in the same apply."
  type        = bool
  default     = true
  nullable    = false
}

variable "create_certificate_validation_record" {
  description = "With create_certificate = true: true (the default) writes the certificate's DNS validation record in zone_id; false leaves it to another copy of this module, since ACM asks for the same record for one name in every region of an account (in several regions, exactly one copy owns it), or to you (see the certificate_domain_validation_options output). Either way the module waits until the certificate is issued."
  type        = bool
  default     = true
  nullable    = false
}

variable "certificate_arn" {
  description = "ARN of an existing ACM certificate for domain_name, used with create_certificate = false: in the provider's region, or in us-east-1 with front_door = \"cloudfront\". It may come from a resource in the same configuration, such as aws_acm_certificate_validation.this.certificate_arn. null (the default) with create_certificate = true."
  type        = string
  default     = null

  validation {
    condition     = var.certificate_arn == null || can(regex("^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/[0-9a-f-]+$", var.certificate_arn))
    error_message = "certificate_arn must be null or an ACM certificate ARN: arn:<partition>:acm:<region>:<account>:certificate/<id>."
  }
}

################################################################################
# DNS
################################################################################

variable "create_dns_records" {
  description = "true (the default) creates Route 53 A and AAAA (dualstack only) alias records for domain_name in zone_id, which must then be set; false leaves DNS to you (use the domain_target_* outputs, or cloudfront_distribution_domain_name with front_door = \"cloudfront\"). A plain toggle, so that zone_id may come from a resource created in the same apply."
  type        = bool
  default     = true
  nullable    = false
}

variable "dns_latency_routing" {
  description = "true makes the A/AAAA records latency-based, with the region as set_identifier, so copies of this module in several regions serve one domain_name; Route 53 then also evaluates target health (API Gateway's own, in the region) and, with create_health_check = true, this region's health check. false (the default) creates simple records. api-gateway door only: CloudFront is already global, and a domain can belong to only one distribution."
  type        = bool
  default     = false
  nullable    = false
}

################################################################################
# Health check
################################################################################

variable "create_health_check" {
  description = "true creates a Route 53 HTTPS health check that sends GET /v2/ to this region's API on its execute-api endpoint (which the module then leaves enabled, since the custom domain's regional target answers only for domain_name) and, with dns_latency_routing = true, attaches it to the A/AAAA records, so that Route 53 stops sending clients to a region whose API or function fails. Needs the api-gateway door and access = \"private\" or public.auth = \"none\" (otherwise /v2/ answers 401). false (the default) creates none. Route 53 bills each health check, and each probe is an API request and a function invocation."
  type        = bool
  default     = false
  nullable    = false
}

variable "health_check" {
  description = <<-EOT
    The health check, used only when create_health_check = true:
    - request_interval: seconds between two probes from each checker, 30 (the default) or 10 (billed as fast interval).
    - failure_threshold: consecutive failed probes before the region counts as unhealthy, and successful ones before it is healthy again, 1-10 (default 3).
    - regions: Route 53 checker regions that probe, at least 3 different ones of "us-east-1", "us-west-1", "us-west-2", "eu-west-1", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1", "sa-east-1", each once; null (the default) for all of them.
  EOT
  type = object({
    request_interval  = optional(number, 30)
    failure_threshold = optional(number, 3)
    regions           = optional(list(string))
  })
  default  = {}
  nullable = false

  validation {
    condition     = contains([10, 30], var.health_check.request_interval)
    error_message = "health_check.request_interval must be 10 or 30 seconds."
  }

  validation {
    condition     = var.health_check.failure_threshold >= 1 && var.health_check.failure_threshold <= 10 && floor(var.health_check.failure_threshold) == var.health_check.failure_threshold
    error_message = "health_check.failure_threshold must be a whole number from 1 to 10."
  }

  validation {
    condition     = var.health_check.regions == null ? true : length(distinct(var.health_check.regions)) >= 3 && length(distinct(var.health_check.regions)) == length(var.health_check.regions) && alltrue([for region in var.health_check.regions : contains(["us-east-1", "us-west-1", "us-west-2", "eu-west-1", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1", "sa-east-1"], region)])
    error_message = "health_check.regions must be null or at least 3 different ones of \"us-east-1\", \"us-west-1\", \"us-west-2\", \"eu-west-1\", \"ap-southeast-1\", \"ap-southeast-2\", \"ap-northeast-1\" and \"sa-east-1\", each once (Route 53 refuses a repeated region)."
  }
}

################################################################################
# Lambda function
################################################################################

variable "function" {
  description = <<-EOT
    The alias function, api-gateway door only:
    - runtime: "nodejs22.x" (the default) or "nodejs24.x", which needs hashicorp/aws >= 6.21 (older providers refuse it at plan); Lambda no longer creates functions on nodejs20.x.
    - architecture: "arm64" (the default) or "x86_64".
    - memory_size: a whole number of MB from 128 to 10240 (default 128).
    - timeout: a whole number of seconds from 1 to 29 (default 10), below the 30 s after which API Gateway gives up.
    - reserved_concurrent_executions: a whole number, -1 (the default) for no reservation, 0 to disable the function, or a positive cap.
    - tracing_mode: AWS X-Ray tracing, "PassThrough" (the default, Lambda's own: no traces of its own) or "Active" (Lambda samples and traces invocations; the role may then write traces). HTTP APIs send no trace header.
  EOT
  type = object({
    runtime                        = optional(string, "nodejs22.x")
    architecture                   = optional(string, "arm64")
    memory_size                    = optional(number, 128)
    timeout                        = optional(number, 10)
    reserved_concurrent_executions = optional(number, -1)
    tracing_mode                   = optional(string, "PassThrough")
  })
  default  = {}
  nullable = false

  validation {
    condition     = contains(["nodejs22.x", "nodejs24.x"], var.function.runtime)
    error_message = "function.runtime must be \"nodejs22.x\" or \"nodejs24.x\" (with hashicorp/aws >= 6.21): Lambda no longer creates functions on nodejs20.x or older."
  }

  validation {
    condition     = contains(["arm64", "x86_64"], var.function.architecture)
    error_message = "function.architecture must be \"arm64\" or \"x86_64\"."
  }

  validation {
    condition     = var.function.memory_size >= 128 && var.function.memory_size <= 10240 && floor(var.function.memory_size) == var.function.memory_size
    error_message = "function.memory_size must be a whole number of MB from 128 to 10240."
  }

  validation {
    condition     = var.function.timeout >= 1 && var.function.timeout <= 29 && floor(var.function.timeout) == var.function.timeout
    error_message = "function.timeout must be a whole number of seconds from 1 to 29, below the 30 s after which API Gateway gives up."
  }

  validation {
    condition     = var.function.reserved_concurrent_executions >= -1 && floor(var.function.reserved_concurrent_executions) == var.function.reserved_concurrent_executions
    error_message = "function.reserved_concurrent_executions must be a whole number, -1 (no reservation), 0 (disabled) or a positive cap."
  }

  validation {
    condition     = contains(["PassThrough", "Active"], var.function.tracing_mode)
    error_message = "function.tracing_mode must be \"PassThrough\" or \"Active\"."
  }
}

variable "function_tags" {
  description = "Tags for the alias function (api-gateway door), merged over tags (these win on the same key)."
  type        = map(string)
  default     = {}
  nullable    = false
}

variable "registry" {
  description = "The registry the alias sends clients to, as host[:port] without scheme, such as \"123456789012.dkr.ecr.eu-west-1.amazonaws.com\". null (the default) means this account's registry in the provider's region; set it for a registry in another account or region. Required with front_door = \"cloudfront\", whose module runs on a us-east-1 provider: the distribution fronts only the registry named here."
  type        = string
  default     = null

  validation {
    condition     = var.registry == null || can(regex("^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*(:[0-9]{1,5})?$", var.registry))
    error_message = "registry must be null or host[:port] without scheme or path, such as \"123456789012.dkr.ecr.eu-west-1.amazonaws.com\"."
  }
}

################################################################################
# Log groups
################################################################################

variable "create_log_groups" {
  description = "true creates the function's and the API's log groups (/aws/lambda/<name>, /aws/apigateway/<name>) with retention; false expects both to exist already. api-gateway door only: the other doors always create theirs (the ecs door's tasks, the cloudfront door's access logs with cloudfront.access_logs = \"cloudwatch-logs\")."
  type        = bool
  default     = true
  nullable    = false
}

variable "log_retention_in_days" {
  description = "Days CloudWatch keeps the function's and the API's logs, the distribution's access logs with front_door = \"cloudfront\", or the tasks' with front_door = \"ecs\": one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653, or 0 to keep them forever."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition     = contains([0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_in_days)
    error_message = "log_retention_in_days must be 0 or one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653."
  }
}

variable "log_kms_key_arn" {
  description = "ARN of a KMS key in the provider's region that encrypts the module's log groups (its key policy must allow the CloudWatch Logs service in this region); null uses CloudWatch's own encryption."
  type        = string
  default     = null

  validation {
    condition     = var.log_kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.log_kms_key_arn))
    error_message = "log_kms_key_arn must be null or a KMS key ARN: arn:<partition>:kms:<region>:<account>:key/<id>."
  }
}

variable "log_group_class" {
  description = "Log class of the module's log groups: \"STANDARD\" (the default) or \"INFREQUENT_ACCESS\" (cheaper ingestion, fewer features: see CloudWatch Logs' log classes). CloudWatch cannot change the class of a log group: changing it replaces the log groups, and their logs are lost unless log_group_skip_destroy = true."
  type        = string
  default     = "STANDARD"
  nullable    = false

  validation {
    condition     = contains(["STANDARD", "INFREQUENT_ACCESS"], var.log_group_class)
    error_message = "log_group_class must be \"STANDARD\" or \"INFREQUENT_ACCESS\"."
  }
}

variable "log_group_skip_destroy" {
  description = "true leaves the module's log groups and their logs in place when Terraform destroys them (terraform destroy, create = false, another door), so an audit trail outlives the alias; a later apply that creates them again then fails until they are imported or deleted. false (the default) deletes them."
  type        = bool
  default     = false
  nullable    = false
}

variable "log_group_tags" {
  description = "Tags for the module's log groups, merged over tags (these win on the same key)."
  type        = map(string)
  default     = {}
  nullable    = false
}

################################################################################
# IAM
################################################################################

variable "role_permissions_boundary_arn" {
  description = "ARN of an IAM policy to set as the permissions boundary of the function's role, or of the tasks' and execution roles with front_door = \"ecs\"; null sets none."
  type        = string
  default     = null

  validation {
    condition     = var.role_permissions_boundary_arn == null || can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:policy/.+$", var.role_permissions_boundary_arn))
    error_message = "role_permissions_boundary_arn must be null or an IAM policy ARN: arn:<partition>:iam::<account>:policy/<name>."
  }
}

variable "role_name" {
  description = "Name of the function's role, or of the tasks' role with front_door = \"ecs\" (the execution role is ecs.execution_role_name): 1-64 letters, digits and +=,.@_-, unique in the account, so include the region when copies run in several. null (the default) names it <name>-<region>, or <name>-task-<region>."
  type        = string
  default     = null

  validation {
    condition     = var.role_name == null || can(regex("^[A-Za-z0-9+=,.@_-]{1,64}$", var.role_name))
    error_message = "role_name must be null or 1-64 characters from A-Z, a-z, 0-9 and +=,.@_-."
  }
}

variable "role_path" {
  description = "IAM path of every role the module creates, \"/\" (the default) or a path such as \"/registry/\" (starts and ends with \"/\", at most 512 characters). Changing it replaces the roles."
  type        = string
  default     = "/"
  nullable    = false

  validation {
    condition     = length(var.role_path) <= 512 && can(regex("^/(?:[!-~]+/)?$", var.role_path))
    error_message = "role_path must be \"/\" or a path that starts and ends with \"/\", such as \"/registry/\", of at most 512 printable ASCII characters without spaces."
  }
}

variable "role_tags" {
  description = "Tags for the roles the module creates, merged over tags (these win on the same key)."
  type        = map(string)
  default     = {}
  nullable    = false
}

################################################################################
# Public access
################################################################################

variable "access" {
  description = "Who may pull through the alias: \"private\" (the default; the registry checks the clients' own AWS credentials) or \"public\" (the function, or with front_door = \"ecs\" the tasks, pull public.repositories with their own role and serve them read-only, to anyone or behind public.auth; not with front_door = \"cloudfront\", since CloudFront cannot fetch a registry token)."
  type        = string
  default     = "private"
  nullable    = false

  validation {
    condition     = contains(["private", "public"], var.access)
    error_message = "access must be \"private\" or \"public\"."
  }
}

variable "public" {
  description = <<-EOT
    Public access, used only when access = "public":
    - repositories: repository names ("app", "team/app") or globs, where a "*" segment matches one path segment ("team/*" allows "team/app", not "team/a/b") and a "**" segment one or more ("team/**"); at most one "**" per entry. At least one, unless repository_tag is set.
    - repository_tag: { key, value, ttl_seconds }, an ECR resource tag that publishes every repository carrying it, alongside repositories (such as { key = "public", value = "true" }); null (the default) publishes by name only. The alias learns tags with ecr:DescribeRepositories and ecr:ListTagsForResource, one call per repository not in repositories, every 0.4 × ttl_seconds while requests come and never while none do; its role may pull only repositories that carry the tag (the ecr:ResourceTag condition), so IAM stops a pull as soon as the tag is removed. Key: 1-128 characters, value: 0-256, each letters, digits, spaces and + - = . _ : / @ ("=" not in the key), neither starting with "aws:". ttl_seconds: how soon the alias and its page follow a tag added or removed, a whole number from 1 to 3600 (default 60); raise it for a registry with many repositories to make fewer calls (see "Publishing by tag" in docs/terraform.md).
    - auth: "none" (anonymous pulls, the default), "basic" (one username:password, checked by the function) or "custom" (a Lambda authorizer in front of every route but the /v2 ping; api-gateway door only).
    - basic_auth_ssm_parameter_name: with auth = "basic", name of an SSM SecureString parameter in this account and region whose value is username:password, such as "/ecr-custom-domain/basic-auth".
    - basic_auth_secret_arn: with auth = "basic", instead, the full ARN of a Secrets Manager secret in this region (the function reads it there; replicate a secret from elsewhere) whose SecretString is username:password or {"username": "...", "password": "..."}.
    - basic_auth_kms_key_arn: the customer managed KMS key in this region that encrypts that parameter or secret; null when it uses the AWS managed key.
    - authorizer_function_arn: with auth = "custom", ARN of the Lambda authorizer (payload 2.0, simple responses) in this account and region, optionally with a version or alias.
    - authorizer_result_ttl_in_seconds: how long API Gateway caches the authorizer's answer per Authorization header, 0-3600 (default 300).
  EOT
  type = object({
    repositories                     = optional(list(string), [])
    repository_tag                   = optional(object({ key = string, value = string, ttl_seconds = optional(number, 60) }))
    auth                             = optional(string, "none")
    basic_auth_ssm_parameter_name    = optional(string)
    basic_auth_secret_arn            = optional(string)
    basic_auth_kms_key_arn           = optional(string)
    authorizer_function_arn          = optional(string)
    authorizer_result_ttl_in_seconds = optional(number, 300)
  })
  default  = {}
  nullable = false

  # The handler's grammar (OCI path components) with "*" and "**" segments; it enforces the same rules at startup.
  validation {
    condition = alltrue([
      for repository in var.public.repositories :
      length(repository) <= 256 && can(regex("^(?:[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*|\\*\\*?)(?:/(?:[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*|\\*\\*?))*$", repository)) && length(regexall("\\*\\*", repository)) <= 1
    ])
    error_message = "public.repositories must hold repository names (lower-case path components of letters and digits, separated inside by '.', '_', '__' or '-', joined by '/'), where a whole segment may be \"*\" (one segment) or \"**\" (one or more, at most once), such as \"app\", \"team/*\" or \"team/**\"."
  }

  # ECR's tag rules; "=" is kept out of the key, since the alias reads the tag as KEY=VALUE.
  validation {
    condition     = var.public.repository_tag == null ? true : length(var.public.repository_tag.key) >= 1 && length(var.public.repository_tag.key) <= 128 && can(regex("^[\\p{L}\\p{Z}\\p{N}_.:/+@-]+$", var.public.repository_tag.key)) && !startswith(lower(var.public.repository_tag.key), "aws:")
    error_message = "public.repository_tag.key must have 1 to 128 characters: letters, digits, spaces and + - . _ : / @ (no \"=\"), not starting with \"aws:\", such as \"public\"."
  }

  validation {
    condition     = var.public.repository_tag == null ? true : length(var.public.repository_tag.value) <= 256 && can(regex("^[\\p{L}\\p{Z}\\p{N}_.:/=+@-]*$", var.public.repository_tag.value)) && !startswith(lower(var.public.repository_tag.value), "aws:")
    error_message = "public.repository_tag.value must have at most 256 characters: letters, digits, spaces and + - = . _ : / @, not starting with \"aws:\", such as \"true\"."
  }

  validation {
    condition     = var.public.repository_tag == null ? true : var.public.repository_tag.ttl_seconds >= 1 && var.public.repository_tag.ttl_seconds <= 3600 && floor(var.public.repository_tag.ttl_seconds) == var.public.repository_tag.ttl_seconds
    error_message = "public.repository_tag.ttl_seconds must be a whole number of seconds from 1 to 3600, such as 60 (the default) or 600 for a registry with many repositories."
  }

  validation {
    condition     = contains(["none", "basic", "custom"], var.public.auth)
    error_message = "public.auth must be \"none\", \"basic\" or \"custom\"."
  }

  validation {
    condition     = var.public.auth != "basic" || (var.public.basic_auth_ssm_parameter_name == null) != (var.public.basic_auth_secret_arn == null)
    error_message = "public.auth = \"basic\" needs exactly one of public.basic_auth_ssm_parameter_name and public.basic_auth_secret_arn."
  }

  validation {
    condition     = var.public.auth == "basic" || (var.public.basic_auth_ssm_parameter_name == null && var.public.basic_auth_secret_arn == null && var.public.basic_auth_kms_key_arn == null)
    error_message = "public.basic_auth_ssm_parameter_name, public.basic_auth_secret_arn and public.basic_auth_kms_key_arn apply only to public.auth = \"basic\"."
  }

  validation {
    condition     = (var.public.auth == "custom") == (var.public.authorizer_function_arn != null)
    error_message = "public.auth = \"custom\" needs public.authorizer_function_arn, which applies to no other public.auth."
  }

  validation {
    condition     = var.public.basic_auth_ssm_parameter_name == null || can(regex("^(?:(?:/[A-Za-z0-9_.-]+)+|[A-Za-z0-9_.-]+)$", var.public.basic_auth_ssm_parameter_name))
    error_message = "public.basic_auth_ssm_parameter_name must be null or an SSM parameter name, such as \"ecr-basic-auth\" or \"/ecr-custom-domain/basic-auth\" (not an ARN)."
  }

  validation {
    condition     = var.public.basic_auth_secret_arn == null || can(regex("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}$", var.public.basic_auth_secret_arn))
    error_message = "public.basic_auth_secret_arn must be null or a full Secrets Manager secret ARN, with the 6-character suffix: arn:<partition>:secretsmanager:<region>:<account>:secret:<name>-AbCdEf."
  }

  validation {
    condition     = var.public.basic_auth_kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.public.basic_auth_kms_key_arn))
    error_message = "public.basic_auth_kms_key_arn must be null or a KMS key ARN: arn:<partition>:kms:<region>:<account>:key/<id>."
  }

  validation {
    condition     = var.public.authorizer_function_arn == null || can(regex("^arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:function:[A-Za-z0-9_-]{1,64}(?::[A-Za-z0-9$_-]{1,128})?$", var.public.authorizer_function_arn))
    error_message = "public.authorizer_function_arn must be null or a Lambda function ARN: arn:<partition>:lambda:<region>:<account>:function:<name>[:<version or alias>]."
  }

  validation {
    condition     = var.public.authorizer_result_ttl_in_seconds >= 0 && var.public.authorizer_result_ttl_in_seconds <= 3600 && floor(var.public.authorizer_result_ttl_in_seconds) == var.public.authorizer_result_ttl_in_seconds
    error_message = "public.authorizer_result_ttl_in_seconds must be a whole number from 0 to 3600."
  }
}

################################################################################
# Registry policies
################################################################################

variable "pull_repositories" {
  description = "Repositories in the registry that the pull_policy_json output grants pulls from: names such as \"app\" or \"team/app\", or IAM wildcards such as \"team/*\" or \"*\". Empty makes the output null."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for repository in var.pull_repositories : can(regex("^[a-z0-9*][a-z0-9._/*-]{0,255}$", repository))])
    error_message = "pull_repositories must hold ECR repository names (lower-case letters, digits, '.', '_', '-', '/') or IAM wildcards with '*'."
  }
}

variable "push_repositories" {
  description = "Repositories in the registry that the push_policy_json output grants pushes to (and pulls from): names such as \"app\" or \"team/app\", or IAM wildcards such as \"team/*\". Empty makes the output null."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for repository in var.push_repositories : can(regex("^[a-z0-9*][a-z0-9._/*-]{0,255}$", repository))])
    error_message = "push_repositories must hold ECR repository names (lower-case letters, digits, '.', '_', '-', '/') or IAM wildcards with '*'."
  }
}

################################################################################
# ECS
################################################################################

variable "ecs" {
  description = <<-EOT
    ecr-custom-domain serve on ECS Fargate behind an Application Load Balancer, used only when front_door = "ecs" (the log group /ecs/<name> follows log_retention_in_days and log_kms_key_arn; ip_address_type = "dualstack" needs subnets with IPv6 ranges):
    - image: the ecr-custom-domain image (npm run build:image, pushed with skopeo copy), required; pin it by digest, such as "123456789012.dkr.ecr.eu-west-1.amazonaws.com/ecr-custom-domain@sha256:<digest>". An image in ECR is the only repository the execution role may pull.
    - cpu_architecture: "ARM64" (the default; Graviton, about 20% cheaper) or "X86_64"; the image holds both.
    - cpu and memory: a Fargate combination, cpu in units (1024 = 1 vCPU) and memory in MiB: 256 with 512, 1024 or 2048; 512 (the default) with 1024 (the default) to 4096; 1024 with 2048-8192; 2048 with 4096-16384; 4096 with 8192-30720 (steps of 1024); 8192 with 16384-61440 (steps of 4096); 16384 with 32768-122880 (steps of 8192).
    - desired_count: tasks at the first apply, default 2 (spread over the subnets' zones); autoscaling owns the count afterwards.
    - autoscaling: min_capacity (default 2) and max_capacity (default 10) tasks, 1-5000 with min_capacity <= desired_count <= max_capacity, and the targets it tracks: requests_per_target (load balancer requests per task per minute, default 1000) and cpu_utilization (average CPU percent, 1-100, default 60).
    - cache_storage_gib: 0 (the default) for no layer cache; 21-200 gives each task that much ephemeral storage (billed above 20 GiB) and keeps layers there, up to 3 GiB less (the image and /tmp share it), so that each is fetched from the registry once per task.
    - vpc_id and subnet_ids: the VPC and the subnets the tasks run in, one per Availability Zone (at least two zones); required. Tasks reach the registry, ECR, S3 and CloudWatch Logs on 443, through a NAT gateway, assign_public_ip = true or VPC endpoints.
    - assign_public_ip: true gives each task a public IPv4 address (public subnets without NAT); default false.
    - load_balancer_subnet_ids: the load balancer's subnets (at least two zones; public subnets when internet-facing); default subnet_ids.
    - internal: false (the default) for an internet-facing load balancer, true for one reachable only inside the VPC and networks connected to it (zone_id may then be a private hosted zone).
    - allowed_cidr_blocks: address ranges that may reach the load balancer on 443 (and 80, which redirects to 443), in canonical form; default ["0.0.0.0/0", "::/0"]. IPv6 ranges matter only with ip_address_type = "dualstack".
    - idle_timeout: seconds the load balancer keeps an idle connection open, 1-4000, default 600 (a registry may take minutes to answer a large layer's last byte); serve keeps connections 5 s longer.
    - access_logs_bucket and access_logs_prefix: an S3 bucket in this region, whose policy lets Elastic Load Balancing write, and a prefix for the load balancer's access logs; null (the default) for none.
    - associate_web_acl and web_acl_arn: true associates the AWS WAF (v2, regional) web ACL web_acl_arn, in this region, with the load balancer; default false, which leaves the load balancer's web ACL to you (an association made elsewhere, by Firewall Manager say, stays). Layer uploads are large bodies: exclude or count rules such as SizeRestrictions_BODY of the Core rule set (8 KB), or pushes fail with 403.
    - create_cluster and cluster_arn: true (the default) creates an ECS cluster named <name>; false runs the service in the existing cluster cluster_arn of this region.
    - execution_role_name: name of the role ECS starts the tasks with (role_name names the tasks' own); null (the default) names it <name>-exec-<region>.
    - container_insights: true turns on CloudWatch Container Insights in the cluster the module creates (billed per metric); default false.
    - create_vpc_endpoints: true creates interface endpoints with private DNS for ecr.api, ecr.dkr, logs and, with public.auth = "basic", ssm or secretsmanager, in vpc_endpoint_subnet_ids (default subnet_ids, one subnet per zone), reachable from the tasks only, and, with vpc_endpoint_route_table_ids, an S3 gateway endpoint on those route tables (include the clients' route tables: layer downloads follow ECR's redirect to S3). For tasks without a NAT gateway; the VPC must have DNS support and hostnames turned on and no other endpoint with private DNS for these services. Default false.
  EOT
  type = object({
    image            = optional(string)
    cpu_architecture = optional(string, "ARM64")
    cpu              = optional(number, 512)
    memory           = optional(number, 1024)
    desired_count    = optional(number, 2)
    autoscaling = optional(object({
      min_capacity        = optional(number, 2)
      max_capacity        = optional(number, 10)
      requests_per_target = optional(number, 1000)
      cpu_utilization     = optional(number, 60)
    }), {})
    cache_storage_gib            = optional(number, 0)
    vpc_id                       = optional(string)
    subnet_ids                   = optional(list(string), [])
    assign_public_ip             = optional(bool, false)
    load_balancer_subnet_ids     = optional(list(string))
    internal                     = optional(bool, false)
    allowed_cidr_blocks          = optional(list(string), ["0.0.0.0/0", "::/0"])
    idle_timeout                 = optional(number, 600)
    access_logs_bucket           = optional(string)
    access_logs_prefix           = optional(string)
    associate_web_acl            = optional(bool, false)
    web_acl_arn                  = optional(string)
    create_cluster               = optional(bool, true)
    cluster_arn                  = optional(string)
    execution_role_name          = optional(string)
    container_insights           = optional(bool, false)
    create_vpc_endpoints         = optional(bool, false)
    vpc_endpoint_subnet_ids      = optional(list(string))
    vpc_endpoint_route_table_ids = optional(list(string), [])
  })
  default  = {}
  nullable = false

  validation {
    condition     = var.ecs.image == null ? true : length(var.ecs.image) <= 255 && can(regex("^[a-z0-9][A-Za-z0-9._:/@-]*$", var.ecs.image)) && !strcontains(var.ecs.image, "://")
    error_message = "ecs.image must be null or an image reference of at most 255 characters, without scheme or spaces, such as \"123456789012.dkr.ecr.eu-west-1.amazonaws.com/ecr-custom-domain@sha256:<digest>\"."
  }

  validation {
    condition     = contains(["ARM64", "X86_64"], var.ecs.cpu_architecture)
    error_message = "ecs.cpu_architecture must be \"ARM64\" or \"X86_64\"."
  }

  # [cpu, lowest memory, highest memory, memory step], from the Fargate task size table.
  validation {
    condition     = anytrue([for size in [[256, 512, 1024, 512], [256, 2048, 2048, 1024], [512, 1024, 4096, 1024], [1024, 2048, 8192, 1024], [2048, 4096, 16384, 1024], [4096, 8192, 30720, 1024], [8192, 16384, 61440, 4096], [16384, 32768, 122880, 8192]] : var.ecs.cpu == size[0] && var.ecs.memory >= size[1] && var.ecs.memory <= size[2] && var.ecs.memory % size[3] == 0])
    error_message = "ecs.cpu and ecs.memory must be a Fargate task size: cpu 256 with memory 512, 1024 or 2048; 512 with 1024-4096; 1024 with 2048-8192; 2048 with 4096-16384; 4096 with 8192-30720 (memory in steps of 1024); 8192 with 16384-61440 (steps of 4096); 16384 with 32768-122880 (steps of 8192)."
  }

  validation {
    condition     = alltrue([for tasks in [var.ecs.desired_count, var.ecs.autoscaling.min_capacity, var.ecs.autoscaling.max_capacity] : tasks >= 1 && tasks <= 5000 && floor(tasks) == tasks]) && var.ecs.autoscaling.min_capacity <= var.ecs.desired_count && var.ecs.desired_count <= var.ecs.autoscaling.max_capacity
    error_message = "ecs.desired_count, ecs.autoscaling.min_capacity and ecs.autoscaling.max_capacity must be whole numbers of tasks from 1 to 5000, with min_capacity <= desired_count <= max_capacity."
  }

  validation {
    condition     = var.ecs.autoscaling.requests_per_target > 0 && var.ecs.autoscaling.cpu_utilization > 0 && var.ecs.autoscaling.cpu_utilization <= 100
    error_message = "ecs.autoscaling.requests_per_target must be above 0 (requests per task per minute) and ecs.autoscaling.cpu_utilization above 0 and at most 100 (percent)."
  }

  validation {
    condition     = var.ecs.cache_storage_gib == 0 || (var.ecs.cache_storage_gib >= 21 && var.ecs.cache_storage_gib <= 200 && floor(var.ecs.cache_storage_gib) == var.ecs.cache_storage_gib)
    error_message = "ecs.cache_storage_gib must be 0 (no layer cache) or a whole number of GiB from 21 to 200, the ephemeral storage Fargate gives a task."
  }

  validation {
    condition     = var.ecs.vpc_id == null ? true : can(regex("^vpc-[0-9a-f]{8,17}$", var.ecs.vpc_id))
    error_message = "ecs.vpc_id must be null or a VPC ID, such as \"vpc-0123456789abcdef0\"."
  }

  validation {
    condition     = alltrue([for id in concat(var.ecs.subnet_ids, var.ecs.load_balancer_subnet_ids == null ? [] : var.ecs.load_balancer_subnet_ids, var.ecs.vpc_endpoint_subnet_ids == null ? [] : var.ecs.vpc_endpoint_subnet_ids) : can(regex("^subnet-[0-9a-f]{8,17}$", id))])
    error_message = "ecs.subnet_ids, ecs.load_balancer_subnet_ids and ecs.vpc_endpoint_subnet_ids must hold subnet IDs, such as \"subnet-0123456789abcdef0\"."
  }

  validation {
    condition     = alltrue([for id in var.ecs.vpc_endpoint_route_table_ids : can(regex("^rtb-[0-9a-f]{8,17}$", id))])
    error_message = "ecs.vpc_endpoint_route_table_ids must hold route table IDs, such as \"rtb-0123456789abcdef0\"."
  }

  validation {
    condition     = alltrue([for cidr in var.ecs.allowed_cidr_blocks : try(cidrsubnet(cidr, 0, 0) == cidr, false)])
    error_message = "ecs.allowed_cidr_blocks must hold IPv4 or IPv6 ranges in canonical form (no host bits set, IPv6 compressed and lower-case), such as \"10.0.0.0/16\", \"0.0.0.0/0\" or \"::/0\"."
  }

  validation {
    condition     = var.ecs.idle_timeout >= 1 && var.ecs.idle_timeout <= 4000 && floor(var.ecs.idle_timeout) == var.ecs.idle_timeout
    error_message = "ecs.idle_timeout must be a whole number of seconds from 1 to 4000, the load balancer's limits."
  }

  validation {
    condition     = (var.ecs.access_logs_bucket == null ? true : can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.ecs.access_logs_bucket))) && (var.ecs.access_logs_prefix == null ? true : var.ecs.access_logs_bucket != null && !startswith(var.ecs.access_logs_prefix, "/"))
    error_message = "ecs.access_logs_bucket must be null or an S3 bucket name (3-63 lower-case letters, digits, dots and hyphens); ecs.access_logs_prefix, a path in it without a leading \"/\", goes only with a bucket."
  }

  validation {
    condition     = var.ecs.associate_web_acl ? can(regex("^arn:aws[a-z-]*:wafv2:[a-z0-9-]+:[0-9]{12}:regional/webacl/[A-Za-z0-9_-]{1,128}/[0-9a-f-]{36}$", var.ecs.web_acl_arn)) : var.ecs.web_acl_arn == null
    error_message = "ecs.associate_web_acl = true needs ecs.web_acl_arn, the ARN of a regional AWS WAF web ACL (arn:<partition>:wafv2:<region>:<account>:regional/webacl/<name>/<id>), which applies to nothing else."
  }

  validation {
    condition     = var.ecs.create_cluster ? var.ecs.cluster_arn == null : can(regex("^arn:aws[a-z-]*:ecs:[a-z0-9-]+:[0-9]{12}:cluster/[A-Za-z0-9_-]{1,255}$", var.ecs.cluster_arn))
    error_message = "ecs.create_cluster = false needs ecs.cluster_arn, the ARN of an existing ECS cluster (arn:<partition>:ecs:<region>:<account>:cluster/<name>), which applies to nothing else: with create_cluster = true (the default) the module creates the cluster."
  }

  validation {
    condition     = var.ecs.execution_role_name == null || can(regex("^[A-Za-z0-9+=,.@_-]{1,64}$", var.ecs.execution_role_name))
    error_message = "ecs.execution_role_name must be null or 1-64 characters from A-Z, a-z, 0-9 and +=,.@_-."
  }
}

variable "ecs_tags" {
  description = "Tags for the ECS cluster, service, task definition and autoscaling target, the tasks' security group and its rules, and the VPC endpoints (ecs door), merged over tags (these win on the same key)."
  type        = map(string)
  default     = {}
  nullable    = false
}

################################################################################
# Load balancer
################################################################################

variable "load_balancer_tags" {
  description = "Tags for the Application Load Balancer, its target group, listeners and listener rule, its security group and its rules (ecs door), merged over tags (these win on the same key)."
  type        = map(string)
  default     = {}
  nullable    = false
}
