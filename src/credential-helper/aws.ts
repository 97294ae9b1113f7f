/** ECR tokens behind a narrow interface, so tests inject a fake source; the SDK loads only when a token is fetched. */
import type { AwsCallLimits } from '../core/aws-client.ts';
import { type EcrToken, getAuthorizationToken, TokenError } from '../core/ecr.ts';

export interface TokenSource {
  getToken(registry: string, region: string, profile?: string): Promise<EcrToken>;
}

// More patient than the Lambda (2 attempts, 2 s/4 s), which must answer a waiting pull within seconds.
const LIMITS: AwsCallLimits = { maxAttempts: 3, connectionTimeoutMs: 5_000, requestTimeoutMs: 15_000 };

/** The real source; any failure becomes one TokenError line that names the region and profile. */
export function ecrTokenSource(env: NodeJS.ProcessEnv): TokenSource {
  return {
    async getToken(_registry, region, profile) {
      // The SDK warns on Node < 22 through process.emitWarning; it is noise for a credential helper.
      env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
      try {
        return await getAuthorizationToken({ region, profile, limits: LIMITS });
      } catch (error) {
        if (error instanceof TokenError) throw error;
        const { name, message } = error as Error;
        const via = profile ? ` with profile ${profile}` : '';
        throw new TokenError(`GetAuthorizationToken in ${region}${via} failed: ${name}: ${String(message).split('\n')[0]}`);
      }
    },
  };
}
