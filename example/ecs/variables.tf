################################################################################
# Providers
################################################################################

variable "region" {
  description = "AWS region of the service, its load balancer and the ECR registry it serves, such as \"eu-west-1\"."
  type        = string
  default     = "eu-west-1"
}

################################################################################
# Registry alias
################################################################################

variable "name" {
  description = "Name of the alias's cluster, service, load balancer, log group and roles."
  type        = string
  default     = "ecr-ecs-example"
}

variable "domain_name" {
  description = "The registry's own name, such as \"ecr.example.com\"; it must sit in the zone_id hosted zone."
  type        = string
}

variable "zone_id" {
  description = "ID of the Route 53 public hosted zone for domain_name. The example validates the certificate there and, unless internal = true, adds the A/AAAA records."
  type        = string
}

variable "image" {
  description = "The ecr-custom-domain image pushed into your ECR, pinned by digest, such as \"123456789012.dkr.ecr.eu-west-1.amazonaws.com/ecr-custom-domain@sha256:<digest>\" (see README)."
  type        = string
}

variable "ip_address_type" {
  description = "\"ipv4\" (the default, for any VPC) or \"dualstack\" (IPv4 and IPv6: the load balancer's subnets need IPv6 ranges)."
  type        = string
  default     = "ipv4"
}

variable "push_repositories" {
  description = "Repositories the push_policy_json output covers, such as [\"app\"]."
  type        = list(string)
  default     = ["app"]
}

variable "tags" {
  description = "Tags for every taggable resource the example and the module create."
  type        = map(string)
  default = {
    Project = "ecr-custom-domain"
  }
}

################################################################################
# Network
################################################################################

variable "vpc_id" {
  description = "ID of the VPC the tasks and the load balancer run in, such as \"vpc-0123456789abcdef0\"."
  type        = string
}

variable "subnet_ids" {
  description = "The tasks' subnets, one per Availability Zone in at least two zones: private subnets with a NAT gateway, or without one when create_vpc_endpoints = true."
  type        = list(string)
}

variable "load_balancer_subnet_ids" {
  description = "The load balancer's subnets, at least two zones: public subnets when it is internet-facing. null (the default) uses subnet_ids, as an internal load balancer usually does."
  type        = list(string)
  default     = null
}

variable "internal" {
  description = "false (the default): an internet-facing load balancer and records in zone_id. true: an internal load balancer, reachable inside the VPC only, and the name in a private hosted zone of the VPC."
  type        = bool
  default     = false
}

variable "allowed_cidr_blocks" {
  description = "Address ranges that may reach the load balancer, such as [\"10.0.0.0/16\"] for the VPC; null (the default) allows anyone (0.0.0.0/0 and ::/0)."
  type        = list(string)
  default     = null
}

variable "create_vpc_endpoints" {
  description = "true creates the VPC endpoints the tasks need without a NAT gateway (ECR, CloudWatch Logs, and S3 on route_table_ids); default false."
  type        = bool
  default     = false
}

variable "route_table_ids" {
  description = "Route tables that get the S3 gateway endpoint with create_vpc_endpoints = true: the tasks' and your clients' (layer downloads follow ECR's redirect to S3). Empty (the default) when the VPC has one already."
  type        = list(string)
  default     = []
}
