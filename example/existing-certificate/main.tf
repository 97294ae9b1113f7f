################################################################################
# Providers
################################################################################

provider "aws" {
  region = var.region
}

################################################################################
# Zone
################################################################################

# A zone of its own for the registry's name, delegated from its parent.
resource "aws_route53_zone" "this" {
  name = var.domain_name

  tags = var.tags
}

resource "aws_route53_record" "delegation" {
  zone_id = var.parent_zone_id
  name    = var.domain_name
  type    = "NS"
  ttl     = 300
  records = aws_route53_zone.this.name_servers
}

################################################################################
# Certificate
################################################################################

# Your own certificate, made in the same apply: the module gets its ARN and the zone's ID before either exists.
resource "aws_acm_certificate" "this" {
  domain_name       = var.domain_name
  validation_method = "DNS"

  tags = var.tags

  lifecycle {
    create_before_destroy = true
  }
}

# One name, one record.
resource "aws_route53_record" "certificate_validation" {
  zone_id = aws_route53_zone.this.zone_id
  name    = one(aws_acm_certificate.this.domain_validation_options).resource_record_name
  type    = one(aws_acm_certificate.this.domain_validation_options).resource_record_type
  records = [one(aws_acm_certificate.this.domain_validation_options).resource_record_value]
  ttl     = 300
}

resource "aws_acm_certificate_validation" "this" {
  certificate_arn         = aws_acm_certificate.this.arn
  validation_record_fqdns = [aws_route53_record.certificate_validation.fqdn]

  # ACM can only see the validation record once the parent zone delegates to this one.
  depends_on = [aws_route53_record.delegation]
}

################################################################################
# Registry alias
################################################################################

module "ecr_domain" {
  source = "../../"

  name        = var.name
  domain_name = var.domain_name

  # Both unknown until the apply creates them: the module switches on these toggles, not on the values.
  create_certificate = false
  certificate_arn    = aws_acm_certificate_validation.this.certificate_arn
  zone_id            = aws_route53_zone.this.zone_id

  pull_repositories = var.pull_repositories

  tags = var.tags
}
