# access = "public": the function pulls the allowed repositories with its own role and serves them read-only,
# to anyone (auth "none"), behind one username and password ("basic") or behind your Lambda authorizer ("custom").

mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  domain_name = "ecr.example.com"
  zone_id     = "Z0123456789ABCDEFGHIJ"
  access      = "public"
}

run "serves_anonymous_pulls_of_the_allowed_repositories" {
  command = plan

  variables {
    public = {
      repositories = ["tools/*", "base/**", "hello-world"]
    }
  }

  assert {
    condition = aws_lambda_function.this[0].environment[0].variables == tomap({
      ECR_REGISTRY        = "123456789012.dkr.ecr.eu-west-1.amazonaws.com"
      ACCESS              = "public"
      PUBLIC_REPOSITORIES = "tools/*,base/**,hello-world"
      PUBLIC_AUTH         = "none"
    })
    error_message = "The function gets the allow-list and the auth mode, and no credentials setting."
  }

  assert {
    condition = [for statement in data.aws_iam_policy_document.function_public[0].statement : { sid = statement.sid, actions = statement.actions, resources = statement.resources }] == [
      { sid = "GetAuthorizationToken", actions = toset(["ecr:GetAuthorizationToken"]), resources = toset(["*"]) },
      {
        sid       = "PullPublicRepositories"
        actions   = toset(["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:DescribeImages", "ecr:DescribeRepositories", "ecr:GetDownloadUrlForLayer", "ecr:ListImages"])
        resources = toset(["arn:aws:ecr:eu-west-1:123456789012:repository/tools/*", "arn:aws:ecr:eu-west-1:123456789012:repository/base/*", "arn:aws:ecr:eu-west-1:123456789012:repository/hello-world"])
      },
      # GET /v2/_catalog is DescribeRepositories, which ECR checks on the whole registry.
      { sid = "ListRepositoriesForCatalog", actions = toset(["ecr:DescribeRepositories"]), resources = toset(["arn:aws:ecr:eu-west-1:123456789012:repository/*"]) },
    ]
    error_message = "The role reads the allowed repositories only (globs as IAM wildcards), lists the registry for _catalog, and gets a token."
  }

  assert {
    condition     = alltrue([for statement in data.aws_iam_policy_document.function_public[0].statement : length(setintersection(statement.actions, ["ecr:PutImage", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:DeleteRepository", "ecr:BatchDeleteImage"])) == 0])
    error_message = "The role can never push or delete."
  }

  assert {
    condition     = length(aws_iam_role_policy.function_public) == 1 && length(aws_iam_role_policy.function_basic_auth) == 0 && length(aws_apigatewayv2_authorizer.this) == 0
    error_message = "Anonymous pulls need no credentials to read and no authorizer."
  }

  assert {
    condition     = aws_apigatewayv2_stage.default[0].default_route_settings[0].throttling_burst_limit == 100 && aws_apigatewayv2_stage.default[0].default_route_settings[0].throttling_rate_limit == 50
    error_message = "A public registry throttles at 100 burst and 50 per second unless told otherwise."
  }

  assert {
    condition     = output.public_repositories == tolist(["tools/*", "base/**", "hello-world"]) && output.public_auth_mode == "none" && output.access_mode == "public" && length(output.public_repository_arns) == 3
    error_message = "The outputs describe the public registry."
  }
}

run "maps_each_glob_to_an_iam_wildcard_at_least_as_broad" {
  command = plan

  variables {
    public = {
      repositories = ["app", "team/*", "team/**", "**", "*/app"]
    }
  }

  assert {
    condition = output.public_repository_arns == tolist([
      "arn:aws:ecr:eu-west-1:123456789012:repository/app",
      "arn:aws:ecr:eu-west-1:123456789012:repository/team/*",
      "arn:aws:ecr:eu-west-1:123456789012:repository/*",
      "arn:aws:ecr:eu-west-1:123456789012:repository/*/app",
    ])
    error_message = "\"*\" and \"**\" segments become IAM's \"*\", duplicates once."
  }
}

run "publishes_repositories_that_carry_an_ecr_tag_with_an_iam_condition_on_that_tag" {
  command = plan

  variables {
    public = {
      repositories   = ["tools/*"]
      repository_tag = { key = "team:visibility", value = "public a=b", ttl_seconds = 600 }
    }
  }

  assert {
    condition     = aws_lambda_function.this[0].environment[0].variables["PUBLIC_REPOSITORY_TAG"] == "team:visibility=public a=b" && aws_lambda_function.this[0].environment[0].variables["PUBLIC_REPOSITORIES"] == "tools/*"
    error_message = "The function gets the tag as KEY=VALUE (split at the first \"=\"), beside the allow-list."
  }

  assert {
    condition     = aws_lambda_function.this[0].environment[0].variables["PUBLIC_REPOSITORY_TAG_TTL"] == "600"
    error_message = "The function gets a TTL other than its default of 60 s."
  }

  assert {
    condition = [for statement in data.aws_iam_policy_document.function_public[0].statement : { sid = statement.sid, actions = statement.actions, resources = statement.resources }] == [
      { sid = "GetAuthorizationToken", actions = toset(["ecr:GetAuthorizationToken"]), resources = toset(["*"]) },
      {
        sid       = "PullPublicRepositories"
        actions   = toset(["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:DescribeImages", "ecr:DescribeRepositories", "ecr:GetDownloadUrlForLayer", "ecr:ListImages"])
        resources = toset(["arn:aws:ecr:eu-west-1:123456789012:repository/tools/*"])
      },
      {
        sid       = "PullTaggedRepositories"
        actions   = toset(["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:DescribeImages", "ecr:DescribeRepositories", "ecr:GetDownloadUrlForLayer", "ecr:ListImages"])
        resources = toset(["arn:aws:ecr:eu-west-1:123456789012:repository/*"])
      },
      { sid = "ListRepositoriesForCatalog", actions = toset(["ecr:DescribeRepositories"]), resources = toset(["arn:aws:ecr:eu-west-1:123456789012:repository/*"]) },
      { sid = "ReadRepositoryTags", actions = toset(["ecr:ListTagsForResource"]), resources = toset(["arn:aws:ecr:eu-west-1:123456789012:repository/*"]) },
    ]
    error_message = "The role pulls the listed repositories, any repository under the tag condition, and reads every repository's tags."
  }

  assert {
    condition     = length(flatten([for statement in data.aws_iam_policy_document.function_public[0].statement : statement.condition])) == 1 && one(data.aws_iam_policy_document.function_public[0].statement[2].condition).test == "StringEquals" && one(data.aws_iam_policy_document.function_public[0].statement[2].condition).variable == "ecr:ResourceTag/team:visibility" && toset(one(data.aws_iam_policy_document.function_public[0].statement[2].condition).values) == toset(["public a=b"])
    error_message = "Only the tagged pull carries a condition: the tag's key and exact value, as the alias compares them."
  }

  assert {
    condition     = alltrue([for statement in data.aws_iam_policy_document.function_public[0].statement : length(setintersection(statement.actions, ["ecr:PutImage", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:DeleteRepository", "ecr:BatchDeleteImage", "ecr:TagResource", "ecr:UntagResource"])) == 0])
    error_message = "The role can never push, delete or change a tag (which would publish a repository)."
  }
}

run "publishes_by_tag_alone" {
  command = plan

  variables {
    public = {
      repository_tag = { key = "public", value = "true" }
    }
  }

  assert {
    condition = aws_lambda_function.this[0].environment[0].variables == tomap({
      ECR_REGISTRY          = "123456789012.dkr.ecr.eu-west-1.amazonaws.com"
      ACCESS                = "public"
      PUBLIC_REPOSITORY_TAG = "public=true"
      PUBLIC_AUTH           = "none"
    })
    error_message = "Without listed repositories the function gets the tag and no allow-list; at the default TTL, no PUBLIC_REPOSITORY_TAG_TTL."
  }

  assert {
    condition     = [for statement in data.aws_iam_policy_document.function_public[0].statement : statement.sid] == ["GetAuthorizationToken", "PullTaggedRepositories", "ListRepositoriesForCatalog", "ReadRepositoryTags"]
    error_message = "No statement for listed repositories (IAM refuses one without a resource); pulls go by the tag alone."
  }

  assert {
    condition     = length(output.public_repository_arns) == 0 && length(output.public_repositories) == 0
    error_message = "No repository is published by name."
  }
}

run "publishes_nothing_by_tag_unless_asked" {
  command = plan

  variables {
    public = { repositories = ["app"] }
  }

  assert {
    condition     = !contains(keys(aws_lambda_function.this[0].environment[0].variables), "PUBLIC_REPOSITORY_TAG") && !contains([for statement in data.aws_iam_policy_document.function_public[0].statement : statement.sid], "PullTaggedRepositories") && !contains([for statement in data.aws_iam_policy_document.function_public[0].statement : statement.sid], "ReadRepositoryTags")
    error_message = "Without public.repository_tag: no tag setting, no tagged pulls, no tag reads."
  }
}

run "checks_basic_credentials_from_one_ssm_parameter" {
  command = plan

  variables {
    public = {
      repositories                  = ["tools/*"]
      auth                          = "basic"
      basic_auth_ssm_parameter_name = "/ecr-public/basic-auth"
    }
  }

  assert {
    condition     = aws_lambda_function.this[0].environment[0].variables["BASIC_AUTH_SSM_PARAMETER"] == "/ecr-public/basic-auth" && !contains(keys(aws_lambda_function.this[0].environment[0].variables), "BASIC_AUTH_SECRET_ID")
    error_message = "The function reads the parameter it is given, and no secret."
  }

  assert {
    condition = [for statement in data.aws_iam_policy_document.function_basic_auth[0].statement : { sid = statement.sid, actions = statement.actions, resources = statement.resources }] == [
      { sid = "ReadBasicAuthCredentials", actions = toset(["ssm:GetParameter"]), resources = toset(["arn:aws:ssm:eu-west-1:123456789012:parameter/ecr-public/basic-auth"]) },
    ]
    error_message = "The role reads that one parameter, and decrypts nothing itself with the AWS managed key."
  }

  assert {
    condition     = output.public_auth_mode == "basic" && length(aws_apigatewayv2_authorizer.this) == 0
    error_message = "Basic auth is the function's, not an authorizer's."
  }
}

run "checks_basic_credentials_from_one_secret_encrypted_with_a_customer_key" {
  command = plan

  variables {
    public = {
      repositories           = ["tools/*"]
      auth                   = "basic"
      basic_auth_secret_arn  = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ecr-public-AbCdEf"
      basic_auth_kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/0a1b2c3d-1111-2222-3333-444455556666"
    }
  }

  assert {
    condition     = aws_lambda_function.this[0].environment[0].variables["BASIC_AUTH_SECRET_ID"] == "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ecr-public-AbCdEf" && !contains(keys(aws_lambda_function.this[0].environment[0].variables), "BASIC_AUTH_SSM_PARAMETER")
    error_message = "The function reads the secret it is given, and no parameter."
  }

  assert {
    condition = [for statement in data.aws_iam_policy_document.function_basic_auth[0].statement : { sid = statement.sid, actions = statement.actions, resources = statement.resources }] == [
      { sid = "ReadBasicAuthCredentials", actions = toset(["secretsmanager:GetSecretValue"]), resources = toset(["arn:aws:secretsmanager:eu-west-1:123456789012:secret:ecr-public-AbCdEf"]) },
      { sid = "DecryptBasicAuthCredentials", actions = toset(["kms:Decrypt"]), resources = toset(["arn:aws:kms:eu-west-1:123456789012:key/0a1b2c3d-1111-2222-3333-444455556666"]) },
    ]
    error_message = "The role reads that one secret and may decrypt with that one key."
  }

  assert {
    condition     = length(data.aws_iam_policy_document.function_basic_auth[0].statement[0].condition) == 0 && one(data.aws_iam_policy_document.function_basic_auth[0].statement[1].condition).test == "StringEquals" && one(data.aws_iam_policy_document.function_basic_auth[0].statement[1].condition).variable == "kms:ViaService" && toset(one(data.aws_iam_policy_document.function_basic_auth[0].statement[1].condition).values) == toset(["secretsmanager.eu-west-1.amazonaws.com"])
    error_message = "The key decrypts only through Secrets Manager in this region."
  }
}

run "puts_a_custom_authorizer_in_front_of_every_route_but_the_ping" {
  command = plan

  variables {
    public = {
      repositories                     = ["tools/*"]
      auth                             = "custom"
      authorizer_function_arn          = "arn:aws:lambda:eu-west-1:123456789012:function:authz:live"
      authorizer_result_ttl_in_seconds = 60
    }
  }

  assert {
    condition     = aws_apigatewayv2_route.default[0].authorization_type == "CUSTOM" && aws_apigatewayv2_authorizer.this[0].authorizer_type == "REQUEST"
    error_message = "$default sits behind the authorizer."
  }

  assert {
    condition     = toset(keys(aws_apigatewayv2_route.ping)) == toset(["GET /v2", "HEAD /v2"]) && alltrue([for route in aws_apigatewayv2_route.ping : route.authorization_type == "NONE"])
    error_message = "The /v2 ping stays with the function, which sends the Basic challenge an authorizer's 401 lacks."
  }

  assert {
    condition     = aws_apigatewayv2_authorizer.this[0].identity_sources == toset(["$request.header.Authorization"]) && aws_apigatewayv2_authorizer.this[0].authorizer_payload_format_version == "2.0" && aws_apigatewayv2_authorizer.this[0].enable_simple_responses && aws_apigatewayv2_authorizer.this[0].authorizer_result_ttl_in_seconds == 60
    error_message = "A payload 2.0 REQUEST authorizer with simple responses, cached per Authorization header."
  }

  assert {
    condition     = aws_apigatewayv2_authorizer.this[0].authorizer_uri == "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:authz:live/invocations"
    error_message = "The authorizer calls the function (and qualifier) it is given."
  }

  assert {
    condition     = aws_lambda_permission.authorizer[0].function_name == "arn:aws:lambda:eu-west-1:123456789012:function:authz" && aws_lambda_permission.authorizer[0].qualifier == "live" && aws_lambda_permission.authorizer[0].principal == "apigateway.amazonaws.com"
    error_message = "API Gateway may invoke that qualifier of the authorizer function."
  }

  assert {
    condition     = output.public_auth_mode == "custom" && length(aws_iam_role_policy.function_basic_auth) == 0
    error_message = "No basic-auth credentials with a custom authorizer."
  }
}
