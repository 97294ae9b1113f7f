################################################################################
# Providers
################################################################################

variable "region" {
  description = "AWS region of the ECR registry the alias serves, such as \"eu-west-1\". The distribution and its certificate are global and live in us-east-1 whatever this is."
  type        = string
  default     = "eu-west-1"
}

################################################################################
# Registry alias
################################################################################

variable "name" {
  description = "Name of the alias's CloudFront Function."
  type        = string
  default     = "ecr-cloudfront-example"
}

variable "domain_name" {
  description = "The registry's own name, such as \"ecr.example.com\"; it must sit in the zone_id hosted zone."
  type        = string
}

variable "zone_id" {
  description = "ID of the Route 53 public hosted zone for domain_name. The example creates and validates the certificate there and adds the A/AAAA records."
  type        = string
}

variable "pull_repositories" {
  description = "Repositories the pull_policy_json output covers, such as [\"app\", \"team/*\"]."
  type        = list(string)
  default     = ["*"]
}

variable "push_repositories" {
  description = "Repositories the push_policy_json output covers, such as [\"app\"]."
  type        = list(string)
  default     = []
}

variable "tags" {
  description = "Tags for every taggable resource the module creates."
  type        = map(string)
  default = {
    Project = "ecr-custom-domain"
  }
}
