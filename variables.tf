################################################################################
# Common
################################################################################

variable "name" {
  description = "Name of the API, function, log groups and role (the role also gets the region): 1-40 letters, digits, hyphens or underscores."
  type        = string
  default     = "ecr-custom-domain"

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,40}$", var.name))
    error_message = "name must be 1-40 characters from A-Z, a-z, 0-9, hyphen and underscore."
  }
}

variable "tags" {
  description = "Tags for every taggable resource the module creates, as a map of tag name to value."
  type        = map(string)
  default     = {}
  nullable    = false
}

################################################################################
# API Gateway
################################################################################

variable "throttling" {
  description = "Default-route throttling of the HTTP API: burst_limit (requests, 0-5000) and rate_limit (requests per second, 0-10000). A docker pull makes about one request per layer plus a few."
  type = object({
    burst_limit = optional(number, 1000)
    rate_limit  = optional(number, 500)
  })
  default  = {}
  nullable = false

  validation {
    condition     = var.throttling.burst_limit >= 0 && var.throttling.burst_limit <= 5000 && floor(var.throttling.burst_limit) == var.throttling.burst_limit
    error_message = "throttling.burst_limit must be a whole number from 0 to 5000."
  }

  validation {
    condition     = var.throttling.rate_limit >= 0 && var.throttling.rate_limit <= 10000
    error_message = "throttling.rate_limit must be from 0 to 10000 requests per second."
  }
}

variable "ip_address_type" {
  description = "IP address types the API and its custom domain accept: \"dualstack\" (IPv4 and IPv6, needed for the AAAA record) or \"ipv4\"."
  type        = string
  default     = "dualstack"

  validation {
    condition     = contains(["dualstack", "ipv4"], var.ip_address_type)
    error_message = "ip_address_type must be \"dualstack\" or \"ipv4\"."
  }
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
  description = "ID of the Route 53 public hosted zone that holds domain_name, such as \"Z0123456789ABCDEFGHIJ\". Needed to validate a certificate the module creates and to create the A/AAAA records; null to manage DNS elsewhere."
  type        = string
  default     = null

  validation {
    condition     = var.zone_id == null || can(regex("^Z[0-9A-Z]{1,31}$", var.zone_id))
    error_message = "zone_id must be null or a Route 53 hosted zone ID: Z followed by upper-case letters and digits."
  }
}

################################################################################
# Certificate
################################################################################

variable "certificate_arn" {
  description = "ARN of an existing ACM certificate for domain_name in this region. null (the default) creates one and validates it by DNS in zone_id."
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
  description = "true creates Route 53 A and AAAA alias records for domain_name in zone_id (when zone_id is set); false leaves DNS to you (use the domain_target_* outputs)."
  type        = bool
  default     = true
  nullable    = false
}

variable "dns_latency_routing" {
  description = "true makes the A/AAAA records latency-based, with the region as set_identifier, so instances of this module in several regions serve one domain_name (Route 53 then also evaluates target health); false creates simple records."
  type        = bool
  default     = false
  nullable    = false
}

################################################################################
# Lambda function
################################################################################

variable "function" {
  description = "The alias function: runtime (\"nodejs20.x\", \"nodejs22.x\" or \"nodejs24.x\"), architecture (\"arm64\" or \"x86_64\"), memory_size (128-10240 MB), timeout (1-29 s, below API Gateway's 30 s) and reserved_concurrent_executions (-1 for no reservation, 0 to disable the function, or a positive cap)."
  type = object({
    runtime                        = optional(string, "nodejs22.x")
    architecture                   = optional(string, "arm64")
    memory_size                    = optional(number, 128)
    timeout                        = optional(number, 10)
    reserved_concurrent_executions = optional(number, -1)
  })
  default  = {}
  nullable = false

  validation {
    condition     = contains(["nodejs20.x", "nodejs22.x", "nodejs24.x"], var.function.runtime)
    error_message = "function.runtime must be \"nodejs20.x\", \"nodejs22.x\" or \"nodejs24.x\"."
  }

  validation {
    condition     = contains(["arm64", "x86_64"], var.function.architecture)
    error_message = "function.architecture must be \"arm64\" or \"x86_64\"."
  }

  validation {
    condition     = var.function.memory_size >= 128 && var.function.memory_size <= 10240
    error_message = "function.memory_size must be from 128 to 10240 MB."
  }

  validation {
    condition     = var.function.timeout >= 1 && var.function.timeout <= 29
    error_message = "function.timeout must be from 1 to 29 seconds: API Gateway gives up after 30."
  }

  validation {
    condition     = var.function.reserved_concurrent_executions >= -1
    error_message = "function.reserved_concurrent_executions must be -1 (no reservation), 0 (disabled) or a positive number."
  }
}

variable "registry" {
  description = "The registry the alias sends clients to, as host[:port] without scheme, such as \"123456789012.dkr.ecr.eu-west-1.amazonaws.com\". null (the default) means this account's registry in this region; set it for a registry in another account or region."
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
  description = "true creates the function's and the API's log groups (/aws/lambda/<name>, /aws/apigateway/<name>) with retention; false expects both to exist already."
  type        = bool
  default     = true
  nullable    = false
}

variable "log_retention_in_days" {
  description = "Days CloudWatch keeps the function's and the API's logs: one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653, or 0 to keep them forever."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition     = contains([0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_in_days)
    error_message = "log_retention_in_days must be 0 or one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653."
  }
}

variable "log_kms_key_arn" {
  description = "ARN of a KMS key that encrypts both log groups (its key policy must allow the CloudWatch Logs service in this region); null uses CloudWatch's own encryption."
  type        = string
  default     = null

  validation {
    condition     = var.log_kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$", var.log_kms_key_arn))
    error_message = "log_kms_key_arn must be null or a KMS key ARN: arn:<partition>:kms:<region>:<account>:key/<id>."
  }
}

################################################################################
# IAM
################################################################################

variable "role_permissions_boundary_arn" {
  description = "ARN of an IAM policy to set as the function role's permissions boundary; null sets none."
  type        = string
  default     = null

  validation {
    condition     = var.role_permissions_boundary_arn == null || can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:policy/.+$", var.role_permissions_boundary_arn))
    error_message = "role_permissions_boundary_arn must be null or an IAM policy ARN: arn:<partition>:iam::<account>:policy/<name>."
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
