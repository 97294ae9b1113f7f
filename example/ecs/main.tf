################################################################################
# Providers
################################################################################

provider "aws" {
  region = var.region
}

################################################################################
# Private zone
################################################################################

# internal = true: the name resolves inside the VPC only, from a private zone of its own.
resource "aws_route53_zone" "private" {
  count = var.internal ? 1 : 0

  name = var.domain_name

  vpc {
    vpc_id = var.vpc_id
  }

  tags = var.tags
}

################################################################################
# Registry alias
################################################################################

module "ecr_domain" {
  source = "../../"

  name            = var.name
  front_door      = "ecs"
  domain_name     = var.domain_name
  ip_address_type = var.ip_address_type

  # Internal: the A record goes to the private zone, and the validation record, which ACM looks up in public
  # DNS, to the public zone below.
  zone_id                              = var.internal ? aws_route53_zone.private[0].zone_id : var.zone_id
  create_certificate_validation_record = !var.internal

  ecs = {
    image                        = var.image
    vpc_id                       = var.vpc_id
    subnet_ids                   = var.subnet_ids
    load_balancer_subnet_ids     = var.load_balancer_subnet_ids
    internal                     = var.internal
    allowed_cidr_blocks          = var.allowed_cidr_blocks
    create_vpc_endpoints         = var.create_vpc_endpoints
    vpc_endpoint_route_table_ids = var.route_table_ids
  }

  push_repositories = var.push_repositories

  tags = var.tags
}

################################################################################
# Certificate
################################################################################

# internal = true: the certificate's validation record in the public zone, where ACM can see it.
resource "aws_route53_record" "certificate_validation" {
  count = var.internal ? 1 : 0

  zone_id         = var.zone_id
  name            = one(module.ecr_domain.certificate_domain_validation_options).resource_record_name
  type            = one(module.ecr_domain.certificate_domain_validation_options).resource_record_type
  records         = [one(module.ecr_domain.certificate_domain_validation_options).resource_record_value]
  ttl             = 300
  allow_overwrite = true
}
