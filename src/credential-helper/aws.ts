/** ECR GetAuthorizationToken behind a narrow interface; the SDK loads only when a token is fetched. */

export interface Token {
  username: string;
  password: string;
  expiresAt: Date;
}

export interface TokenSource {
  getToken(registry: string, region: string, profile?: string): Promise<Token>;
}

export class TokenError extends Error {
  override name = 'TokenError';
}

/** Decodes ECR's `authorizationToken`, base64 of `user:password`. */
export function decodeAuthorizationToken(token: string): { username: string; password: string } {
  const decoded = Buffer.from(token, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) throw new TokenError('GetAuthorizationToken returned a token that is not base64 of user:password');
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * The real source: the SDK's default credential chain and endpoint settings (AWS_ENDPOINT_URL_ECR,
 * AWS_ENDPOINT_URL, profiles). `registryIds` is deprecated: a token is valid for every registry
 * the caller may use in that region.
 */
export function ecrTokenSource(env: NodeJS.ProcessEnv): TokenSource {
  return {
    async getToken(_registry, region, profile) {
      // The SDK warns on Node < 22 through process.emitWarning; it is noise for a credential helper.
      env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
      const { ECRClient, GetAuthorizationTokenCommand } = await import('@aws-sdk/client-ecr');
      const client = new ECRClient({
        region,
        maxAttempts: 3,
        requestHandler: { connectionTimeout: 5_000, requestTimeout: 15_000 },
        ...(profile ? { profile } : {}),
      });
      try {
        const output = await client.send(new GetAuthorizationTokenCommand({}));
        const data = output.authorizationData?.[0];
        if (!data?.authorizationToken || !data.expiresAt) throw new TokenError(`GetAuthorizationToken in ${region} returned no authorization data`);
        return { ...decodeAuthorizationToken(data.authorizationToken), expiresAt: data.expiresAt };
      } catch (error) {
        if (error instanceof TokenError) throw error;
        const { name, message } = error as Error;
        const via = profile ? ` with profile ${profile}` : '';
        throw new TokenError(`GetAuthorizationToken in ${region}${via} failed: ${name}: ${String(message).split('\n')[0]}`);
      } finally {
        client.destroy();
      }
    },
  };
}
