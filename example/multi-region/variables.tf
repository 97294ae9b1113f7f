################################################################################
# Providers
################################################################################

variable "primary_region" {
  description = "AWS region whose copy of the alias owns the certificate's DNS validation record, such as \"eu-west-1\"."
  type        = string
  default     = "eu-west-1"
}

variable "secondary_region" {
  description = "AWS region of the second copy of the alias, such as \"us-east-1\". Replicate your repositories there with ECR replication."
  type        = string
  default     = "us-east-1"
}

################################################################################
# Registry alias
################################################################################

variable "name" {
  description = "Name of the alias's API, function and log groups in each region."
  type        = string
  default     = "ecr-multi-region-example"
}

variable "domain_name" {
  description = "The registry's own name, such as \"ecr.example.com\"; it must sit in the zone_id hosted zone."
  type        = string
}

variable "zone_id" {
  description = "ID of the Route 53 public hosted zone for domain_name. The example validates both certificates there and adds latency-routed A/AAAA records for both regions."
  type        = string
}

variable "pull_repositories" {
  description = "Repositories the pull_policy_json output covers, such as [\"app\", \"team/*\"]; in both regions' registries."
  type        = list(string)
  default     = ["*"]
}

variable "tags" {
  description = "Tags for every taggable resource the module creates."
  type        = map(string)
  default = {
    Project = "ecr-custom-domain"
  }
}
