terraform {
  required_version = ">= 1.5"

  required_providers {
    # 5.100 is the oldest release the module is tested with (terraform validate and terraform test); the
    # newest 6.x is checked against its schema. function.runtime = "nodejs24.x" needs >= 6.21.
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.100, < 7.0"
    }
  }
}
