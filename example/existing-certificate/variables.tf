################################################################################
# Providers
################################################################################

variable "region" {
  description = "AWS region to deploy the registry alias and its certificate in, such as \"eu-west-1\". Its ECR registry is the one the alias serves."
  type        = string
  default     = "eu-west-1"
}

################################################################################
# Zone
################################################################################

variable "parent_zone_id" {
  description = "ID of the Route 53 public hosted zone of domain_name's parent (the zone of example.com for registry.example.com), where the example delegates domain_name to a zone of its own."
  type        = string
}

################################################################################
# Registry alias
################################################################################

variable "name" {
  description = "Name of the alias's API, function and log groups."
  type        = string
  default     = "ecr-existing-certificate-example"
}

variable "domain_name" {
  description = "The registry's own name, such as \"registry.example.com\": the example creates a hosted zone for it, a certificate and the A/AAAA records at the zone's apex."
  type        = string
}

variable "pull_repositories" {
  description = "Repositories the pull_policy_json output covers, such as [\"app\", \"team/*\"]."
  type        = list(string)
  default     = ["*"]
}

variable "tags" {
  description = "Tags for every taggable resource the example and the module create."
  type        = map(string)
  default = {
    Project = "ecr-custom-domain"
  }
}
