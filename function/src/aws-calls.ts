/**
 * The function's AWS API calls, all of them for public access: the registry token, the Basic password and
 * the repository tag scan. A chunk of its own, loaded on first use, so a private-mode cold start parses none of it.
 */
import { callAws } from '../../src/core/aws-client.ts';
import { type EcrToken, getAuthorizationToken, scanRepositoryTags, type TagScan, type TagScanRequest } from '../../src/core/ecr.ts';

// Two attempts, each bounded, within the 5 s deadline every caller gives a call.
const LIMITS = { maxAttempts: 2, connectionTimeoutMs: 2_000, requestTimeoutMs: 4_000 };

export function registryToken(region: string, signal: AbortSignal): Promise<EcrToken> {
  return getAuthorizationToken({ region, limits: LIMITS, signal });
}

/** The decrypted value of an SSM parameter ('' when it has none). */
export async function ssmParameter(name: string, signal: AbortSignal): Promise<string> {
  const { SSMClient, GetParameterCommand } = await import('@aws-sdk/client-ssm');
  const output = await callAws(SSMClient, { limits: LIMITS, signal }, (ssm, options) => ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }), options));
  return output.Parameter?.Value ?? '';
}

/** The string value of a Secrets Manager secret ('' when it has none). */
export async function secretString(id: string, signal: AbortSignal): Promise<string> {
  const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  const output = await callAws(SecretsManagerClient, { limits: LIMITS, signal }, (secrets, options) => secrets.send(new GetSecretValueCommand({ SecretId: id }), options));
  return output.SecretString ?? '';
}

// A scan is many calls, each retried on throttling; the caller's signal bounds the whole scan.
const SCAN_LIMITS = { maxAttempts: 3, connectionTimeoutMs: 2_000, requestTimeoutMs: 4_000, deadlineMs: 300_000 };

/** Which repositories carry a tag (see scanRepositoryTags), until `signal` aborts. */
export function repositoryTagScan(region: string, request: TagScanRequest, signal: AbortSignal): Promise<TagScan> {
  return scanRepositoryTags({ region, limits: SCAN_LIMITS, signal }, request);
}
