################################################################################
# Providers
################################################################################

variable "region" {
  description = "AWS region to deploy the registry alias in, such as \"eu-west-1\". Its ECR registry holds the public repositories."
  type        = string
  default     = "eu-west-1"
}

################################################################################
# Registry alias
################################################################################

variable "name" {
  description = "Name of the alias's API, function and log groups."
  type        = string
  default     = "ecr-public-example"
}

variable "domain_name" {
  description = "The registry's own name, such as \"ecr.example.com\"; it must sit in the zone_id hosted zone."
  type        = string
}

variable "zone_id" {
  description = "ID of the Route 53 public hosted zone for domain_name. The example creates and validates the certificate there and adds the A/AAAA records."
  type        = string
}

variable "public_repositories" {
  description = "Repositories anyone may pull through the alias: names, or globs such as \"tools/*\" (one path segment) or \"tools/**\" (any depth)."
  type        = list(string)
  default     = ["public/**"]
}

variable "basic_auth_ssm_parameter_name" {
  description = "Name of an SSM SecureString parameter whose value is username:password, such as \"/ecr-public-example/basic-auth\"; pulls then need docker login. null (the default) allows anonymous pulls."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags for every taggable resource the module creates."
  type        = map(string)
  default = {
    Project = "ecr-custom-domain"
  }
}
