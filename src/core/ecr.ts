/** Amazon ECR's GetAuthorizationToken: the SDK loads on the first fetch only. */
import { type AwsCall, callAws } from './aws-client.ts';

/** A registry token: Basic credentials for every ECR registry the caller may use in one region. */
export interface EcrToken {
  username: string;
  password: string;
  expiresAt: Date;
}

/** ECR answered, but not with a token this project can use. */
export class TokenError extends Error {
  override name = 'TokenError';
}

/** Decodes ECR's `authorizationToken`, base64 of `user:password`. */
function decodeAuthorizationToken(token: string): { username: string; password: string } {
  const decoded = Buffer.from(token, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) throw new TokenError('GetAuthorizationToken returned a token that is not base64 of user:password');
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * GetAuthorizationToken with the SDK's default credential chain and endpoint settings
 * (AWS_ENDPOINT_URL_ECR, AWS_ENDPOINT_URL, profiles). No `registryIds` (deprecated): the token is
 * valid for every registry the caller may use in the region. SDK failures pass through as they are.
 */
export async function getAuthorizationToken(call: AwsCall & { region: string }): Promise<EcrToken> {
  const { ECRClient, GetAuthorizationTokenCommand } = await import('@aws-sdk/client-ecr');
  const output = await callAws(ECRClient, call, (ecr, options) => ecr.send(new GetAuthorizationTokenCommand({}), options));
  const data = output.authorizationData?.[0];
  if (!data?.authorizationToken || !data.expiresAt) throw new TokenError(`GetAuthorizationToken in ${call.region} returned no authorization data`);
  return { ...decodeAuthorizationToken(data.authorizationToken), expiresAt: data.expiresAt };
}
