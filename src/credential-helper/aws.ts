/** ECR tokens behind a narrow interface, so tests inject a fake source; the SDK loads only when a token is fetched. */
import { AwsDeadlineError, type AwsCallLimits } from '../core/aws-client.ts';
import { type EcrToken, getAuthorizationToken, TokenError } from '../core/ecr.ts';

export interface TokenSource {
  getToken(registry: string, region: string, profile?: string): Promise<EcrToken>;
}

/**
 * More patient than the Lambda (2 attempts, 2 s/4 s), which must answer a waiting pull within
 * seconds; but docker waits on a `get` with no timeout of its own, so the whole call ends within 8 s.
 */
export const TOKEN_CALL_LIMITS = { maxAttempts: 3, connectionTimeoutMs: 2_000, requestTimeoutMs: 3_500, deadlineMs: 8_000 } as const satisfies AwsCallLimits;

/** The real source; any failure becomes one TokenError line that names the region and profile. */
export function ecrTokenSource(env: NodeJS.ProcessEnv): TokenSource {
  return {
    async getToken(_registry, region, profile) {
      // The SDK warns on Node < 22 through process.emitWarning; it is noise for a credential helper.
      env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
      const via = profile ? ` with profile ${profile}` : '';
      try {
        return await getAuthorizationToken({ region, profile, limits: TOKEN_CALL_LIMITS });
      } catch (error) {
        if (error instanceof TokenError) throw error;
        if (error instanceof AwsDeadlineError) {
          throw new TokenError(
            `GetAuthorizationToken in ${region}${via} got ${error.message}: check that this machine reaches the ECR API (proxy, firewall, VPC endpoint, AWS_ENDPOINT_URL_ECR) and try again`,
          );
        }
        const { name, message } = error as Error;
        throw new TokenError(`GetAuthorizationToken in ${region}${via} failed: ${name}: ${String(message).split('\n')[0]}`);
      }
    },
  };
}
