/**
 * What `@aws-sdk/client-ecr`, `-ssm` and `-secrets-manager` resolve to inside the executables (scripts/build.mjs).
 * The SDK itself is the readable bundle dist/aws-sdk-client-ecr.cjs, with the packages and versions it holds listed
 * at its top: beside the executable's own bundle (dist/<name>.cjs, which bin/<name> loads), an asset of the same name
 * in a single executable. It loads on first use, so a cached credential `get` and a private-mode serve never parse it.
 */
import { createRequire } from 'node:module';
import { compileFunction } from 'node:vm';
import { singleExecutable } from './single-executable.ts';

type Sdk = typeof import('@aws-sdk/client-ecr') & typeof import('@aws-sdk/client-ssm') & typeof import('@aws-sdk/client-secrets-manager');
export const SDK_FILE = 'aws-sdk-client-ecr.cjs';

function load(): Sdk {
  const sea = singleExecutable();
  if (!sea) return createRequire(__filename)(`./${SDK_FILE}`) as Sdk;
  // A single executable's require() loads built-ins only, which is all the SDK bundle asks for.
  const sdk = { exports: {} as Sdk };
  compileFunction(sea.getAsset(SDK_FILE, 'utf8'), ['exports', 'require', 'module', '__filename', '__dirname'], { filename: SDK_FILE })(
    sdk.exports,
    require,
    sdk,
    SDK_FILE,
    '.',
  );
  return sdk.exports;
}

const sdk = load();
export const {
  ECRClient,
  GetAuthorizationTokenCommand,
  DescribeRepositoriesCommand,
  ListTagsForResourceCommand,
  RepositoryNotFoundException,
  SSMClient,
  GetParameterCommand,
  SecretsManagerClient,
  GetSecretValueCommand,
} = sdk;
